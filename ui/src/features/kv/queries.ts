import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { useBackend } from "../../backend";
import type { KvListItem } from "../../bindings/KvListItem";
import type { KvSetRequest } from "../../bindings/KvSetRequest";
import { refetchWhenLast, removeOptimistically } from "../../optimistic";

export const kvKeys = {
  lists: (tenant: string) => ["kv", tenant, "list"] as const,
  list: (tenant: string, namespace: string, effective: boolean, prefix: string | null) =>
    ["kv", tenant, "list", namespace, { effective, prefix }] as const,
  pair: (tenant: string, namespace: string, key: string) => ["kv", tenant, "pair", namespace, key] as const,
  /** Optimistic deletes, counted to refetch once the last settles. */
  deletes: (tenant: string) => ["kv-deletes", tenant] as const,
};

/**
 * `prefix`: only keys starting with it (the core filters). While another prefix of the same listing loads, the
 * last rows stay (never another namespace's).
 */
export function useKvList(tenant: string, namespace: string, effective: boolean, prefix: string | null = null) {
  const backend = useBackend();
  return useQuery({
    queryKey: kvKeys.list(tenant, namespace, effective, prefix),
    queryFn: () => backend.kvList({ tenant, namespace, prefix, effective }),
    placeholderData: (previous, previousQuery) =>
      previousQuery?.queryKey[3] === namespace && previousQuery.queryKey[1] === tenant ? previous : undefined,
  });
}

/**
 * One pair of `namespace` (not a parent's), for the edit form. Never served from the cache: the version
 * an edit sends as `if_version` must be the one the form shows.
 */
export function useKvPair(tenant: string, namespace: string, key: string) {
  const backend = useBackend();
  return useQuery({
    queryKey: kvKeys.pair(tenant, namespace, key),
    queryFn: () => backend.kvGet(tenant, namespace, key, false),
    gcTime: 0,
  });
}

/**
 * A write changes listings of this namespace and of its descendants (inheritance), and may make an implicit
 * namespace explicit. An open edit form's pair is left alone: it closes on success.
 */
function useInvalidateKv(tenant: string) {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: kvKeys.lists(tenant) }),
      queryClient.invalidateQueries({ queryKey: ["namespaces", tenant] }),
    ]);
}

export function useSetKv(tenant: string) {
  const backend = useBackend();
  const invalidate = useInvalidateKv(tenant);
  return useMutation({
    mutationFn: (req: KvSetRequest) => backend.kvSet(req),
    onSuccess: invalidate,
  });
}

/**
 * The pair leaves the listings at once (a descendant's inherited row too; a shadowed parent's pair comes
 * back with the refetch). It is put back if the core refuses, e.g. because it changed since it was listed.
 */
export function useDeleteKv(tenant: string) {
  const backend = useBackend();
  const queryClient = useQueryClient();
  const invalidate = useInvalidateKv(tenant);
  return useMutation({
    mutationFn: ({ namespace, key, ifVersion }: { namespace: string; key: string; ifVersion: number }) =>
      backend.kvDelete(tenant, namespace, key, ifVersion),
    mutationKey: kvKeys.deletes(tenant),
    onMutate: ({ namespace, key }) =>
      removeOptimistically<KvListItem>(queryClient, kvKeys.lists(tenant), (item) => item.namespace === namespace && item.key === key),
    onError: (_error, _vars, rollback) => {
      rollback?.();
    },
    // On a conflict too: the dialog then shows the current version behind it.
    onSettled: () => {
      refetchWhenLast(queryClient, kvKeys.deletes(tenant), invalidate);
    },
  });
}
