import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { useBackend } from "../../backend";
import type { ImportProgress } from "../../bindings/ImportProgress";
import type { ImportRequest } from "../../bindings/ImportRequest";
import type { SecretListItem } from "../../bindings/SecretListItem";
import type { SecretSetRequest } from "../../bindings/SecretSetRequest";
import { showOptimistically } from "../../optimistic";
import { MARKS, mark } from "../../perf";

export const secretKeys = {
  all: (tenant: string) => ["secrets", tenant] as const,
  list: (tenant: string, namespace: string, effective: boolean) =>
    ["secrets", tenant, namespace, { effective }] as const,
};

/** `enabled` false: nothing is asked (a preview of a form has no namespace to list). */
export function useSecretList(tenant: string, namespace: string, effective: boolean, enabled = true) {
  const backend = useBackend();
  return useQuery({
    enabled,
    queryKey: secretKeys.list(tenant, namespace, effective),
    queryFn: async () => {
      const items = await backend.secretList(tenant, namespace, effective);
      mark(MARKS.secretsData);
      return items;
    },
  });
}

/** Any write changes listings of this namespace and of its descendants (inheritance) and the tree's counts. */
function useInvalidateSecrets(tenant: string) {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: secretKeys.all(tenant) }),
      queryClient.invalidateQueries({ queryKey: ["namespaces", tenant] }),
    ]);
}

export function useSetSecret(tenant: string) {
  const backend = useBackend();
  const invalidate = useInvalidateSecrets(tenant);
  return useMutation({
    mutationFn: (req: SecretSetRequest) => backend.secretSet(req),
    onSuccess: invalidate,
  });
}

/** The secret `key` as defined in `namespace` (its own row, or the row a descendant inherits). */
const isSecret = (namespace: string, key: string) => (item: SecretListItem) =>
  item.namespace === namespace && item.key === key;

/** The row leaves the listings at once; it comes back if the delete fails. */
export function useDeleteSecret(tenant: string) {
  const backend = useBackend();
  const queryClient = useQueryClient();
  const invalidate = useInvalidateSecrets(tenant);
  return useMutation({
    mutationFn: ({ namespace, key }: { namespace: string; key: string }) =>
      backend.secretDelete(tenant, namespace, key),
    onMutate: ({ namespace, key }) =>
      showOptimistically<SecretListItem>(queryClient, secretKeys.all(tenant), (items) => items.filter((item) => !isSecret(namespace, key)(item))),
    onError: (_error, _vars, rollback) => {
      rollback?.();
    },
    onSettled: invalidate,
  });
}

/** The flag flips in the listings at once; it flips back if the host refuses. */
export function useSetReadOnly(tenant: string) {
  const backend = useBackend();
  const queryClient = useQueryClient();
  const invalidate = useInvalidateSecrets(tenant);
  return useMutation({
    mutationFn: ({ namespace, key, readOnly }: { namespace: string; key: string; readOnly: boolean }) =>
      backend.secretSetReadOnly(tenant, namespace, key, readOnly),
    onMutate: ({ namespace, key, readOnly }) =>
      showOptimistically<SecretListItem>(queryClient, secretKeys.all(tenant), (items) =>
        items.map((item) => (isSecret(namespace, key)(item) ? { ...item, read_only: readOnly } : item)),
      ),
    onError: (_error, _vars, rollback) => {
      rollback?.();
    },
    onSettled: invalidate,
  });
}

export function useSecretVersions(tenant: string, namespace: string, key: string) {
  const backend = useBackend();
  return useQuery({
    queryKey: [...secretKeys.all(tenant), namespace, "versions", key] as const,
    queryFn: () => backend.secretVersions(tenant, namespace, key),
  });
}

/** Restoring writes a new version: listings (version numbers) and this secret's history change. */
export function useRestoreSecret(tenant: string) {
  const backend = useBackend();
  const invalidate = useInvalidateSecrets(tenant);
  return useMutation({
    mutationFn: ({ namespace, key, version }: { namespace: string; key: string; version: number }) =>
      backend.secretRestore(tenant, namespace, key, version),
    onSuccess: invalidate,
  });
}

/** A dry run changes nothing; a real import changes listings and counts. */
export function useImportSecrets(tenant: string, onProgress?: (progress: ImportProgress) => void) {
  const backend = useBackend();
  const invalidate = useInvalidateSecrets(tenant);
  return useMutation({
    mutationFn: (req: ImportRequest) => backend.secretImport(req, onProgress),
    onSuccess: (report) => (report.dry_run ? undefined : invalidate()),
  });
}
