import { useEffect } from 'react';

/** Delivery moves on its own: reloads every few seconds while the screen is open. */
export function useRefresh(reload: () => void, everyMs = 5000): void {
  useEffect(() => {
    const timer = setInterval(reload, everyMs);
    return () => clearInterval(timer);
  }, [reload, everyMs]);
}
