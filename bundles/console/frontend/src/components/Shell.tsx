import { Suspense, useEffect, useState, type ReactNode } from "react";
import { NavLink, Outlet, useLocation, useSearchParams } from "react-router";
import { onAuthRequired } from "../api/client";
import { GranularityContext, useApi, useViewGranularity } from "../api/hooks";
import { useLiveRefresh } from "../state/live";
import { REFRESH_MS, RefreshContext, useView, viewSearch } from "../state/view";
import { SignIn } from "./SignIn";
import { Toolbar } from "./Toolbar";

interface NavItem {
  to: string;
  label: string;
  icon: string; // an SVG path, drawn as JSX
}

const NAV: { group: string; items: NavItem[] }[] = [
  {
    group: "Observe",
    items: [
      { to: "/", label: "Overview", icon: "M3 3h7v7H3zM14 3h7v4h-7zM14 10h7v11h-7zM3 13h7v8H3z" },
      { to: "/performance", label: "Performance", icon: "M12 13l4-4M4 18a9 9 0 1 1 16 0" },
      { to: "/usage", label: "Usage", icon: "M4 20V10M10 20V4M16 20v-7M22 20H2" },
      { to: "/errors", label: "Errors", icon: "M12 3l10 18H2zM12 10v5M12 18v.5" },
    ],
  },
  {
    group: "Explore",
    items: [
      { to: "/services", label: "Services", icon: "M3 4h18v6H3zM3 14h18v6H3zM7 7h.01M7 17h.01" },
      { to: "/agent-sessions", label: "Agent Sessions", icon: "M4 5h16v11H8l-4 4z" },
      { to: "/agent-turns", label: "Agent Turns", icon: "M4 6h10M4 12h16M4 18h7M18 4l3 2-3 2" },
      { to: "/llm-calls", label: "LLM Calls", icon: "M12 2l2.5 7H22l-6 4.5 2.5 7L12 16l-6.5 4.5 2.5-7L2 9h7.5z" },
      { to: "/http-exchanges", label: "Raw HTTP", icon: "M8 6l-6 6 6 6M16 6l6 6-6 6" },
    ],
  },
  {
    group: "Operate",
    items: [
      { to: "/pipeline-health", label: "Pipeline Health", icon: "M2 12h4l3-8 4 16 3-8h6" },
      { to: "/settings", label: "Settings", icon: "M12 8a4 4 0 1 0 0 8 4 4 0 0 0 0-8zM12 2v3M12 19v3M2 12h3M19 12h3" },
    ],
  },
];

function Icon({ d }: { d: string }) {
  return (
    <svg viewBox="0 0 24 24" width="18" height="18" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
      <path d={d} />
    </svg>
  );
}

function Sidebar({ open, onNavigate }: { open: boolean; onNavigate: () => void }) {
  const [q] = useSearchParams();
  const search = viewSearch(q);
  const { data: health } = useApi<{ version?: string }>("health");
  return (
    <nav className={"sidebar" + (open ? " open" : "")} aria-label="Console" data-testid="sidebar">
      <div className="brand">
        <svg viewBox="0 0 24 24" width="22" height="22" aria-hidden="true" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round">
          <path d="M4 20c6-2 9-6 10-12l6-4-3 6c-1 6-6 10-13 10z" />
        </svg>
        <span>Egret</span>
        {health?.version ? <span className="version">{health.version}</span> : null}
      </div>
      {NAV.map((g) => (
        <div className="nav-group" key={g.group}>
          <div className="nav-title">{g.group}</div>
          {g.items.map((i) => (
            <NavLink
              key={i.to}
              to={{ pathname: i.to, search }}
              end={i.to === "/"}
              className={({ isActive }) => "nav-link" + (isActive ? " active" : "")}
              onClick={onNavigate}
            >
              <Icon d={i.icon} />
              <span>{i.label}</span>
            </NavLink>
          ))}
        </div>
      ))}
    </nav>
  );
}

function GranularityProvider({ children }: { children: ReactNode }) {
  return <GranularityContext.Provider value={useViewGranularity()}>{children}</GranularityContext.Provider>;
}

/** The frame of every page: sidebar, toolbar, the refresh counter, the sign-in form when the API asks for one. */
export function Shell() {
  const { view } = useView();
  const refresh = useLiveRefresh(REFRESH_MS[view.refresh]);
  const [menuOpen, setMenuOpen] = useState(false);
  const [needAuth, setNeedAuth] = useState(false);
  const location = useLocation();
  useEffect(() => onAuthRequired(() => setNeedAuth(true)), []);
  useEffect(() => setMenuOpen(false), [location.pathname]);
  return (
    <RefreshContext.Provider value={refresh}>
      <div className="shell">
        <Sidebar open={menuOpen} onNavigate={() => setMenuOpen(false)} />
        {menuOpen ? <div className="sidebar-backdrop" onClick={() => setMenuOpen(false)} /> : null}
        <div className="main">
          <Toolbar onMenu={() => setMenuOpen(!menuOpen)} />
          <main className="content">
            <GranularityProvider>
              <Suspense fallback={<div className="loading">Loading…</div>}>
                <Outlet />
              </Suspense>
            </GranularityProvider>
          </main>
        </div>
      </div>
      {needAuth ? (
        <SignIn
          onDone={() => {
            setNeedAuth(false);
            refresh.bump();
            refresh.reconnect();
          }}
        />
      ) : null}
    </RefreshContext.Provider>
  );
}
