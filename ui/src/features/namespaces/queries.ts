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
