// The host boundary. Every call the UI makes to Keystead goes through one `Backend`; the desktop app
// implements it with Tauri commands, the web console with HTTP requests to `keystead serve`, component
// tests with an in-memory double.
import type { ApiTokenDto } from "../bindings/ApiTokenDto";
import type { CallerInfo } from "../bindings/CallerInfo";
import type { CreatedToken } from "../bindings/CreatedToken";
import type { PrincipalCreateRequest } from "../bindings/PrincipalCreateRequest";
import type { PrincipalDetail } from "../bindings/PrincipalDetail";
import type { PrincipalDto } from "../bindings/PrincipalDto";
import type { RoleBindingDto } from "../bindings/RoleBindingDto";
import type { RoleChangeRequest } from "../bindings/RoleChangeRequest";
import type { RoleListRequest } from "../bindings/RoleListRequest";
import type { TokenCreateRequest } from "../bindings/TokenCreateRequest";
import type { TokenRotateRequest } from "../bindings/TokenRotateRequest";
import type { ApiServerState } from "../bindings/ApiServerState";
import type { Appearance } from "../bindings/Appearance";
import type { AuditEventDto } from "../bindings/AuditEventDto";
import type { DataKeyRotationDto } from "../bindings/DataKeyRotationDto";
import type { KeyMode } from "../bindings/KeyMode";
import type { KeyRotationDto } from "../bindings/KeyRotationDto";
import type { KeyStatusDto } from "../bindings/KeyStatusDto";
import type { RecoveryKeyDto } from "../bindings/RecoveryKeyDto";
import type { KvDto } from "../bindings/KvDto";
import type { KvListItem } from "../bindings/KvListItem";
import type { KvListRequest } from "../bindings/KvListRequest";
import type { KvSetRequest } from "../bindings/KvSetRequest";
import type { AuditFilter } from "../bindings/AuditFilter";
import type { ExpiringQuery } from "../bindings/ExpiringQuery";
import type { ExpiringReport } from "../bindings/ExpiringReport";
import type { CopyReceipt } from "../bindings/CopyReceipt";
import type { CredentialCopyRequest } from "../bindings/CredentialCopyRequest";
import type { CredentialDefinition } from "../bindings/CredentialDefinition";
import type { CredentialDto } from "../bindings/CredentialDto";
import type { CredentialListRequest } from "../bindings/CredentialListRequest";
import type { CredentialType } from "../bindings/CredentialType";
import type { CustomTypeDefinition } from "../bindings/CustomTypeDefinition";
import type { Discovery } from "../bindings/Discovery";
import type { ErrorCode } from "../bindings/ErrorCode";
import type { MintErrorCode } from "../bindings/MintErrorCode";
import type { NamespaceDeleted } from "../bindings/NamespaceDeleted";
import type { NamespaceNode } from "../bindings/NamespaceNode";
import type { ImportProgress } from "../bindings/ImportProgress";
import type { ImportReport } from "../bindings/ImportReport";
import type { ImportRequest } from "../bindings/ImportRequest";
import type { SecretListItem } from "../bindings/SecretListItem";
import type { SecretMeta } from "../bindings/SecretMeta";
import type { SecretSetRequest } from "../bindings/SecretSetRequest";
import type { SecretVersionDto } from "../bindings/SecretVersionDto";
import type { SecretView } from "../bindings/SecretView";
import type { StatusDto } from "../bindings/StatusDto";
import type { TenantDto } from "../bindings/TenantDto";
import type { TestResult } from "../bindings/TestResult";
import type { UnlockState } from "../bindings/UnlockState";
import type { WireError } from "../bindings/WireError";

export interface Backend {
  unlockState(): Promise<UnlockState>;
  unlock(passphrase: string): Promise<UnlockState>;
  status(): Promise<StatusDto>;
  tenantList(): Promise<TenantDto[]>;
  /** Only the administrator at the Keystead machine may (the core refuses token holders). */
  tenantCreate(id: string): Promise<TenantDto>;
  namespaceCreate(tenant: string, namespace: string): Promise<void>;
  namespaceTree(tenant: string): Promise<NamespaceNode[]>;
  /** One that holds anything is refused (`conflict`, naming what it holds) unless `recursive`. */
  namespaceDelete(tenant: string, namespace: string, recursive: boolean): Promise<NamespaceDeleted>;
  secretSet(req: SecretSetRequest): Promise<SecretMeta>;
  secretGet(tenant: string, namespace: string, key: string, reveal: boolean): Promise<SecretView>;
  /**
   * The host copies the value to the OS clipboard (audited as a reveal) and clears it after
   * `clear_after_secs` if it still holds it. The value never comes back to the UI. In a browser the page
   * writes the clipboard itself and can clear it only where the browser lets it (`clear`).
   */
  secretCopy(tenant: string, namespace: string, key: string): Promise<CopyOutcome>;
  secretList(tenant: string, namespace: string, effective: boolean): Promise<SecretListItem[]>;
  secretDelete(tenant: string, namespace: string, key: string): Promise<void>;
  secretSetReadOnly(tenant: string, namespace: string, key: string, readOnly: boolean): Promise<SecretMeta>;
  secretVersions(tenant: string, namespace: string, key: string): Promise<SecretVersionDto[]>;
  /** Writes the chosen version's value as a new version; the answer's `version` is the new one. */
  secretRestore(tenant: string, namespace: string, key: string, version: number): Promise<SecretMeta>;
  /** Copies the text `{{ secret('KEY') }}` (the reference credentials use, not the value). */
  secretReferenceCopy(key: string): Promise<void>;
  /** Previews (`dry_run`) or imports `.env` / `.env_encoded` text; the report names keys, never values. */
  /** `onProgress` hears how far a running import has come (the desktop host tells; over HTTP it is not called). */
  secretImport(req: ImportRequest, onProgress?: (progress: ImportProgress) => void): Promise<ImportReport>;
  /**
   * Saves the namespace's own secrets (Kestra `.env_encoded`) where the user chooses: a native save
   * dialog on the desktop, a download in a browser. Resolves with where it went; null when cancelled.
   */
  secretExportFile(tenant: string, namespace: string): Promise<string | null>;
  auditList(filter: AuditFilter): Promise<AuditEventDto[]>;
  /**
   * What expires or needs attention soon (API tokens, KV pairs, aged secrets, credentials whose last Test
   * failed): only what the caller may read, overdue first. Names and times, never a value or a token.
   */
  expiring(query: ExpiringQuery): Promise<ExpiringReport>;
  /** Built-in types first, then the tenant's custom types. */
  credentialTypes(tenant: string): Promise<CredentialType[]>;
  credentialType(tenant: string, id: string): Promise<CredentialType>;
  credentialTypeCreate(tenant: string, def: CustomTypeDefinition): Promise<CredentialType>;
  /**
   * Replaces a custom type's label, description and inputs (`def.id` must be `id`). `conflict` for a
   * built-in type, or when saved credentials of the type would no longer match (the message names them).
   */
  credentialTypeUpdate(tenant: string, id: string, def: CustomTypeDefinition): Promise<CredentialType>;
  /** `conflict` for a built-in type, or while credentials use it (the message names them). */
  credentialTypeDelete(tenant: string, id: string): Promise<void>;
  /** Creates or replaces; sensitive inputs must be `{{ secret('KEY') }}` references. */
  credentialApply(tenant: string, def: CredentialDefinition): Promise<CredentialDto>;
  credentialList(req: CredentialListRequest): Promise<CredentialDto[]>;
  /** `namespace` null: a tenant-level credential. */
  credentialShow(tenant: string, namespace: string | null, name: string): Promise<CredentialDto>;
  credentialDelete(tenant: string, namespace: string | null, name: string): Promise<void>;
  credentialCopy(req: CredentialCopyRequest): Promise<CredentialDto>;
  /** A live token retrieval for a saved credential, as seen from `namespace`. */
  credentialTest(tenant: string, namespace: string | null, name: string): Promise<TestResult>;
  /** The same for an unsaved definition (the form's Test button). */
  credentialTestDefinition(tenant: string, def: CredentialDefinition): Promise<TestResult>;
  /** RFC 8414 / OIDC discovery (needs admin somewhere in the tenant: it calls any URL given). */
  credentialDiscover(tenant: string, issuer: string): Promise<Discovery>;
  /** Who the UI acts as, and what it may do (the desktop is the local administrator). */
  whoami(): Promise<CallerInfo>;
  principalCreate(req: PrincipalCreateRequest): Promise<PrincipalDto>;
  principalList(tenant: string): Promise<PrincipalDto[]>;
  /** A principal with its bindings, effective rights per scope and tokens. */
  principalShow(tenant: string, name: string): Promise<PrincipalDetail>;
  principalSetDisabled(tenant: string, name: string, disabled: boolean): Promise<PrincipalDto>;
  principalDelete(tenant: string, name: string): Promise<void>;
  /** Resolves false when the binding already existed. */
  roleGrant(req: RoleChangeRequest): Promise<boolean>;
  roleRevoke(req: RoleChangeRequest): Promise<void>;
  roleList(req: RoleListRequest): Promise<RoleBindingDto[]>;
  /** The answer's `token` is the plaintext: show it once, never store it. */
  tokenCreate(req: TokenCreateRequest): Promise<CreatedToken>;
  tokenList(tenant: string, principal: string | null): Promise<ApiTokenDto[]>;
  tokenRevoke(tenant: string, id: string): Promise<ApiTokenDto>;
  tokenRevokeAll(tenant: string, principal: string): Promise<number>;
  tokenRotate(req: TokenRotateRequest): Promise<CreatedToken>;
  /** Copies a just-created token to the OS clipboard (the host clears it after the delay). */
  tokenCopy(token: string): Promise<CopyOutcome>;
  /** Creates or updates a KV pair; the expiry is kept unless `expiry` changes it. */
  kvSet(req: KvSetRequest): Promise<KvDto>;
  /** A pair of `namespace` only, or with `inherit` the nearest parent's. */
  kvGet(tenant: string, namespace: string, key: string, inherit: boolean): Promise<KvDto>;
  kvList(req: KvListRequest): Promise<KvListItem[]>;
  kvDelete(tenant: string, namespace: string, key: string, ifVersion: number | null): Promise<void>;
  // The key lifecycle, locking and the app's HTTP API: the desktop only (the web console refuses).
  keyStatus(): Promise<KeyStatusDto>;
  /** The recovery key's text, to show once: the host keeps only what it unlocks. */
  keyRecoveryCreate(): Promise<RecoveryKeyDto>;
  /** Copies a just-created recovery key to the OS clipboard (the host clears it after the delay). */
  recoveryKeyCopy(recoveryKey: string): Promise<CopyOutcome>;
  keyPassphraseChange(newPassphrase: string): Promise<KeyStatusDto>;
  keyMove(to: KeyMode, passphrase: string | null): Promise<KeyStatusDto>;
  /** Passphrase mode needs the passphrase again; a replaced recovery key comes back once. */
  keyRotate(passphrase: string | null): Promise<KeyRotationDto>;
  keyRotateDataKeys(): Promise<DataKeyRotationDto>;
  /** Forgets the unlocked core; unlocking needs the passphrase (or the keyring) again. */
  lock(): Promise<UnlockState>;
  /**
   * Whether the host locks when the OS screen locks; `onLock` runs after it did (the desktop only: the
   * web console resolves and never calls it).
   */
  screenLockWatch(enabled: boolean, onLock: () => void): Promise<void>;
  /**
   * Whether the desktop prefers a dark style, as the host reads it, and each change after on
   * `onChange`; null where the page's own `prefers-color-scheme` tells (the web console, and the
   * desktop app off Linux).
   */
  appearanceWatch(onChange: (appearance: Appearance) => void): Promise<Appearance | null>;
  apiServerStatus(): Promise<ApiServerState>;
  /** Serves the HTTP API on 127.0.0.1 from the app (`port` null: a free one). */
  apiServerStart(port: number | null): Promise<ApiServerState>;
  apiServerStop(): Promise<ApiServerState>;
}

/**
 * What a copy did. The desktop clears the OS clipboard itself; a browser page may write the clipboard only
 * while it has focus, so there `clear` settles after the delay and says whether the clear happened.
 */
export type CopyOutcome = CopyReceipt & { clear?: Promise<ClearOutcome> };

export type ClearOutcome =
  | { kind: "cleared" }
  /** The clipboard holds something else now (the user copied other content): left alone. */
  | { kind: "changed" }
  /** A later copy replaced this one; its own clear decides. */
  | { kind: "superseded" }
  /** The browser refused; `reason` says why, for people. The value may still be on the clipboard. */
  | { kind: "not_cleared"; reason: string };

/**
 * Codes of failures on the UI's side of the boundary: `transport` (the host could not be reached or gave
 * no Keystead answer), `clipboard` (the browser refused clipboard access).
 */
export type LocalErrorCode = "transport" | "clipboard";

/** An error reported by the host. Branch on `code` (and `mintError` for `token_mint`); show `message`. */
export class BackendError extends Error {
  readonly code: ErrorCode | LocalErrorCode;
  readonly mintError: MintErrorCode | undefined;

  constructor(code: ErrorCode | LocalErrorCode, message: string, mintError?: MintErrorCode) {
    super(message);
    this.name = "BackendError";
    this.code = code;
    this.mintError = mintError;
  }

  static fromWire(wire: WireError): BackendError {
    return new BackendError(wire.code, wire.message, wire.mint_error);
  }
}

function isWireError(value: unknown): value is WireError {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as Record<string, unknown>).code === "string" &&
    typeof (value as Record<string, unknown>).message === "string"
  );
}

/** Normalises anything a host call can throw into a `BackendError`. */
export function toBackendError(error: unknown): BackendError {
  if (error instanceof BackendError) return error;
  if (isWireError(error)) return BackendError.fromWire(error);
  const message = error instanceof Error ? error.message : String(error);
  return new BackendError("transport", message);
}

/** The error code of any thrown value, or undefined when it is not a backend error. */
export function errorCode(error: unknown): BackendError["code"] | undefined {
  return error instanceof BackendError ? error.code : undefined;
}
