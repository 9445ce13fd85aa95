import { useState } from 'react';

/** The state behind CheckpointPager: the checkpoint of the page shown, and those before it. */
export function useCheckpoints() {
  const [trail, setTrail] = useState<string[]>([]);
  const [from, setFrom] = useState<string | undefined>();
  return {
    from, trail,
    first: () => { setTrail([]); setFrom(undefined); },
    previous: () => { setFrom(trail.length > 1 ? trail[trail.length - 2] : undefined); setTrail(trail.slice(0, -1)); },
    next: (checkpoint: string) => { setTrail([...trail, checkpoint]); setFrom(checkpoint); },
  };
}
