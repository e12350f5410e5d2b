// A fixture-only double of the host boundary: every method is a `vi.fn()` that answers what the test
// set, and nothing else. It has no rules (no inheritance, no tree building, no versioning): a test
// states the core's answer as a fixture and checks what the UI does with it and what it asks the host.
import { vi, type Mock } from "vitest";

import { BackendError, type Backend } from "../backend";
import type { CredentialDto } from "../bindings/CredentialDto";
import type { NamespaceNode } from "../bindings/NamespaceNode";
import type { SecretListItem } from "../bindings/SecretListItem";
import type { SecretMeta } from "../bindings/SecretMeta";
import type { StatusDto } from "../bindings/StatusDto";

export type FixtureBackend = { [K in keyof Backend]: Mock<Backend[K]> };

const NOW = "2025-01-01T00:00:00Z";

/** What `status` answers: the data dir of an unlocked test vault. */
export const STATUS: StatusDto = {
  data_dir: "/tmp/keystead-test",
  database: "/tmp/keystead-test/keystead.db",
  key_mode: "passphrase",
  key_mode_description: "wrapped by a passphrase",
  default_tenant: "main",
  version: "0.0.0-test",
};

/** A call the test gave no answer for fails loudly instead of inventing one. */
function unanswered(method: string) {
  return () => Promise.reject(new BackendError("internal", `fixtureBackend: no fixture for ${method}`));
}

/**
 * Every method answers with its override, else: listings are empty, the app is unlocked, and any
 * other call rejects (so a test notices a call it did not expect).
 */
export function fixtureBackend(overrides: Partial<Backend> = {}): FixtureBackend {
  const defaults: Backend = {
    unlockState: () => Promise.resolve({ unlocked: true, initialized: true, reason: null, status: STATUS, created_master_key: false }),
    unlock: unanswered("unlock"),
    status: () => Promise.resolve(STATUS),
    tenantList: () => Promise.resolve([{ id: "main", created_at: NOW }]),
    tenantCreate: unanswered("tenantCreate"),
    namespaceCreate: unanswered("namespaceCreate"),
    namespaceTree: () => Promise.resolve([]),
    namespaceDelete: unanswered("namespaceDelete"),
    secretSet: unanswered("secretSet"),
    secretGet: unanswered("secretGet"),
    secretCopy: unanswered("secretCopy"),
    secretList: () => Promise.resolve([]),
    secretDelete: unanswered("secretDelete"),
    secretSetReadOnly: unanswered("secretSetReadOnly"),
    secretVersions: () => Promise.resolve([]),
    secretRestore: unanswered("secretRestore"),
    secretReferenceCopy: unanswered("secretReferenceCopy"),
    secretImport: unanswered("secretImport"),
    secretExportFile: unanswered("secretExportFile"),
    auditList: () => Promise.resolve([]),
    expiring: (query) =>
      Promise.resolve({
        now: NOW,
        until: NOW,
        within: query.within ?? "P30D",
        secret_age: query.secret_age ?? "P90D",
        items: [],
      }),
    credentialTypes: () => Promise.resolve([]),
    credentialType: unanswered("credentialType"),
    credentialTypeCreate: unanswered("credentialTypeCreate"),
    credentialTypeUpdate: unanswered("credentialTypeUpdate"),
    credentialTypeDelete: unanswered("credentialTypeDelete"),
    credentialApply: unanswered("credentialApply"),
    credentialList: () => Promise.resolve([]),
    credentialShow: unanswered("credentialShow"),
    credentialDelete: unanswered("credentialDelete"),
    credentialCopy: unanswered("credentialCopy"),
    credentialTest: unanswered("credentialTest"),
    credentialTestDefinition: unanswered("credentialTestDefinition"),
    credentialDiscover: unanswered("credentialDiscover"),
    whoami: () =>
      Promise.resolve({
        actor: "desktop:tester",
        local_admin: true,
        tenant: null,
        principal: null,
        token_prefix: null,
        bindings: [],
        narrowing: null,
      }),
    principalCreate: unanswered("principalCreate"),
    principalList: () => Promise.resolve([]),
    principalShow: unanswered("principalShow"),
    principalSetDisabled: unanswered("principalSetDisabled"),
    principalDelete: unanswered("principalDelete"),
    roleGrant: unanswered("roleGrant"),
    roleRevoke: unanswered("roleRevoke"),
    roleList: () => Promise.resolve([]),
    tokenCreate: unanswered("tokenCreate"),
    tokenList: () => Promise.resolve([]),
    tokenRevoke: unanswered("tokenRevoke"),
    tokenRevokeAll: unanswered("tokenRevokeAll"),
    tokenRotate: unanswered("tokenRotate"),
    tokenCopy: unanswered("tokenCopy"),
    kvSet: unanswered("kvSet"),
    kvGet: unanswered("kvGet"),
    kvList: () => Promise.resolve([]),
    kvDelete: unanswered("kvDelete"),
    keyStatus: unanswered("keyStatus"),
    keyRecoveryCreate: unanswered("keyRecoveryCreate"),
    recoveryKeyCopy: unanswered("recoveryKeyCopy"),
    keyPassphraseChange: unanswered("keyPassphraseChange"),
    keyMove: unanswered("keyMove"),
    keyRotate: unanswered("keyRotate"),
    keyRotateDataKeys: unanswered("keyRotateDataKeys"),
    lock: unanswered("lock"),
    screenLockWatch: () => Promise.resolve(),
    appearanceWatch: () => Promise.resolve(null),
    apiServerStatus: () => Promise.resolve({ running: false, url: null }),
    apiServerStart: unanswered("apiServerStart"),
    apiServerStop: unanswered("apiServerStop"),
  };
  const merged = { ...defaults, ...overrides };
  return Object.fromEntries(
    Object.entries(merged).map(([name, implementation]) => [name, vi.fn(implementation)]),
  ) as unknown as FixtureBackend;
}

/** A row of a secrets listing as the core sends it (value always masked). */
export function secretItem(fields: Partial<SecretListItem> & Pick<SecretListItem, "namespace" | "key">): SecretListItem {
  return {
    value: "••••••••",
    origin: fields.namespace,
    inherited: false,
    shadows: [],
    description: "",
    read_only: false,
    version: 1,
    created_at: NOW,
    updated_at: NOW,
    updated_by: "desktop:test",
    ...fields,
  };
}

/** What `secretSet` / `secretSetReadOnly` answer for `item` after a write. */
export function secretMeta(item: SecretListItem, changes: Partial<SecretMeta> = {}): SecretMeta {
  const { namespace, key, description, read_only, version, created_at, updated_at, updated_by } = item;
  return { namespace, key, description, read_only, version, created_at, updated_at, updated_by, ...changes };
}

/** A credential as the core lists it; `namespace: null` is tenant level. */
export function credentialItem(fields: Partial<CredentialDto> & Pick<CredentialDto, "name">): CredentialDto {
  return {
    namespace: null,
    type: "oauth2_client_credentials",
    description: "",
    inputs: {},
    settings: { cache: true, refresh_before_expiry: "PT1M", timeout: "PT30S" },
    created_at: NOW,
    updated_at: NOW,
    updated_by: "desktop:test",
    inherited: false,
    shadows: [],
    last_test: null,
    secret_reach: { level: "tenant" },
    ...fields,
  };
}

/** A namespace tree node; `children` as the core nests them. */
export function namespaceNode(id: string, children: NamespaceNode[] = [], explicit = true): NamespaceNode {
  return { id, segment: id.split(".").pop() ?? id, explicit, secret_count: 0, access: "admin", children };
}
