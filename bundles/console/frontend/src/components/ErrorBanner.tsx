import type { ApiError } from "../api/client";

/** The message of a failed request, visible where its data would be. Nothing when there is no error. */
export function ErrorBanner({ error, what }: { error: ApiError | Error | undefined | null; what?: string }) {
  if (!error) return null;
  const status = "status" in error && error.status ? ` (HTTP ${error.status})` : "";
  return (
    <div className="banner banner-error" role="alert" data-testid="error-banner">
      <strong>{what ? `Could not load ${what}` : "Request failed"}{status}:</strong> <span>{error.message}</span>
    </div>
  );
}
