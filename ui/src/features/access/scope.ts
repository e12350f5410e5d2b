import type { Role } from "../../bindings/Role";
import type { Scope } from "../../bindings/Scope";

export const TENANT_SCOPE: Scope = { level: "tenant" };

export function namespaceScope(namespace: string): Scope {
  return { level: "namespace", namespace };
}

/** Where a binding applies, in words. */
export function scopeLabel(scope: Scope): string {
  return scope.level === "tenant" ? "whole tenant" : scope.namespace;
}

/** What `RoleChangeRequest.namespace` takes: the namespace, or null for the tenant level. */
export function requestNamespace(scope: Scope): string | null {
  return scope.level === "tenant" ? null : scope.namespace;
}

/** The inverse of `requestNamespace`. */
export function scopeOfRequest(namespace: string | null): Scope {
  return namespace === null ? TENANT_SCOPE : namespaceScope(namespace);
}

/** A stable string for keys and select values ("tenant" can never be a namespace key: it has no ':'). */
export function scopeKey(scope: Scope): string {
  return scope.level === "tenant" ? "tenant" : `namespace:${scope.namespace}`;
}

export function sameScope(a: Scope, b: Scope): boolean {
  return scopeKey(a) === scopeKey(b);
}

export const ROLES: readonly Role[] = ["read", "use", "admin"];

/** What each role may do (DESIGN.md, Roles); each includes the ones before it. */
export const ROLE_MEANING: Record<Role, string> = {
  read: "list and view metadata; values stay masked",
  use: "read, plus resolve values for jobs (secret values, credential access tokens, KV) and run Test",
  admin: "use, plus create, update, delete, copy, reveal, and manage tokens and bindings",
};
