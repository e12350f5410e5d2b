// An in-memory double of the host boundary for component tests. It keeps just enough state to
// behave like the core for the flows under test; the real rules live in the Rust core.
import { BackendError, type Backend } from "../backend";
import type { NamespaceNode } from "../bindings/NamespaceNode";
import type { SecretListItem } from "../bindings/SecretListItem";
import type { SecretMeta } from "../bindings/SecretMeta";
import type { StatusDto } from "../bindings/StatusDto";
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
}

export class MemoryBackend implements Backend {
  initialized: boolean;
  unlocked: boolean;
  passphrase: string;
  reason: WireError | null;
  namespaces = new Set<string>();
  secrets = new Map<string, StoredSecret>();
  calls: string[] = [];

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

  secretList(_tenant: string, namespace: string): Promise<SecretListItem[]> {
    this.requireUnlocked();
    const items = [...this.secrets.values()]
      .filter((s) => s.meta.namespace === namespace)
      .map((s) => ({ ...s.meta, value: MASK, origin: namespace, inherited: false, shadows: [] }));
    return Promise.resolve(items);
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
}
