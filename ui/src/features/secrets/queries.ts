import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { useBackend } from "../../backend";
import type { ImportProgress } from "../../bindings/ImportProgress";
import type { ImportRequest } from "../../bindings/ImportRequest";
import type { SecretListItem } from "../../bindings/SecretListItem";
import type { SecretSetRequest } from "../../bindings/SecretSetRequest";
import { patchOptimistically, refetchWhenLast, removeOptimistically } from "../../optimistic";
import { MARKS, mark } from "../../perf";

export const secretKeys = {
  all: (tenant: string) => ["secrets", tenant] as const,
  list: (tenant: string, namespace: string, effective: boolean) =>
    ["secrets", tenant, namespace, { effective }] as const,
  /** Optimistic writes (deletes, the read-only flag), counted to refetch once the last settles. */
  writes: (tenant: string) => ["secret-writes", tenant] as const,
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
    mutationKey: secretKeys.writes(tenant),
    onMutate: ({ namespace, key }) =>
      removeOptimistically<SecretListItem>(queryClient, secretKeys.all(tenant), isSecret(namespace, key)),
    onError: (_error, _vars, rollback) => {
      rollback?.();
    },
    onSettled: () => {
      refetchWhenLast(queryClient, secretKeys.writes(tenant), invalidate);
    },
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
    mutationKey: secretKeys.writes(tenant),
    onMutate: ({ namespace, key, readOnly }) =>
      patchOptimistically<SecretListItem>(queryClient, secretKeys.all(tenant), isSecret(namespace, key), { read_only: readOnly }),
    onError: (_error, _vars, rollback) => {
      rollback?.();
    },
    onSettled: () => {
      refetchWhenLast(queryClient, secretKeys.writes(tenant), invalidate);
    },
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
/** `onProgress` hears how far this one run has come. */
export function useImportSecrets(tenant: string) {
  const backend = useBackend();
  const invalidate = useInvalidateSecrets(tenant);
  return useMutation({
    mutationFn: ({ req, onProgress }: { req: ImportRequest; onProgress?: (progress: ImportProgress) => void }) =>
      backend.secretImport(req, onProgress),
    onSuccess: (report) => (report.dry_run ? undefined : invalidate()),
  });
}
