// The console's only way to the server: GET/POST JSON under /api, unwrapping {code, message, data}.

export type Params = Record<string, string | number | boolean | string[] | null | undefined>;

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: number | null,
    message: string,
    readonly path: string,
  ) {
    super(message);
  }
  get notFound(): boolean {
    return this.status === 404;
  }
}

const authListeners = new Set<() => void>();

/** Called when any request answers 401: the shell then shows the sign-in form. */
export function onAuthRequired(listener: () => void): () => void {
  authListeners.add(listener);
  return () => authListeners.delete(listener);
}

/** The query string of params: arrays become CSV, empty values are left out. */
export function queryString(params: Params = {}): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === "") continue;
    if (Array.isArray(v)) {
      if (v.length > 0) q.set(k, v.join(","));
    } else {
      q.set(k, String(v));
    }
  }
  const s = q.toString();
  return s ? "?" + s : "";
}

export function apiUrl(path: string, params?: Params): string {
  return (path.startsWith("/") ? path : "/api/" + path) + queryString(params);
}

async function unwrap<T>(path: string, resp: Response): Promise<T> {
  let body: unknown = null;
  const text = await resp.text();
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      body = null;
    }
  }
  const env = body as { code?: number; message?: string; data?: T } | null;
  if (resp.status === 401) {
    authListeners.forEach((l) => l());
  }
  if (!resp.ok || (env && typeof env.code === "number" && env.code !== 0)) {
    const message = env?.message || `${resp.status} ${resp.statusText || "request failed"}`;
    throw new ApiError(resp.status, env?.code ?? null, message, path);
  }
  if (env && typeof env === "object" && "data" in env) return env.data as T;
  return body as T;
}

export async function apiGet<T>(path: string, params?: Params, signal?: AbortSignal): Promise<T> {
  const url = apiUrl(path, params);
  let resp: Response;
  try {
    resp = await fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin", signal });
  } catch (e) {
    if ((e as Error).name === "AbortError") throw e;
    throw new ApiError(0, null, "the appliance did not answer (" + (e as Error).message + ")", url);
  }
  return unwrap<T>(url, resp);
}

export async function apiSend<T>(method: "POST" | "PUT" | "DELETE", path: string, body?: unknown): Promise<T> {
  const url = apiUrl(path);
  let resp: Response;
  try {
    resp = await fetch(url, {
      method,
      credentials: "same-origin",
      headers: { Accept: "application/json", ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    throw new ApiError(0, null, "the appliance did not answer (" + (e as Error).message + ")", url);
  }
  return unwrap<T>(url, resp);
}
