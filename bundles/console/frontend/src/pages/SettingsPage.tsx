import { useState } from "react";
import { ApiError, apiSend } from "../api/client";
import { useApi } from "../api/hooks";
import { JsonView } from "../components/JsonView";
import { ErrorBanner } from "../components/ErrorBanner";
import { Page } from "../components/Page";
import { Panel, PanelGrid } from "../components/Panel";
import { PriceEditor, type ModelPrice } from "../components/operate/PriceEditor";
import { fmtTime } from "../format";
import { THEME_LABELS, THEMES } from "../state/palette";
import { setTheme, useTheme } from "../state/theme";
import { Loaded } from "./observe";

interface Settings {
  storage: { type: string | null; location?: string | null; bound?: boolean } | null;
  retention: { enabled: boolean; calls_days: number; bodies_days: number; metrics_days?: number } | null;
  prices?: ModelPrice[];
}

interface RuntimeConfig {
  version: string;
  loaded_at_ms?: number;
  config_path: string | null;
  config: Record<string, unknown>;
}

interface Session {
  authenticated: boolean;
  required: boolean;
}

function days(n: number | undefined): string {
  if (n === undefined || n === null) return "–";
  if (n <= 0) return "kept forever";
  return n === 1 ? "1 day" : `${n} days`;
}

function StoragePanel({ s }: { s: Settings }) {
  return (
    <dl className="op-kv" data-testid="storage-settings">
      <dt>Backend</dt>
      <dd data-testid="storage-type">{s.storage?.type ?? "none bound"}</dd>
      {s.storage?.location ? (
        <>
          <dt>Location</dt>
          <dd className="mono">{s.storage.location}</dd>
        </>
      ) : null}
      <dt>Retention</dt>
      <dd data-testid="retention-enabled">{s.retention ? (s.retention.enabled ? "enabled" : "off (nothing is deleted)") : "–"}</dd>
      {s.retention ? (
        <>
          <dt>Calls and turns</dt>
          <dd>{days(s.retention.calls_days)}</dd>
          <dt>Bodies</dt>
          <dd>{days(s.retention.bodies_days)}</dd>
          {s.retention.metrics_days !== undefined ? (
            <>
              <dt>Metric windows</dt>
              <dd>{days(s.retention.metrics_days)}</dd>
            </>
          ) : null}
        </>
      ) : null}
    </dl>
  );
}

function ThemeChoice() {
  const theme = useTheme();
  return (
    <div className="op-theme-choice" role="radiogroup" aria-label="Theme">
      {THEMES.map((t) => (
        <label key={t} className={t === theme ? "op-theme-active" : undefined}>
          <input type="radio" name="theme" value={t} checked={t === theme} onChange={() => setTheme(t)} data-testid={"theme-choice-" + t} />
          {THEME_LABELS[t]}
        </label>
      ))}
    </div>
  );
}

function AccessPanel({ session }: { session: Session }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const signOut = async () => {
    setBusy(true);
    setError(null);
    try {
      await apiSend("DELETE", "auth/session", {});
      window.location.reload();
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
      setBusy(false);
    }
  };
  return (
    <>
      <dl className="op-kv">
        <dt>Access token</dt>
        <dd data-testid="auth-required">{session.required ? "required" : "not required (loopback, no token set)"}</dd>
        <dt>This browser</dt>
        <dd data-testid="auth-state">{session.authenticated ? "signed in" : "not signed in"}</dd>
      </dl>
      {session.authenticated && session.required ? (
        <div className="op-toolrow" style={{ marginTop: 12 }}>
          <button type="button" className="btn" onClick={signOut} disabled={busy} data-testid="sign-out">
            Sign out
          </button>
        </div>
      ) : null}
      {error ? <ErrorBanner error={new Error(error)} what="sign-out" /> : null}
    </>
  );
}

export default function SettingsPage() {
  const settings = useApi<Settings>("settings");
  const prices = useApi<{ prices: ModelPrice[] }>("settings/prices", undefined, { refresh: false });
  const runtime = useApi<RuntimeConfig>("runtime-config", undefined, { refresh: false });
  const session = useApi<Session>("auth/session", undefined, { refresh: false });
  const loaded = settings.settled && prices.settled && runtime.settled && session.settled;
  return (
    <Page name="settings" title="Settings" subtitle="Storage, prices, the running configuration and this browser's preferences" loaded={loaded}>
      <PanelGrid>
        <Panel title="Storage and retention">
          <Loaded state={settings} what="settings">
            {(s) => <StoragePanel s={s} />}
          </Loaded>
        </Panel>
        <Panel title="Appearance and access">
          <h3 className="op-note">Theme (kept in this browser)</h3>
          <ThemeChoice />
          <h3 className="op-note" style={{ marginTop: 16 }}>
            Access
          </h3>
          {session.notFound ? (
            <p className="op-note">This appliance does not serve /api/auth/session.</p>
          ) : session.data ? (
            <AccessPanel session={session.data} />
          ) : (
            <ErrorBanner error={session.error} what="the session" />
          )}
        </Panel>
        <Panel wide title="Price table" subtitle="what calls cost: US dollars per million tokens, by model">
          <Loaded state={prices} what="price table">
            {(d) => <PriceEditor initial={d.prices} />}
          </Loaded>
        </Panel>
        <Panel
          wide
          title="Runtime configuration"
          subtitle={
            runtime.data
              ? `version ${runtime.data.version}${runtime.data.config_path ? " · " + runtime.data.config_path : " · no config file"}${
                  runtime.data.loaded_at_ms ? " · since " + fmtTime(runtime.data.loaded_at_ms) : ""
                } · secrets redacted · read only`
              : "read only, secrets redacted"
          }
        >
          <Loaded state={runtime} what="runtime configuration">
            {(d) => (
              <div data-testid="runtime-config">
                <JsonView value={d.config} openDepth={2} />
              </div>
            )}
          </Loaded>
        </Panel>
      </PanelGrid>
    </Page>
  );
}
