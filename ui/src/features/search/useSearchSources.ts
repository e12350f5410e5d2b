import { useQueries, useQuery } from "@tanstack/react-query";

import { useBackend } from "../../backend";
import { accessKeys } from "../access/queries";
import { credentialKeys } from "../credentials/queries";
import { kvKeys } from "../kv/queries";
import { namespaceKeys } from "../namespaces/queries";
import { flattenTree } from "../namespaces/tree";
import { secretKeys } from "../secrets/queries";
import type { SearchSources } from "./searchIndex";

/**
 * The listings the palette searches, fetched when it opens and shared with the panels through the same
 * query keys (what a panel already loaded is not asked again). Secrets are listed only where the tree
 * counts some, KV pairs only in namespaces that exist in their own right. A listing the caller may not
 * read (a token without the role) is left out rather than failing the search.
 */
export function useSearchSources(tenant: string): { sources: SearchSources; loading: boolean } {
  const backend = useBackend();
  const tree = useQuery({ queryKey: namespaceKeys.tree(tenant), queryFn: () => backend.namespaceTree(tenant) });
  const nodes = flattenTree(tree.data ?? []);
  const credentials = useQuery({
    queryKey: credentialKeys.everywhere(tenant),
    queryFn: () => backend.credentialList({ tenant, namespace: null, effective: false, type: null, order_by: null }),
  });
  const principals = useQuery({ queryKey: accessKeys.principals(tenant), queryFn: () => backend.principalList(tenant) });
  const tokens = useQuery({ queryKey: accessKeys.tokens(tenant, null), queryFn: () => backend.tokenList(tenant, null) });
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
        queryKey: kvKeys.list(tenant, node.id, false),
        queryFn: () => backend.kvList({ tenant, namespace: node.id, prefix: null, effective: false }),
      })),
  });
  const all = [tree, credentials, principals, tokens, ...secrets, ...kv];
  return {
    sources: {
      tree: tree.data ?? [],
      credentials: credentials.data ?? [],
      principals: principals.data ?? [],
      tokens: tokens.data ?? [],
      secrets: secrets.flatMap((query) => query.data ?? []),
      kv: kv.flatMap((query) => query.data ?? []),
    },
    loading: all.some((query) => query.isPending && query.fetchStatus !== "idle"),
  };
}
