import { useQueries, useQuery } from "@tanstack/react-query";

import { useBackend } from "../../backend";
import { accessKeys } from "../access/queries";
import { credentialKeys } from "../credentials/queries";
import { kvKeys } from "../kv/queries";
import { namespaceKeys } from "../namespaces/queries";
import { flattenTree } from "../namespaces/tree";
import { useRights } from "../rights/RightsContext";
import { allows, tenantRole } from "../rights/rights";
import { secretKeys } from "../secrets/queries";
import type { SearchSources } from "./searchIndex";

/**
 * The listings the palette searches, fetched when it opens and shared with the panels through the same
 * query keys (what a panel already loaded is not asked again). Secrets are listed only where the tree
 * counts some, KV pairs only in namespaces that exist in their own right. Lists the caller's roles do
 * not cover are not asked for (each refusal would be an audited access.denied); one refused anyway is
 * left out rather than failing the search.
 */
export function useSearchSources(tenant: string): { sources: SearchSources; loading: boolean } {
  const backend = useBackend();
  const tree = useQuery({ queryKey: namespaceKeys.tree(tenant), queryFn: () => backend.namespaceTree(tenant) });
  // A parent shown only as the path to a readable namespace has no role (`access` null): nothing to list.
  const nodes = flattenTree(tree.data ?? []).filter((node) => node.access !== null);
  const atTenant = tenantRole(useRights());
  // One call for the whole tenant where the caller may read it; otherwise each readable namespace's list
  // (the Credentials tab's own query), whose inherited entries repeat and are merged by the index.
  const tenantWide = allows(atTenant, "read");
  const credentials = useQuery({
    queryKey: credentialKeys.everywhere(tenant),
    queryFn: () => backend.credentialList({ tenant, namespace: null, effective: false, type: null, order_by: null }),
    enabled: tenantWide,
  });
  const credentialsPerNamespace = useQueries({
    queries: (tenantWide ? [] : nodes).map((node) => ({
      queryKey: credentialKeys.list(tenant, node.id),
      queryFn: () => backend.credentialList({ tenant, namespace: node.id, effective: true, type: null, order_by: null }),
    })),
  });
  const tenantAdmin = allows(atTenant, "admin");
  const principals = useQuery({
    queryKey: accessKeys.principals(tenant),
    queryFn: () => backend.principalList(tenant),
    enabled: tenantAdmin,
  });
  const tokens = useQuery({
    queryKey: accessKeys.tokens(tenant, null),
    queryFn: () => backend.tokenList(tenant, null),
    enabled: tenantAdmin,
  });
  const secrets = useQueries({
    queries: nodes
      .filter((node) => node.secret_count > 0)
      .map((node) => ({
        queryKey: secretKeys.list(tenant, node.id, false),
        queryFn: () => backend.secretList(tenant, node.id, false),
      })),
  });
  const kv = useQueries({
    queries: nodes
      .filter((node) => node.explicit)
      .map((node) => ({
        queryKey: kvKeys.list(tenant, node.id, false, null),
        queryFn: () => backend.kvList({ tenant, namespace: node.id, prefix: null, effective: false }),
      })),
  });
  const all = [tree, credentials, principals, tokens, ...credentialsPerNamespace, ...secrets, ...kv];
  return {
    sources: {
      tree: tree.data ?? [],
      credentials: [...(credentials.data ?? []), ...credentialsPerNamespace.flatMap((query) => query.data ?? [])],
      principals: principals.data ?? [],
      tokens: tokens.data ?? [],
      secrets: secrets.flatMap((query) => query.data ?? []),
      kv: kv.flatMap((query) => query.data ?? []),
    },
    loading: all.some((query) => query.isPending && query.fetchStatus !== "idle"),
  };
}
