import { describe, expect, it, vi } from "vitest";

import type { Backend } from "./backend";
import { BackendError } from "./backend";
import type { BrowserClipboard } from "./browserClipboard";
import { createHttpBackend } from "./http";

const TOKEN = "kst_0123456789abcdefghijklmnopqrstABCDEF";

interface Sent {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
}

type Answer = { status: number; body?: unknown; contentType?: string } | Error;

/** A fake `fetch` that records what it is sent and answers with the fixture given. */
function fakeServer(answer: Answer = { status: 200, body: {} }) {
  const sent: Sent[] = [];
  const fetch = vi.fn((input: string, init?: RequestInit) => {
    const body = typeof init?.body === "string" ? (JSON.parse(init.body) as unknown) : (init?.body ?? undefined);
    sent.push({ method: init?.method ?? "GET", url: input, headers: init?.headers as Record<string, string>, body });
    if (answer instanceof Error) return Promise.reject(answer);
    const text = answer.body === undefined ? null : typeof answer.body === "string" ? answer.body : JSON.stringify(answer.body);
    const headers = answer.body === undefined ? undefined : { "Content-Type": answer.contentType ?? "application/json" };
    return Promise.resolve(new Response(text, { status: answer.status, headers }));
  });
  return { fetch, sent };
}

function backendFor(answer?: Answer, extra: { onUnauthenticated?: (e: BackendError) => void; clipboard?: BrowserClipboard } = {}) {
  const server = fakeServer(answer);
  const backend = createHttpBackend({ baseUrl: "http://127.0.0.1:8787/", token: () => TOKEN, fetch: server.fetch as unknown as typeof fetch, ...extra });
  return { backend, sent: server.sent };
}

async function rejection(promise: Promise<unknown>): Promise<BackendError> {
  const error: unknown = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof BackendError)) throw new Error(`expected a BackendError, got ${String(error)}`);
  return error;
}

type Call = (b: Backend) => Promise<unknown>;
type Case = [call: Call, method: string, path: string, body?: unknown];
const def = { name: "okta", type: "oauth2_client_credentials", namespace: "company", description: "", inputs: {}, settings: { cache: true, refresh_before_expiry: "PT1M", timeout: "PT30S" } };

// Every method that is one request, with the request it must make. `satisfies` keeps the table complete.
const routes = {
  tenantList: [(b) => b.tenantList(), "GET", "/tenants"],
  tenantCreate: [(b) => b.tenantCreate("acme"), "POST", "/tenants", { id: "acme" }],
  namespaceCreate: [(b) => b.namespaceCreate("main", "company.team"), "POST", "/main/namespaces", { namespace: "company.team" }],
  namespaceTree: [(b) => b.namespaceTree("main"), "GET", "/main/namespaces"],
  namespaceDelete: [(b) => b.namespaceDelete("main", "company", true), "DELETE", "/main/namespaces/company?recursive=true"],
  secretSet: [
    (b) => b.secretSet({ tenant: "main", namespace: "company", key: "API_KEY", value: "v", description: null, read_only: true }),
    "PUT",
    "/main/namespaces/company/secrets/API_KEY",
    { value: "v", description: null, read_only: true },
  ],
  secretGet: [(b) => b.secretGet("main", "company", "API_KEY", false), "GET", "/main/namespaces/company/secrets/API_KEY/meta"],
  secretList: [(b) => b.secretList("main", "company", true), "GET", "/main/namespaces/company/secrets?effective=true"],
  secretDelete: [(b) => b.secretDelete("main", "company", "API_KEY"), "DELETE", "/main/namespaces/company/secrets/API_KEY"],
  secretSetReadOnly: [
    (b) => b.secretSetReadOnly("main", "company", "API_KEY", false),
    "PUT",
    "/main/namespaces/company/secrets/API_KEY/read-only",
    { read_only: false },
  ],
  secretVersions: [(b) => b.secretVersions("main", "company", "K"), "GET", "/main/namespaces/company/secrets/K/versions"],
  secretRestore: [(b) => b.secretRestore("main", "company", "K", 3), "POST", "/main/namespaces/company/secrets/K/versions/3/restore"],
  secretImport: [
    (b) => b.secretImport({ tenant: "main", namespace: "company", format: "env", content: "A=1\n", on_conflict: "skip", dry_run: true }),
    "POST",
    "/main/namespaces/company/secret-import",
    { format: "env", content: "A=1\n", on_conflict: "skip", dry_run: true },
  ],
  auditList: [
    (b) =>
      b.auditList({
        tenant: "main",
        action: "secret.reveal",
        namespace: null,
        target: null,
        actor: null,
        since: null,
        until: "2026-11-26T00:00:00.000Z",
        before: 1200,
        limit: 50,
      }),
    "GET",
    "/main/audit?action=secret.reveal&until=2026-11-26T00%3A00%3A00.000Z&before=1200&limit=50",
  ],
  expiring: [
    (b) => b.expiring({ tenant: "main", within: "P7D", secret_age: null }),
    "GET",
    "/main/expiring?within=P7D",
  ],
  credentialTypes: [(b) => b.credentialTypes("main"), "GET", "/main/credential-types"],
  credentialType: [(b) => b.credentialType("main", "aws"), "GET", "/main/credential-types/aws"],
  credentialTypeCreate: [
    (b) => b.credentialTypeCreate("main", { id: "x", label: "X", description: "", inputs: [] }),
    "POST",
    "/main/credential-types",
    { id: "x", label: "X", description: "", inputs: [] },
  ],
  credentialTypeUpdate: [
    (b) => b.credentialTypeUpdate("main", "vault approle", { id: "vault approle", label: "V", description: "", inputs: [] }),
    "PUT",
    "/main/credential-types/vault%20approle",
    { id: "vault approle", label: "V", description: "", inputs: [] },
  ],
  credentialTypeDelete: [(b) => b.credentialTypeDelete("main", "vault_approle"), "DELETE", "/main/credential-types/vault_approle"],
  credentialApply: [(b) => b.credentialApply("main", def), "POST", "/main/credentials", def],
  credentialList: [
    (b) => b.credentialList({ tenant: "main", namespace: "company", effective: true, type: null, order_by: "name" }),
    "GET",
    "/main/credentials?namespace=company&effective=true&order_by=name",
  ],
  credentialShow: [(b) => b.credentialShow("main", null, "okta"), "GET", "/main/credentials/okta"],
  credentialDelete: [(b) => b.credentialDelete("main", "company", "okta"), "DELETE", "/main/namespaces/company/credentials/okta"],
  credentialCopy: [
    (b) => b.credentialCopy({ tenant: "main", namespace: "company", name: "okta", target_namespace: null, target_name: "okta2" }),
    "POST",
    "/main/namespaces/company/credentials/okta/copy",
    { target_namespace: null, target_name: "okta2" },
  ],
  credentialTest: [(b) => b.credentialTest("main", null, "okta"), "POST", "/main/credentials/okta/test"],
  credentialTestDefinition: [(b) => b.credentialTestDefinition("main", def), "POST", "/main/credential-test", def],
  credentialDiscover: [
    (b) => b.credentialDiscover("main", "https://idp.example"),
    "POST",
    "/main/credential-discovery",
    { issuer: "https://idp.example" },
  ],
  whoami: [(b) => b.whoami(), "GET", "/whoami"],
  principalCreate: [
    (b) => b.principalCreate({ tenant: "main", name: "ci", kind: "service_account", description: "" }),
    "POST",
    "/main/principals",
    { name: "ci", kind: "service_account", description: "" },
  ],
  principalList: [(b) => b.principalList("main"), "GET", "/main/principals"],
  principalShow: [(b) => b.principalShow("main", "ci"), "GET", "/main/principals/ci"],
  principalSetDisabled: [(b) => b.principalSetDisabled("main", "ci", true), "POST", "/main/principals/ci/disable"],
  principalDelete: [(b) => b.principalDelete("main", "ci"), "DELETE", "/main/principals/ci"],
  roleGrant: [
    (b) => b.roleGrant({ tenant: "main", principal: "ci", role: "use", namespace: "company" }),
    "POST",
    "/main/role-bindings",
    { principal: "ci", role: "use", namespace: "company" },
  ],
  roleRevoke: [
    (b) => b.roleRevoke({ tenant: "main", principal: "ci", role: "use", namespace: null }),
    "POST",
    "/main/role-bindings/revoke",
    { principal: "ci", role: "use", namespace: null },
  ],
  roleList: [(b) => b.roleList({ tenant: "main", principal: null, namespace: "company" }), "GET", "/main/role-bindings?namespace=company"],
  tokenCreate: [
    (b) =>
      b.tokenCreate({ tenant: "main", principal: "ci", name: "deploy", description: "", max_age: "P30D", extended: false, narrowing: null }),
    "POST",
    "/main/tokens",
    { principal: "ci", name: "deploy", description: "", max_age: "P30D", extended: false, narrowing: null },
  ],
  tokenList: [(b) => b.tokenList("main", "ci"), "GET", "/main/tokens?principal=ci"],
  tokenRevoke: [(b) => b.tokenRevoke("main", "AbCd1234"), "POST", "/main/tokens/AbCd1234/revoke"],
  tokenRevokeAll: [(b) => b.tokenRevokeAll("main", "ci"), "POST", "/main/principals/ci/revoke-tokens"],
  tokenRotate: [
    (b) => b.tokenRotate({ tenant: "main", id: "AbCd1234", grace: "PT1H" }),
    "POST",
    "/main/tokens/AbCd1234/rotate",
    { grace: "PT1H" },
  ],
  kvSet: [
    (b) =>
      b.kvSet({
        tenant: "main",
        namespace: "jobs",
        key: "cursor",
        value: { type: "number", value: 42, parse: false },
        description: null,
        expiry: { mode: "keep" },
        if_version: null,
        if_absent: false,
      }),
    "PUT",
    "/main/namespaces/jobs/kv/cursor",
    { type: "number", value: 42, description: null, expiry: { mode: "keep" }, if_absent: false },
  ],
  kvGet: [(b) => b.kvGet("main", "jobs", "cursor", true), "GET", "/main/namespaces/jobs/kv/cursor?inherit=true"],
  kvList: [
    (b) => b.kvList({ tenant: "main", namespace: "jobs", prefix: "cu", effective: false }),
    "GET",
    "/main/namespaces/jobs/kv?prefix=cu&effective=false",
  ],
  kvDelete: [(b) => b.kvDelete("main", "jobs", "cursor", null), "DELETE", "/main/namespaces/jobs/kv/cursor"],
} satisfies Record<
  Exclude<
    keyof Backend,
    | "unlockState"
    | "unlock"
    | "status"
    | "secretCopy"
    | "tokenCopy"
    | "secretReferenceCopy"
    | "secretExportFile"
    | "screenLockWatch"
    | "appearanceWatch"
    | DesktopOnly
  >,
  Case
>;

/** Key management, locking and the app's own API server: the browser console refuses them without a request. */
type DesktopOnly =
  | "lock"
  | "keyStatus"
  | "keyRecoveryCreate"
  | "recoveryKeyCopy"
  | "keyPassphraseChange"
  | "keyMove"
  | "keyRotate"
  | "keyRotateDataKeys"
  | "apiServerStatus"
  | "apiServerStart"
  | "apiServerStop";

const desktopOnly: Record<DesktopOnly, (b: Backend) => Promise<unknown>> = {
  lock: (b) => b.lock(),
  keyStatus: (b) => b.keyStatus(),
  keyRecoveryCreate: (b) => b.keyRecoveryCreate(),
  recoveryKeyCopy: (b) => b.recoveryKeyCopy("KSR-AAAA"),
  keyPassphraseChange: (b) => b.keyPassphraseChange("a new passphrase"),
  keyMove: (b) => b.keyMove("keyring", null),
  keyRotate: (b) => b.keyRotate(null),
  keyRotateDataKeys: (b) => b.keyRotateDataKeys(),
  apiServerStatus: (b) => b.apiServerStatus(),
  apiServerStart: (b) => b.apiServerStart(null),
  apiServerStop: (b) => b.apiServerStop(),
};

describe("http backend requests", () => {
  it.each(Object.entries(desktopOnly))("%s is refused without a request", async (_name, call) => {
    const { backend, sent } = backendFor({ status: 200, body: {} });
    const error = await rejection(call(backend));
    expect(error.code).toBe("forbidden");
    expect(error.message).toContain("desktop app or the CLI");
    expect(sent).toHaveLength(0);
  });

  it.each(Object.entries(routes))("%s goes to its route", async (_name, [call, method, path, body]) => {
    const { backend, sent } = backendFor({ status: 200, body: { created: true, revoked: 2 } });
    await call(backend);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.method).toBe(method);
    expect(sent[0]?.url).toBe(`http://127.0.0.1:8787/api/v1${path}`);
    expect(sent[0]?.body).toEqual(body);
  });

  it("sends the token as a bearer header and never in the URL", async () => {
    const { backend, sent } = backendFor({ status: 200, body: [] });
    await backend.secretList("main", "company", false);
    expect(sent[0]?.headers.Authorization).toBe(`Bearer ${TOKEN}`);
    expect(sent[0]?.url).not.toContain(TOKEN);
    expect(sent[0]?.url).toBe("http://127.0.0.1:8787/api/v1/main/namespaces/company/secrets?effective=false");
  });

  it("percent-encodes path segments", async () => {
    const { backend, sent } = backendFor({ status: 200, body: {} });
    await backend.credentialShow("main", "company", "a b/c?d");
    expect(sent[0]?.url).toBe("http://127.0.0.1:8787/api/v1/main/namespaces/company/credentials/a%20b%2Fc%3Fd");
  });

  it("reveals with POST …/reveal and reads metadata with GET …/meta", async () => {
    const { backend, sent } = backendFor({ status: 200, body: { value: "v" } });
    await backend.secretGet("main", "company", "API_KEY", true);
    expect(sent[0]).toMatchObject({ method: "POST", url: "http://127.0.0.1:8787/api/v1/main/namespaces/company/secrets/API_KEY/reveal" });
  });

  it("answers a role grant with whether it was new and a revoke-all with the count", async () => {
    const { backend } = backendFor({ status: 200, body: { created: false, revoked: 4 } });
    await expect(backend.roleGrant({ tenant: "main", principal: "ci", role: "read", namespace: null })).resolves.toBe(false);
    await expect(backend.tokenRevokeAll("main", "ci")).resolves.toBe(4);
  });

  it("treats the server as unlocked once its health route answers", async () => {
    const { backend, sent } = backendFor({ status: 200, body: { status: "ok", version: "0.1.0" } });
    await expect(backend.unlockState()).resolves.toMatchObject({ unlocked: true, initialized: true });
    expect(sent[0]?.url).toBe("http://127.0.0.1:8787/api/v1/health");
  });

  it("resolves a 204 to undefined", async () => {
    const { backend } = backendFor({ status: 204 });
    await expect(backend.secretDelete("main", "company", "K")).resolves.toBeUndefined();
  });
});

describe("http backend errors", () => {
  it("carries the server's code and message", async () => {
    const message = "reader may not secret.reveal: it needs the admin role on company.team";
    const { backend } = backendFor({ status: 403, body: { code: "forbidden", message } });
    const error = await rejection(backend.secretGet("main", "company.team", "K", true));
    expect(error.code).toBe("forbidden");
    expect(error.message).toBe(message);
  });

  it("carries the mint error of a failed token retrieval", async () => {
    const { backend } = backendFor({ status: 502, body: { code: "token_mint", message: "refused", mint_error: "invalid_client" } });
    const error = await rejection(backend.credentialTest("main", "company", "okta"));
    expect(error.code).toBe("token_mint");
    expect(error.mintError).toBe("invalid_client");
  });

  it("reports a refused token to the session and still rejects", async () => {
    const onUnauthenticated = vi.fn();
    const { backend } = backendFor({ status: 401, body: { code: "unauthenticated", message: "the token was revoked" } }, { onUnauthenticated });
    const error = await rejection(backend.namespaceTree("main"));
    expect(error.code).toBe("unauthenticated");
    expect(onUnauthenticated).toHaveBeenCalledWith(error);
  });

  it("does not report a 403 as a refused token", async () => {
    const onUnauthenticated = vi.fn();
    const { backend } = backendFor({ status: 403, body: { code: "forbidden", message: "no" } }, { onUnauthenticated });
    await rejection(backend.namespaceTree("main"));
    expect(onUnauthenticated).not.toHaveBeenCalled();
  });

  it("maps an HTML error page (a proxy) to transport", async () => {
    const { backend } = backendFor({ status: 502, body: "<html>Bad Gateway</html>", contentType: "text/html" });
    const error = await rejection(backend.tenantList());
    expect(error.code).toBe("transport");
    expect(error.message).toContain("HTTP 502");
  });

  it("maps a successful non-JSON answer to transport", async () => {
    const { backend } = backendFor({ status: 200, body: "<!doctype html>", contentType: "text/html" });
    expect((await rejection(backend.whoami())).code).toBe("transport");
  });

  it("maps broken JSON to transport", async () => {
    const { backend } = backendFor({ status: 200, body: "{not json" });
    expect((await rejection(backend.whoami())).code).toBe("transport");
  });

  it("maps a network failure to transport without the token in the message", async () => {
    const { backend } = backendFor(new TypeError("Failed to fetch"));
    const error = await rejection(backend.whoami());
    expect(error.code).toBe("transport");
    expect(error.message).toContain("Failed to fetch");
    expect(error.message).not.toContain(TOKEN);
  });

  it("explains that the server status is not served over HTTP", async () => {
    const { backend, sent } = backendFor();
    expect((await rejection(backend.status())).code).toBe("not_found");
    expect(sent).toHaveLength(0);
  });
});

describe("http backend copy", () => {
  const receipt = { clear_after_secs: 30 };

  it("copies a secret by revealing it and handing the value to the clipboard", async () => {
    const copied: string[] = [];
    const clipboard: BrowserClipboard = {
      copy: async (load) => {
        copied.push(await load());
        return receipt;
      },
    };
    const { backend, sent } = backendFor({ status: 200, body: { value: "s3cr3t", revealed: true } }, { clipboard });
    await expect(backend.secretCopy("main", "company", "API_KEY")).resolves.toEqual(receipt);
    expect(sent[0]).toMatchObject({ method: "POST", url: "http://127.0.0.1:8787/api/v1/main/namespaces/company/secrets/API_KEY/reveal" });
    expect(copied).toEqual(["s3cr3t"]);
  });

  it("copies a secret reference, not a value, without asking the server", async () => {
    const copied: string[] = [];
    const clipboard: BrowserClipboard = {
      copy: async (load) => {
        copied.push(await load());
        return receipt;
      },
    };
    const { backend, sent } = backendFor(undefined, { clipboard });
    await backend.secretReferenceCopy("API_KEY");
    expect(copied).toEqual(["{{ secret('API_KEY') }}"]);
    expect(sent).toHaveLength(0);
  });

  it("copies a new token without asking the server", async () => {
    const copied: string[] = [];
    const clipboard: BrowserClipboard = {
      copy: async (load) => {
        copied.push(await load());
        return receipt;
      },
    };
    const { backend, sent } = backendFor(undefined, { clipboard });
    await backend.tokenCopy(TOKEN);
    expect(copied).toEqual([TOKEN]);
    expect(sent).toHaveLength(0);
  });
});

describe("http backend export", () => {
  it("downloads the server's export as <namespace>.env_encoded", async () => {
    const download = vi.fn();
    const server = fakeServer({ status: 200, body: "SECRET_A=YQ==\n", contentType: "text/plain; charset=utf-8" });
    const backend = createHttpBackend({
      baseUrl: "http://127.0.0.1:8787",
      token: () => TOKEN,
      fetch: server.fetch as unknown as typeof fetch,
      download,
    });
    await expect(backend.secretExportFile("main", "company.team")).resolves.toContain("company.team.env_encoded");
    expect(server.sent[0]).toMatchObject({ method: "GET", url: "http://127.0.0.1:8787/api/v1/main/namespaces/company.team/secret-export" });
    expect(download).toHaveBeenCalledWith("company.team.env_encoded", "SECRET_A=YQ==\n");
  });

  it("downloads nothing when the server refuses", async () => {
    const download = vi.fn();
    const server = fakeServer({ status: 403, body: { code: "forbidden", message: "needs admin on company" } });
    const backend = createHttpBackend({ baseUrl: "http://127.0.0.1:8787", token: () => TOKEN, fetch: server.fetch as unknown as typeof fetch, download });
    expect((await rejection(backend.secretExportFile("main", "company"))).code).toBe("forbidden");
    expect(download).not.toHaveBeenCalled();
  });
});
