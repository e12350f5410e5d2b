// What the credential form is for. An inherited credential is never edited through a namespace's
// listing by accident: the form either edits where the credential is defined (said in the title) or
// overrides it by saving a prefilled copy into the namespace being viewed.
import type { CredentialDto } from "../../bindings/CredentialDto";

export type CredentialFormMode =
  | { kind: "new" }
  /** Saves where `credential` is defined: its namespace, or the tenant level. */
  | { kind: "edit"; credential: CredentialDto }
  /** Prefilled from an inherited `credential`; saves into the namespace being viewed, shadowing it. */
  | { kind: "override"; credential: CredentialDto };

/** Where a credential is defined, in words. */
export function scopeLabel(namespace: string | null): string {
  return namespace ?? "tenant level";
}

export function formTitle(mode: CredentialFormMode, namespace: string): string {
  switch (mode.kind) {
    case "new":
      return "New credential";
    case "edit":
      return mode.credential.namespace === null
        ? `Edit ${mode.credential.name} at tenant level`
        : `Edit ${mode.credential.name} in ${mode.credential.namespace}`;
    case "override":
      return `Override ${mode.credential.name} in ${namespace}`;
  }
}

/** The credential the form starts from, if any. */
export function formSource(mode: CredentialFormMode): CredentialDto | null {
  return mode.kind === "new" ? null : mode.credential;
}

/** The namespace a save writes to (a tenant-level save is decided by the form's tenant-level flag). */
export function saveNamespace(mode: CredentialFormMode, namespace: string): string {
  return mode.kind === "edit" ? (mode.credential.namespace ?? namespace) : namespace;
}
