// What the caller may do, for showing controls: the server decides every request; the UI only avoids
// offering what would be refused. Namespace roles come from the server (`NamespaceNode.access`, computed
// per caller); only the tenant-level role is read from whoami's bindings and narrowing.
import type { CallerInfo } from "../../bindings/CallerInfo";
import type { GrantDto } from "../../bindings/GrantDto";
import type { NamespaceNode } from "../../bindings/NamespaceNode";
import type { Role } from "../../bindings/Role";
import { flattenTree } from "../namespaces/tree";

/** The local administrator (the desktop) may do everything; a token holder what its roles allow. */
export type Rights = { kind: "local_admin" } | { kind: "token"; caller: CallerInfo };

export const LOCAL_ADMIN: Rights = { kind: "local_admin" };

/** Whether a control is offered, and if not, why: `reason` in a sentence, `short` for a menu entry. */
export type Gate = { allowed: true } | { allowed: false; reason: string; short: string };

export const ALLOWED: Gate = { allowed: true };

const RANK: Record<Role, number> = { read: 1, use: 2, admin: 3 };

export function allows(have: Role | null, need: Role): boolean {
  return have !== null && RANK[have] >= RANK[need];
}

function strongest(roles: Role[]): Role | null {
  return roles.reduce<Role | null>((best, role) => (best === null || RANK[role] > RANK[best] ? role : best), null);
}

/**
 * The role at tenant level: the strongest tenant-level binding, capped by a tenant-level narrowing. A token
 * narrowed to a namespace has none there.
 */
export function tenantRole(rights: Rights): Role | null {
  if (rights.kind === "local_admin") return "admin";
  const { bindings, narrowing } = rights.caller;
  const bound = strongest(bindings.filter((grant) => grant.scope.level === "tenant").map((grant) => grant.role));
  if (narrowing === null || bound === null) return bound;
  if (narrowing.scope.level !== "tenant") return null;
  return RANK[narrowing.role] < RANK[bound] ? narrowing.role : bound;
}

/** The role in `namespace` as the server reported it in the tree; `null` when it gave none (or it is not listed). */
export function namespaceRole(rights: Rights, tree: NamespaceNode[], namespace: string): Role | null {
  if (rights.kind === "local_admin") return "admin";
  return flattenTree(tree).find((node) => node.id === namespace)?.access ?? null;
}

/** Admin at tenant level or on some namespace (where a new namespace or a copy may go). */
export function adminSomewhere(rights: Rights, tree: NamespaceNode[]): boolean {
  return allows(tenantRole(rights), "admin") || flattenTree(tree).some((node) => node.access === "admin");
}

/** Where a role applies, in words. */
export function scopeWords(namespace: string | null): string {
  return namespace === null ? "at tenant level" : `on ${namespace}`;
}

export function gate(have: Role | null, need: Role, namespace: string | null): Gate {
  if (allows(have, need)) return ALLOWED;
  const has = have === null ? "this token has no role there" : `this token has only ${have} there`;
  return {
    allowed: false,
    reason: `Needs the ${need} role ${scopeWords(namespace)}; ${has}.`,
    short: `Needs ${need} ${scopeWords(namespace)}`,
  };
}

/** A binding or narrowing in words: "admin on the whole tenant", "read on company.team and below". */
export function grantWords(grant: GrantDto): string {
  return grant.scope.level === "tenant"
    ? `${grant.role} on the whole tenant`
    : `${grant.role} on ${grant.scope.namespace} and below`;
}
