import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { useBackend } from "../../backend";

export const namespaceKeys = {
  tree: (tenant: string) => ["namespaces", tenant, "tree"] as const,
};

export function useNamespaceTree(tenant: string) {
  const backend = useBackend();
  return useQuery({ queryKey: namespaceKeys.tree(tenant), queryFn: () => backend.namespaceTree(tenant) });
}

export function useCreateNamespace(tenant: string) {
  const backend = useBackend();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (namespace: string) => backend.namespaceCreate(tenant, namespace),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: namespaceKeys.tree(tenant) }),
  });
}
