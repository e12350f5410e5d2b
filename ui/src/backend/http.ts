// The web console's implementation of `Backend`: one request to `keystead serve`'s /api/v1 per method,
// with the API token as a bearer token. The routes are those of src/http/routes/*.rs (see
// /api/v1/openapi.json). The token is read at each call and never logged or put in a URL.
import type { ApiTokenDto } from "../bindings/ApiTokenDto";
import type { SecretView } from "../bindings/SecretView";
import type { UnlockState } from "../bindings/UnlockState";
import type { WireError } from "../bindings/WireError";
import { BackendError, type Backend } from "./backend";
import { secretReference } from "../features/credentials/secretReference";
import { createBrowserClipboard, type BrowserClipboard } from "./browserClipboard";

export interface HttpBackendOptions {
  /** The server's origin, e.g. `window.location.origin` (the console is served by the API's server). */
  baseUrl: string;
  /** The API token to send, read at each call; `null` sends none (the server answers 401). */
  token: () => string | null;
  /** Told when the server refuses the token (revoked, expired, disabled owner). */
  onUnauthenticated?: (error: BackendError) => void;
  fetch?: typeof fetch;
  clipboard?: BrowserClipboard;
  /** Hands a file to the browser's downloads (a seam so tests see what would be saved). */
  download?: (fileName: string, text: string) => void;
}

type Method = "GET" | "POST" | "PUT" | "DELETE";
type QueryValue = string | number | boolean | null | undefined;

interface RequestOptions {
  body?: unknown;
  query?: Record<string, QueryValue>;
  /** The KV version a write or delete expects (`If-Match`). */
  ifMatch?: number | null;
  /** The answer is plain text (an export), not JSON. */
  text?: boolean;
}

/** `route\`/${tenant}/secrets\`` → `/main/secrets` (under /api/v1), every interpolated segment percent-encoded. */
function route(strings: TemplateStringsArray, ...segments: (string | number)[]): string {
  return strings.reduce((path, text, index) => {
    const segment = segments[index];
    return path + text + (segment === undefined ? "" : encodeURIComponent(String(segment)));
  }, "");
}

function isWireError(value: unknown): value is WireError {
  if (typeof value !== "object" || value === null) return false;
  const fields = value as Record<string, unknown>;
  return typeof fields.code === "string" && typeof fields.message === "string";
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The server is already unlocked: it opened the data dir before it started listening. */
const SERVER_UNLOCKED: UnlockState = { unlocked: true, initialized: true, reason: null, status: null, created_master_key: false };

export function createHttpBackend(options: HttpBackendOptions): Backend {
  const fetchFn = options.fetch ?? ((input, init) => window.fetch(input, init));
  const clipboard = options.clipboard ?? createBrowserClipboard();
  const download = options.download ?? browserDownload;
  const base = options.baseUrl.replace(/\/+$/, "");

  async function request<T>(method: Method, path: string, { body, query, ifMatch, text: wantsText }: RequestOptions = {}): Promise<T> {
    const search = new URLSearchParams();
    for (const [name, value] of Object.entries(query ?? {})) {
      if (value !== null && value !== undefined) search.set(name, String(value));
    }
    const queryString = search.toString();
    const url = `${base}/api/v1${path}${queryString === "" ? "" : `?${queryString}`}`;
    const headers: Record<string, string> = { Accept: "application/json" };
    const token = options.token();
    if (token !== null) headers.Authorization = `Bearer ${token}`;
    if (body !== undefined) headers["Content-Type"] = "application/json";
    if (ifMatch !== undefined && ifMatch !== null) headers["If-Match"] = `"${String(ifMatch)}"`;

    let response: Response;
    let text: string;
    try {
      response = await fetchFn(url, {
        method,
        headers,
        body: body === undefined ? null : JSON.stringify(body),
        cache: "no-store",
        credentials: "omit",
        redirect: "error",
      });
      text = await response.text();
    } catch (error) {
      throw new BackendError("transport", `Could not reach the Keystead server (${describe(error)})`);
    }
    const isJson = (response.headers.get("Content-Type") ?? "").toLowerCase().startsWith("application/json");
    let parsed: unknown = undefined;
    if (isJson && text !== "") {
      try {
        parsed = JSON.parse(text);
      } catch {
        throw new BackendError("transport", `The server's answer to ${method} ${path} is not valid JSON`);
      }
    }
    if (!response.ok) {
      if (!isWireError(parsed)) {
        throw new BackendError(
          "transport",
          `The server answered ${method} ${path} with HTTP ${String(response.status)} and no Keystead error (a proxy in between?)`,
        );
      }
      const error = BackendError.fromWire(parsed);
      if (response.status === 401) options.onUnauthenticated?.(error);
      throw error;
    }
    if (response.status === 204) return undefined as T;
    if (wantsText === true) return text as T;
    if (!isJson) {
      throw new BackendError("transport", `The server answered ${method} ${path} with something other than JSON`);
    }
    return parsed as T;
  }

  const get = <T>(path: string, query?: Record<string, QueryValue>) => request<T>("GET", path, { query });
  const post = <T>(path: string, body?: unknown) => request<T>("POST", path, { body });
  const put = <T>(path: string, body: unknown) => request<T>("PUT", path, { body });
  const del = (path: string) => request<undefined>("DELETE", path).then(() => undefined);

  /** A credential's route: under its namespace, or at tenant level. */
  const credential = (tenant: string, namespace: string | null, name: string) =>
    namespace === null ? route`/${tenant}/credentials/${name}` : route`/${tenant}/namespaces/${namespace}/credentials/${name}`;
  const secret = (tenant: string, namespace: string, key: string) => route`/${tenant}/namespaces/${namespace}/secrets/${key}`;

  return {
    // A health request, so an unreachable server shows as an error rather than as an unlocked app.
    unlockState: () => get(route`/health`).then(() => SERVER_UNLOCKED),
    unlock: () => Promise.resolve(SERVER_UNLOCKED),
    status: () =>
      Promise.reject(
        new BackendError(
          "not_found",
          "The server's data dir and key are not shown over HTTP: run `keystead status` on the Keystead machine.",
        ),
      ),
    tenantList: () => get(route`/tenants`),
    tenantCreate: (id) => post(route`/tenants`, { id }),
    namespaceCreate: (tenant, namespace) => post(route`/${tenant}/namespaces`, { namespace }),
    namespaceTree: (tenant) => get(route`/${tenant}/namespaces`),
    namespaceDelete: (tenant, namespace, recursive) =>
      request("DELETE", route`/${tenant}/namespaces/${namespace}`, { query: { recursive: recursive || undefined } }),
    secretSet: ({ tenant, namespace, key, value, description, read_only }) =>
      put(secret(tenant, namespace, key), { value, description, read_only }),
    secretGet: (tenant, namespace, key, reveal) =>
      reveal ? post(`${secret(tenant, namespace, key)}/reveal`) : get(`${secret(tenant, namespace, key)}/meta`),
    // The value is revealed (admin, audited as a reveal) only to be written to the clipboard; without a
    // clipboard the copy fails before anything is asked.
    secretCopy: (tenant, namespace, key) =>
      clipboard.copy(() => post<SecretView>(`${secret(tenant, namespace, key)}/reveal`).then((view) => view.value)),
    secretList: (tenant, namespace, effective) => get(route`/${tenant}/namespaces/${namespace}/secrets`, { effective }),
    secretDelete: (tenant, namespace, key) => del(secret(tenant, namespace, key)),
    secretSetReadOnly: (tenant, namespace, key, readOnly) =>
      put(`${secret(tenant, namespace, key)}/read-only`, { read_only: readOnly }),
    secretVersions: (tenant, namespace, key) => get(`${secret(tenant, namespace, key)}/versions`),
    secretRestore: (tenant, namespace, key, version) =>
      post(`${secret(tenant, namespace, key)}${route`/versions/${version}/restore`}`),
    secretReferenceCopy: (key) => clipboard.copy(() => Promise.resolve(secretReference(key))).then(() => undefined),
    secretImport: ({ tenant, namespace, format, content, on_conflict, dry_run }) =>
      post(route`/${tenant}/namespaces/${namespace}/secret-import`, { format, content, on_conflict, dry_run }),
    secretExportFile: async (tenant, namespace) => {
      const text = await request<string>("GET", route`/${tenant}/namespaces/${namespace}/secret-export`, { text: true });
      const fileName = `${namespace}.env_encoded`;
      download(fileName, text);
      return `${fileName} (your browser's downloads)`;
    },
    auditList: ({ tenant, ...filter }) => get(route`/${tenant}/audit`, filter),
    expiring: ({ tenant, within, secret_age }) => get(route`/${tenant}/expiring`, { within, secret_age }),
    credentialTypes: (tenant) => get(route`/${tenant}/credential-types`),
    credentialType: (tenant, id) => get(route`/${tenant}/credential-types/${id}`),
    credentialTypeCreate: (tenant, def) => post(route`/${tenant}/credential-types`, def),
    credentialTypeUpdate: (tenant, id, def) => put(route`/${tenant}/credential-types/${id}`, def),
    credentialTypeDelete: (tenant, id) => del(route`/${tenant}/credential-types/${id}`),
    credentialApply: (tenant, def) => post(route`/${tenant}/credentials`, def),
    credentialList: ({ tenant, namespace, effective, type, order_by }) =>
      get(route`/${tenant}/credentials`, { namespace, effective, type, order_by }),
    credentialShow: (tenant, namespace, name) => get(credential(tenant, namespace, name)),
    credentialDelete: (tenant, namespace, name) => del(credential(tenant, namespace, name)),
    credentialCopy: ({ tenant, namespace, name, target_namespace, target_name }) =>
      post(`${credential(tenant, namespace, name)}/copy`, { target_namespace, target_name }),
    credentialTest: (tenant, namespace, name) => post(`${credential(tenant, namespace, name)}/test`),
    credentialTestDefinition: (tenant, def) => post(route`/${tenant}/credential-test`, def),
    credentialDiscover: (tenant, issuer) => post(route`/${tenant}/credential-discovery`, { issuer }),
    whoami: () => get(route`/whoami`),
    principalCreate: ({ tenant, name, kind, description }) =>
      post(route`/${tenant}/principals`, { name, kind, description }),
    principalList: (tenant) => get(route`/${tenant}/principals`),
    principalShow: (tenant, name) => get(route`/${tenant}/principals/${name}`),
    principalSetDisabled: (tenant, name, disabled) =>
      post(disabled ? route`/${tenant}/principals/${name}/disable` : route`/${tenant}/principals/${name}/enable`),
    principalDelete: (tenant, name) => del(route`/${tenant}/principals/${name}`),
    roleGrant: ({ tenant, principal, role, namespace }) =>
      post<{ created: boolean }>(route`/${tenant}/role-bindings`, { principal, role, namespace }).then(
        (answer) => answer.created,
      ),
    roleRevoke: ({ tenant, principal, role, namespace }) =>
      post<undefined>(route`/${tenant}/role-bindings/revoke`, { principal, role, namespace }).then(() => undefined),
    roleList: ({ tenant, principal, namespace }) => get(route`/${tenant}/role-bindings`, { principal, namespace }),
    tokenCreate: ({ tenant, principal, name, description, max_age, extended, narrowing }) =>
      post(route`/${tenant}/tokens`, { principal, name, description, max_age, extended, narrowing }),
    tokenList: (tenant, principal) => get(route`/${tenant}/tokens`, { principal }),
    tokenRevoke: (tenant, id) => post<ApiTokenDto>(route`/${tenant}/tokens/${id}/revoke`),
    tokenRevokeAll: (tenant, principal) =>
      post<{ revoked: number }>(route`/${tenant}/principals/${principal}/revoke-tokens`).then((answer) => answer.revoked),
    tokenRotate: ({ tenant, id, grace }) => post(route`/${tenant}/tokens/${id}/rotate`, { grace }),
    tokenCopy: (token) => clipboard.copy(() => Promise.resolve(token)),
    kvSet: ({ tenant, namespace, key, value, description, expiry, if_version, if_absent }) =>
      request(
        "PUT",
        route`/${tenant}/namespaces/${namespace}/kv/${key}`,
        {
          body: { type: value?.type ?? null, value: value?.value ?? null, description, expiry, if_absent },
          ifMatch: if_version,
        },
      ),
    keyStatus: desktopOnly,
    keyRecoveryCreate: desktopOnly,
    recoveryKeyCopy: desktopOnly,
    keyPassphraseChange: desktopOnly,
    keyMove: desktopOnly,
    keyRotate: desktopOnly,
    keyRotateDataKeys: desktopOnly,
    lock: desktopOnly,
    // A browser signs out instead; the server has no screen to lock.
    screenLockWatch: () => Promise.resolve(),
    appearanceWatch: () => Promise.resolve(null),
    apiServerStatus: desktopOnly,
    apiServerStart: desktopOnly,
    apiServerStop: desktopOnly,
    kvGet: (tenant, namespace, key, inherit) => get(route`/${tenant}/namespaces/${namespace}/kv/${key}`, { inherit }),
    kvList: ({ tenant, namespace, prefix, effective }) =>
      get(route`/${tenant}/namespaces/${namespace}/kv`, { prefix, effective }),
    kvDelete: (tenant, namespace, key, ifVersion) =>
      request<undefined>("DELETE", route`/${tenant}/namespaces/${namespace}/kv/${key}`, { ifMatch: ifVersion }).then(
        () => undefined,
      ),
  };
}

/** Saves `text` as a file through the browser's download, without it ever being shown in the page. */
function browserDownload(fileName: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: "text/plain" }));
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  link.click();
  // The download has started from the click; the object URL is not needed after this turn.
  setTimeout(() => {
    URL.revokeObjectURL(url);
  }, 0);
}

/** Key management, locking and the app's own API server are for the administrator at the machine. */
function desktopOnly(): Promise<never> {
  return Promise.reject(
    new BackendError(
      "forbidden",
      "Only the administrator at the Keystead machine may do this: use the desktop app or the CLI there.",
    ),
  );
}
