import { useState, type FormEvent } from "react";
import { apiSend, ApiError } from "../api/client";

/** The token form shown when the API answers 401; a good token sets the session cookie. */
export function SignIn({ onDone }: { onDone: () => void }) {
  const [token, setToken] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await apiSend("POST", "auth/session", { token });
      setToken("");
      onDone();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="modal-layer">
      <form className="modal signin" onSubmit={submit} data-testid="sign-in">
        <h2>Sign in</h2>
        <p>This appliance asks for an access token.</p>
        <label className="field">
          <span>Token</span>
          <input
            className="input"
            type="password"
            autoComplete="current-password"
            value={token}
            onChange={(e) => setToken(e.target.value)}
            autoFocus
            required
          />
        </label>
        {error ? (
          <div className="banner banner-error" role="alert">
            {error}
          </div>
        ) : null}
        <button className="btn btn-primary" type="submit" disabled={busy || !token}>
          {busy ? "Signing in…" : "Sign in"}
        </button>
      </form>
    </div>
  );
}
