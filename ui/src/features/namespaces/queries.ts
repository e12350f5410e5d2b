import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { useBackend } from "../../backend";

export const namespaceKeys = {
  tree: (tenant: string) => ["namespaces", tenant, "tree"] as const,
};

/** `enabled: false` reads only what is cached (for hooks that need the tree only for some callers). */
export function useNamespaceTree(tenant: string, enabled = true) {
  const backend = useBackend();
  return useQuery({ queryKey: namespaceKeys.tree(tenant), queryFn: () => backend.namespaceTree(tenant), enabled });
}

export function useCreateNamespace(tenant: string) {
  const backend = useBackend();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (namespace: string) => backend.namespaceCreate(tenant, namespace),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: namespaceKeys.tree(tenant) }),
  });
}

/**
 * Deleting a namespace can take secrets, credentials, KV pairs, bindings and child namespaces with it: every
 * cached answer may hold some of them, so all are read again.
 */
export function useDeleteNamespace(tenant: string) {
  const backend = useBackend();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ namespace, recursive }: { namespace: string; recursive: boolean }) =>
      backend.namespaceDelete(tenant, namespace, recursive),
    onSuccess: () => queryClient.invalidateQueries(),
  });
}
