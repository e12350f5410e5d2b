// The desktop implementation of `Backend`: one Tauri command per method. Argument names are the
// camelCase forms of the Rust command parameters (Tauri converts them).
import { Channel, invoke } from "@tauri-apps/api/core";

import type { Appearance } from "../bindings/Appearance";
import type { ImportProgress } from "../bindings/ImportProgress";
import { toBackendError, type Backend } from "./backend";

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (error) {
    throw toBackendError(error);
  }
}

export const tauriBackend: Backend = {
  unlockState: () => call("unlock_state"),
  unlock: (passphrase) => call("unlock", { passphrase }),
  status: () => call("status"),
  tenantList: () => call("tenant_list"),
  tenantCreate: (id) => call("tenant_create", { id }),
  namespaceCreate: (tenant, namespace) => call("namespace_create", { tenant, namespace }),
  namespaceTree: (tenant) => call("namespace_tree", { tenant }),
  namespaceDelete: (tenant, namespace, recursive) => call("namespace_delete", { tenant, namespace, recursive }),
  secretSet: (req) => call("secret_set", { req }),
  secretGet: (tenant, namespace, key, reveal) => call("secret_get", { tenant, namespace, key, reveal }),
  secretCopy: (tenant, namespace, key) => call("secret_copy", { tenant, namespace, key }),
  secretList: (tenant, namespace, effective) => call("secret_list", { tenant, namespace, effective }),
  secretDelete: (tenant, namespace, key) => call("secret_delete", { tenant, namespace, key }),
  secretSetReadOnly: (tenant, namespace, key, readOnly) =>
    call("secret_set_read_only", { tenant, namespace, key, readOnly }),
  secretVersions: (tenant, namespace, key) => call("secret_versions", { tenant, namespace, key }),
  secretRestore: (tenant, namespace, key, version) =>
    call("secret_restore", { tenant, namespace, key, version }),
  secretReferenceCopy: (key) => call("secret_reference_copy", { key }),
  secretImport: (req, onProgress) => {
    const progress = new Channel<ImportProgress>();
    progress.onmessage = (step) => {
      onProgress?.(step);
    };
    return call("secret_import", { req, progress });
  },
  secretExportFile: (tenant, namespace) => call("secret_export_file", { tenant, namespace }),
  auditList: (filter) => call("audit_list", { filter }),
  expiring: (query) => call("expiring", { query }),
  credentialTypes: (tenant) => call("credential_types", { tenant }),
  credentialType: (tenant, id) => call("credential_type", { tenant, id }),
  credentialTypeCreate: (tenant, def) => call("credential_type_create", { tenant, def }),
  credentialTypeUpdate: (tenant, id, def) => call("credential_type_update", { tenant, id, def }),
  credentialTypeDelete: (tenant, id) => call("credential_type_delete", { tenant, id }),
  credentialApply: (tenant, def) => call("credential_apply", { tenant, def }),
  credentialList: (req) => call("credential_list", { req }),
  credentialShow: (tenant, namespace, name) => call("credential_show", { tenant, namespace, name }),
  credentialDelete: (tenant, namespace, name) => call("credential_delete", { tenant, namespace, name }),
  credentialCopy: (req) => call("credential_copy", { req }),
  credentialTest: (tenant, namespace, name) => call("credential_test", { tenant, namespace, name }),
  credentialTestDefinition: (tenant, def) => call("credential_test_definition", { tenant, def }),
  credentialDiscover: (tenant, issuer) => call("credential_discover", { tenant, issuer }),
  whoami: () => call("whoami"),
  principalCreate: (req) => call("principal_create", { req }),
  principalList: (tenant) => call("principal_list", { tenant }),
  principalShow: (tenant, name) => call("principal_show", { tenant, name }),
  principalSetDisabled: (tenant, name, disabled) => call("principal_set_disabled", { tenant, name, disabled }),
  principalDelete: (tenant, name) => call("principal_delete", { tenant, name }),
  roleGrant: (req) => call("role_grant", { req }),
  roleRevoke: (req) => call("role_revoke", { req }),
  roleList: (req) => call("role_list", { req }),
  tokenCreate: (req) => call("token_create", { req }),
  tokenList: (tenant, principal) => call("token_list", { tenant, principal }),
  tokenRevoke: (tenant, id) => call("token_revoke", { tenant, id }),
  tokenRevokeAll: (tenant, principal) => call("token_revoke_all", { tenant, principal }),
  tokenRotate: (req) => call("token_rotate", { req }),
  tokenCopy: (token) => call("token_copy", { token }),
  kvSet: (req) => call("kv_set", { req }),
  kvGet: (tenant, namespace, key, inherit) => call("kv_get", { tenant, namespace, key, inherit }),
  kvList: (req) => call("kv_list", { req }),
  kvDelete: (tenant, namespace, key, ifVersion) => call("kv_delete", { tenant, namespace, key, ifVersion }),
  keyStatus: () => call("key_status"),
  keyRecoveryCreate: () => call("key_recovery_create"),
  recoveryKeyCopy: (recoveryKey) => call("recovery_key_copy", { recoveryKey }),
  keyPassphraseChange: (newPassphrase) => call("key_passphrase_change", { newPassphrase }),
  keyMove: (to, passphrase) => call("key_move", { to, passphrase }),
  keyRotate: (passphrase) => call("key_rotate", { passphrase }),
  keyRotateDataKeys: () => call("key_rotate_data_keys"),
  lock: () => call("lock"),
  screenLockWatch: (enabled, onLock) => {
    const channel = new Channel<null>();
    channel.onmessage = () => {
      onLock();
    };
    return call("screen_lock_watch", { enabled, onLock: channel });
  },
  appearanceWatch: (onChange) => {
    const channel = new Channel<Appearance>();
    channel.onmessage = onChange;
    return call("appearance_watch", { onChange: channel });
  },
  apiServerStatus: () => call("api_server_status"),
  apiServerStart: (port) => call("api_server_start", { port }),
  apiServerStop: () => call("api_server_stop"),
};
