// An in-memory double of the host boundary for component tests. It keeps just enough state to
// behave like the core for the flows under test; the real rules live in the Rust core.
import { BackendError, type Backend } from "../backend";
import type { CopyReceipt } from "../bindings/CopyReceipt";
import type { CredentialCopyRequest } from "../bindings/CredentialCopyRequest";
import type { CredentialDefinition } from "../bindings/CredentialDefinition";
import type { CredentialDto } from "../bindings/CredentialDto";
import type { CredentialListRequest } from "../bindings/CredentialListRequest";
import type { CredentialType } from "../bindings/CredentialType";
import type { CustomTypeDefinition } from "../bindings/CustomTypeDefinition";
import type { Discovery } from "../bindings/Discovery";
import type { NamespaceNode } from "../bindings/NamespaceNode";
import type { SecretListItem } from "../bindings/SecretListItem";
import type { SecretMeta } from "../bindings/SecretMeta";
import type { StatusDto } from "../bindings/StatusDto";
import type { TestResult } from "../bindings/TestResult";
import type { TenantDto } from "../bindings/TenantDto";
import type { UnlockState } from "../bindings/UnlockState";
import type { WireError } from "../bindings/WireError";

const MASK = "••••••••";
const NOW = "2025-01-01T00:00:00Z";

interface StoredSecret {
  meta: SecretMeta;
  value: string;
}

export interface MemoryBackendOptions {
  initialized?: boolean;
  unlocked?: boolean;
  passphrase?: string;
  namespaces?: string[];
  secrets?: { namespace: string; key: string; value: string; readOnly?: boolean }[];
  /** Why the host could not open the data dir at startup. */
  reason?: WireError;
  credentialTypes?: CredentialType[];
  credentials?: CredentialDto[];
  /** What Test answers (default: a failure saying the double has no answer). */
  testResult?: TestResult;
  /** What discovery answers: metadata, or an error. */
  discovery?: Discovery | WireError;
}

/** Ancestors of a namespace, nearest first, itself included. */
function selfAndAncestors(namespace: string): string[] {
  const segments = namespace.split(".");
  return segments.map((_, index) => segments.slice(0, segments.length - index).join("."));
}

export class MemoryBackend implements Backend {
  initialized: boolean;
  unlocked: boolean;
  passphrase: string;
  reason: WireError | null;
  namespaces = new Set<string>();
  secrets = new Map<string, StoredSecret>();
  calls: string[] = [];
  /** Stands in for the host's OS clipboard: what the last `secretCopy` wrote. */
  clipboard: string | null = null;
  credentialTypesList: CredentialType[];
  credentials = new Map<string, CredentialDto>();
  applied: CredentialDefinition[] = [];
  tested: (CredentialDefinition | string)[] = [];
  testResult: TestResult | null;
  discovery: Discovery | WireError | null;

  constructor(options: MemoryBackendOptions = {}) {
    this.initialized = options.initialized ?? true;
    this.unlocked = options.unlocked ?? true;
    this.passphrase = options.passphrase ?? "correct horse";
    this.reason = options.reason ?? null;
    for (const namespace of options.namespaces ?? []) this.namespaces.add(namespace);
    for (const secret of options.secrets ?? []) {
      this.namespaces.add(secret.namespace);
      this.store(secret.namespace, secret.key, secret.value, "", secret.readOnly ?? false);
    }
    this.credentialTypesList = options.credentialTypes ?? [];
    for (const credential of options.credentials ?? []) {
      this.credentials.set(`${credential.namespace ?? ""}/${credential.name}`, credential);
    }
    this.testResult = options.testResult ?? null;
    this.discovery = options.discovery ?? null;
  }

  private store(namespace: string, key: string, value: string, description: string, readOnly: boolean): SecretMeta {
    const previous = this.secrets.get(`${namespace}/${key}`);
    const meta: SecretMeta = {
      namespace,
      key,
      description,
      read_only: readOnly,
      version: (previous?.meta.version ?? 0) + 1,
      created_at: previous?.meta.created_at ?? NOW,
      updated_at: NOW,
      updated_by: "desktop:test",
    };
    this.secrets.set(`${namespace}/${key}`, { meta, value });
    return meta;
  }

  private requireUnlocked(): void {
    if (!this.unlocked) throw new BackendError("passphrase_required", "Keystead is locked");
  }

  private statusDto(): StatusDto {
    return {
      data_dir: "/tmp/keystead-test",
      database: "/tmp/keystead-test/keystead.db",
      key_mode: "passphrase",
      key_mode_description: "wrapped by a passphrase",
      default_tenant: "main",
      version: "0.0.0-test",
    };
  }

  unlockState(): Promise<UnlockState> {
    this.calls.push("unlockState");
    return Promise.resolve({
      unlocked: this.unlocked,
      initialized: this.initialized,
      reason: this.reason,
      status: this.unlocked ? this.statusDto() : null,
      created_master_key: false,
    });
  }

  async unlock(passphrase: string): Promise<UnlockState> {
    this.calls.push("unlock");
    if (this.initialized && passphrase !== this.passphrase) {
      throw new BackendError("wrong_passphrase", "the passphrase does not unlock the master key of this data dir");
    }
    this.passphrase = passphrase;
    this.initialized = true;
    this.unlocked = true;
    return this.unlockState();
  }

  status(): Promise<StatusDto> {
    this.requireUnlocked();
    return Promise.resolve(this.statusDto());
  }

  tenantList() {
    this.requireUnlocked();
    return Promise.resolve([{ id: "main", created_at: NOW }]);
  }

  // Tenants are not modelled here: tests of the tenant switcher use the fixture-only double.
  tenantCreate(): Promise<TenantDto> {
    return Promise.reject(new BackendError("internal", "memoryBackend: tenants are not modelled"));
  }

  namespaceCreate(_tenant: string, namespace: string): Promise<void> {
    this.requireUnlocked();
    if (!/^[a-z0-9_-]+(\.[a-z0-9_-]+)*$/.test(namespace)) {
      return Promise.reject(new BackendError("invalid_input", `invalid namespace ${namespace}`));
    }
    this.namespaces.add(namespace);
    return Promise.resolve();
  }

  namespaceTree(): Promise<NamespaceNode[]> {
    this.requireUnlocked();
    const nodes = new Map<string, NamespaceNode>();
    const roots: NamespaceNode[] = [];
    const ensure = (id: string): NamespaceNode => {
      const existing = nodes.get(id);
      if (existing !== undefined) return existing;
      const segments = id.split(".");
      const node: NamespaceNode = {
        id,
        segment: segments[segments.length - 1] ?? id,
        explicit: false,
        secret_count: [...this.secrets.values()].filter((s) => s.meta.namespace === id).length,
        access: "admin",
        children: [],
      };
      nodes.set(id, node);
      if (segments.length === 1) roots.push(node);
      else ensure(segments.slice(0, -1).join(".")).children.push(node);
      return node;
    };
    for (const id of [...this.namespaces].sort()) ensure(id).explicit = true;
    return Promise.resolve(roots);
  }

  secretSet(req: Parameters<Backend["secretSet"]>[0]): Promise<SecretMeta> {
    this.requireUnlocked();
    const previous = this.secrets.get(`${req.namespace}/${req.key}`);
    if (previous?.meta.read_only) {
      return Promise.reject(new BackendError("read_only", `${req.key} is read-only`));
    }
    this.namespaces.add(req.namespace);
    return Promise.resolve(
      this.store(req.namespace, req.key, req.value, req.description ?? "", req.read_only ?? false),
    );
  }

  secretGet(_tenant: string, namespace: string, key: string, reveal: boolean) {
    this.requireUnlocked();
    this.calls.push(`secretGet:${namespace}/${key}:${String(reveal)}`);
    const secret = this.secrets.get(`${namespace}/${key}`);
    if (secret === undefined) return Promise.reject(new BackendError("not_found", `no secret ${key}`));
    return Promise.resolve({ ...secret.meta, value: reveal ? secret.value : MASK, revealed: reveal });
  }

  secretCopy(_tenant: string, namespace: string, key: string): Promise<CopyReceipt> {
    this.requireUnlocked();
    this.calls.push(`secretCopy:${namespace}/${key}`);
    const secret = this.secrets.get(`${namespace}/${key}`);
    if (secret === undefined) return Promise.reject(new BackendError("not_found", `no secret ${key}`));
    this.clipboard = secret.value;
    return Promise.resolve({ clear_after_secs: 30 });
  }

  secretList(_tenant: string, namespace: string, effective = false): Promise<SecretListItem[]> {
    this.requireUnlocked();
    const scopes = effective ? selfAndAncestors(namespace) : [namespace];
    const nearest = new Map<string, SecretListItem>();
    for (const scope of scopes) {
      for (const s of this.secrets.values()) {
        if (s.meta.namespace !== scope || nearest.has(s.meta.key)) continue;
        nearest.set(s.meta.key, { ...s.meta, value: MASK, origin: scope, inherited: scope !== namespace, shadows: [] });
      }
    }
    return Promise.resolve([...nearest.values()]);
  }

  secretDelete(_tenant: string, namespace: string, key: string): Promise<void> {
    this.requireUnlocked();
    const secret = this.secrets.get(`${namespace}/${key}`);
    if (secret?.meta.read_only) {
      return Promise.reject(new BackendError("read_only", `${key} in ${namespace} is read-only`));
    }
    this.secrets.delete(`${namespace}/${key}`);
    return Promise.resolve();
  }

  secretSetReadOnly(_tenant: string, namespace: string, key: string, readOnly: boolean): Promise<SecretMeta> {
    const secret = this.secrets.get(`${namespace}/${key}`);
    if (secret === undefined) return Promise.reject(new BackendError("not_found", `no secret ${key}`));
    secret.meta = { ...secret.meta, read_only: readOnly };
    return Promise.resolve(secret.meta);
  }

  secretVersions() {
    return Promise.resolve([]);
  }

  secretRestore(): Promise<SecretMeta> {
    return Promise.reject(new BackendError("internal", "not supported by the test double"));
  }

  auditList() {
    return Promise.resolve([]);
  }

  credentialTypes(): Promise<CredentialType[]> {
    this.requireUnlocked();
    return Promise.resolve(this.credentialTypesList);
  }

  credentialType(_tenant: string, id: string): Promise<CredentialType> {
    const type = this.credentialTypesList.find((candidate) => candidate.id === id);
    return type === undefined
      ? Promise.reject(new BackendError("not_found", `no credential type ${id}`))
      : Promise.resolve(type);
  }

  credentialTypeCreate(_tenant: string, def: CustomTypeDefinition): Promise<CredentialType> {
    const type: CredentialType = { ...def, kind: "static", managed: false };
    this.credentialTypesList.push(type);
    return Promise.resolve(type);
  }

  credentialApply(_tenant: string, def: CredentialDefinition): Promise<CredentialDto> {
    this.requireUnlocked();
    this.applied.push(def);
    const key = `${def.namespace ?? ""}/${def.name}`;
    const previous = this.credentials.get(key);
    const dto: CredentialDto = {
      namespace: def.namespace,
      name: def.name,
      type: def.type,
      description: def.description,
      inputs: def.inputs,
      settings: def.settings,
      created_at: previous?.created_at ?? NOW,
      updated_at: NOW,
      updated_by: "desktop:test",
      inherited: false,
      shadows: [],
    };
    this.credentials.set(key, dto);
    return Promise.resolve(dto);
  }

  credentialList(req: CredentialListRequest): Promise<CredentialDto[]> {
    this.requireUnlocked();
    const scopes = req.namespace === null ? null : [...selfAndAncestors(req.namespace), ""];
    const nearest = new Map<string, CredentialDto>();
    for (const dto of [...this.credentials.values()].sort(
      (a, b) => (scopes?.indexOf(a.namespace ?? "") ?? 0) - (scopes?.indexOf(b.namespace ?? "") ?? 0),
    )) {
      if (scopes !== null && !scopes.includes(dto.namespace ?? "")) continue;
      if (nearest.has(dto.name)) continue;
      nearest.set(dto.name, { ...dto, inherited: req.namespace !== null && dto.namespace !== req.namespace });
    }
    return Promise.resolve([...nearest.values()]);
  }

  credentialShow(_tenant: string, namespace: string | null, name: string): Promise<CredentialDto> {
    const dto = this.credentials.get(`${namespace ?? ""}/${name}`);
    return dto === undefined
      ? Promise.reject(new BackendError("not_found", `no credential ${name}`))
      : Promise.resolve(dto);
  }

  credentialDelete(_tenant: string, namespace: string | null, name: string): Promise<void> {
    this.credentials.delete(`${namespace ?? ""}/${name}`);
    return Promise.resolve();
  }

  async credentialCopy(req: CredentialCopyRequest): Promise<CredentialDto> {
    const source = this.credentials.get(`${req.namespace ?? ""}/${req.name}`);
    if (source === undefined) throw new BackendError("not_found", `no credential ${req.name}`);
    return this.credentialApply(req.tenant, {
      namespace: req.target_namespace,
      name: req.target_name ?? source.name,
      type: source.type,
      description: source.description,
      inputs: source.inputs,
      settings: source.settings,
    });
  }

  private answerTest(credential: string): Promise<TestResult> {
    if (this.testResult === null) {
      return Promise.reject(new BackendError("internal", "the test double has no Test result configured"));
    }
    return Promise.resolve({ ...this.testResult, credential });
  }

  credentialTest(_tenant: string, _namespace: string | null, name: string): Promise<TestResult> {
    this.tested.push(name);
    return this.answerTest(name);
  }

  credentialTestDefinition(_tenant: string, def: CredentialDefinition): Promise<TestResult> {
    this.tested.push(def);
    return this.answerTest(def.name);
  }

  credentialDiscover(_tenant: string, issuer: string): Promise<Discovery> {
    this.calls.push(`credentialDiscover:${issuer}`);
    const answer = this.discovery;
    if (answer === null) return Promise.reject(new BackendError("token_mint", `${issuer}: connect_failed`));
    if ("code" in answer) return Promise.reject(BackendError.fromWire(answer));
    return Promise.resolve(answer);
  }

  // Access is not modelled by this double: tests of the Access screens use the fixture backend.
  whoami = notModelled("whoami");
  principalCreate = notModelled("principalCreate");
  principalList = notModelled("principalList");
  principalShow = notModelled("principalShow");
  principalSetDisabled = notModelled("principalSetDisabled");
  principalDelete = notModelled("principalDelete");
  roleGrant = notModelled("roleGrant");
  roleRevoke = notModelled("roleRevoke");
  roleList = notModelled("roleList");
  tokenCreate = notModelled("tokenCreate");
  tokenList = notModelled("tokenList");
  tokenRevoke = notModelled("tokenRevoke");
  tokenRevokeAll = notModelled("tokenRevokeAll");
  tokenRotate = notModelled("tokenRotate");
  tokenCopy = notModelled("tokenCopy");
  kvSet = notModelled("kvSet");
  kvGet = notModelled("kvGet");
  kvList = notModelled("kvList");
  kvDelete = notModelled("kvDelete");
  keyStatus = notModelled("keyStatus");
  keyRecoveryCreate = notModelled("keyRecoveryCreate");
  recoveryKeyCopy = notModelled("recoveryKeyCopy");
  keyPassphraseChange = notModelled("keyPassphraseChange");
  keyMove = notModelled("keyMove");
  keyRotate = notModelled("keyRotate");
  keyRotateDataKeys = notModelled("keyRotateDataKeys");
  lock = notModelled("lock");
  apiServerStatus = notModelled("apiServerStatus");
  apiServerStart = notModelled("apiServerStart");
  apiServerStop = notModelled("apiServerStop");
}

function notModelled(method: string): () => Promise<never> {
  return () => Promise.reject(new BackendError("internal", `${method} is not modelled by MemoryBackend`));
}
