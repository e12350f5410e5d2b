import { createContext, useContext, useMemo, type ReactNode } from "react";

import type { NamespaceNode } from "../../bindings/NamespaceNode";
import type { Role } from "../../bindings/Role";
import { useNamespaceTree } from "../namespaces/queries";
import { adminSomewhere, gate, LOCAL_ADMIN, namespaceRole, tenantRole, type Gate, type Rights } from "./rights";

// Without a provider the UI acts for the local administrator: the desktop app.
const RightsContext = createContext<Rights>(LOCAL_ADMIN);

export function RightsProvider({ rights, children }: { rights: Rights; children: ReactNode }) {
  return <RightsContext.Provider value={rights}>{children}</RightsContext.Provider>;
}

export function useRights(): Rights {
  return useContext(RightsContext);
}

/** The same empty tree every time, so what is computed from it is not recomputed. */
const NO_TREE: NamespaceNode[] = [];

/** The server's tree, only where roles depend on it (a token holder); shares the navigation's query. */
function useTreeForRights(tenant: string, rights: Rights) {
  return useNamespaceTree(tenant, rights.kind === "token").data ?? NO_TREE;
}

/** May the caller act with `need` in `namespace`? Until the tree is loaded, a token holder may not. */
export function useNamespaceGate(tenant: string, namespace: string, need: Role): Gate {
  return useNamespaceGates(tenant)(namespace, need);
}

/** What `gateFor(namespace, need)` says for many namespaces at once (a table's rows, one hook for all). */
export type NamespaceGates = (namespace: string, need: Role) => Gate;

/** `useNamespaceGate` for any namespace, read once per table instead of once per row. */
export function useNamespaceGates(tenant: string): NamespaceGates {
  const rights = useRights();
  const tree = useTreeForRights(tenant, rights);
  return useMemo(() => (namespace: string, need: Role) => gate(namespaceRole(rights, tree, namespace), need, namespace), [rights, tree]);
}

export function useTenantGate(need: Role): Gate {
  return gate(tenantRole(useRights()), need, null);
}

/** For actions whose place is chosen afterwards (a new namespace, a copy's target). */
export function useAdminSomewhereGate(tenant: string): Gate {
  const rights = useRights();
  const tree = useTreeForRights(tenant, rights);
  return adminSomewhere(rights, tree)
    ? { allowed: true }
    : {
        allowed: false,
        reason: "Needs the admin role at tenant level or on a namespace; this token has none.",
        short: "Needs admin somewhere in the tenant",
      };
}
