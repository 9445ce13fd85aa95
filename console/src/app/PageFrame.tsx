import { useEffect, useRef, type ReactNode } from 'react';
import { NavLink, useLocation } from 'react-router';

export interface NavItem {
  to: string;
  label: string;
}

/**
 * The frame around every screen of a page (console, portal, account): skip link, navigation, the
 * signed-in user and a sign-out button, then the screen.
 */
export function PageFrame({
  brand,
  nav,
  user,
  onSignOut,
  children,
}: {
  brand: ReactNode;
  nav: NavItem[];
  user?: { email?: string; name?: string; sub: string };
  onSignOut(): void;
  children: ReactNode;
}) {
  const location = useLocation();
  const main = useRef<HTMLElement>(null);
  // After a client-side navigation, focus moves to the new screen, as a page load would.
  const first = useRef(true);
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on each navigation, which the path names.
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    main.current?.focus();
  }, [location.pathname]);
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <span className="brand">{brand}</span>
        {nav.length ? (
          <nav aria-label="Main" className="main-nav">
            <ul>
              {nav.map((n) => (
                <li key={n.to}>
                  <NavLink to={n.to}>{n.label}</NavLink>
                </li>
              ))}
            </ul>
          </nav>
        ) : null}
        <div className="account">
          <span className="who">{user?.email ?? user?.name ?? user?.sub}</span>
          <button type="button" className="secondary small" onClick={onSignOut}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" ref={main} tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}
