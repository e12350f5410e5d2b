import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { useBackend } from "../../backend";
import type { CredentialCopyRequest } from "../../bindings/CredentialCopyRequest";
import type { CredentialDefinition } from "../../bindings/CredentialDefinition";
import type { CredentialDto } from "../../bindings/CredentialDto";
import type { DiagnosisFix } from "../../bindings/DiagnosisFix";
import { expiringKeys } from "../expiring/queries";
import { refetchWhenLast, removeOptimistically } from "../../optimistic";
import { namespaceKeys } from "../namespaces/queries";

export const credentialKeys = {
  all: (tenant: string) => ["credentials", tenant] as const,
  list: (tenant: string, namespace: string) => ["credentials", tenant, namespace, { effective: true }] as const,
  /** Every credential of the tenant, wherever it is defined (search). */
  everywhere: (tenant: string) => ["credentials", tenant, { everywhere: true }] as const,
  types: (tenant: string) => ["credential-types", tenant] as const,
  /** Optimistic deletes, counted to refetch once the last settles. */
  deletes: (tenant: string) => ["credential-deletes", tenant] as const,
};

export function useCredentialTypes(tenant: string) {
  const backend = useBackend();
  return useQuery({
    queryKey: credentialKeys.types(tenant),
    queryFn: () => backend.credentialTypes(tenant),
    staleTime: 60_000,
  });
}

/** The namespace's credentials and those it inherits (ancestors, then tenant level). */
export function useCredentialList(tenant: string, namespace: string) {
  const backend = useBackend();
  return useQuery({
    queryKey: credentialKeys.list(tenant, namespace),
    queryFn: () => backend.credentialList({ tenant, namespace, effective: true, type: null, order_by: null }),
  });
}

/** A write changes the listings of its namespace, its descendants and (tenant level) every namespace. */
function useInvalidateCredentials(tenant: string) {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: credentialKeys.all(tenant) });
}

export function useApplyCredential(tenant: string) {
  const backend = useBackend();
  const invalidate = useInvalidateCredentials(tenant);
  return useMutation({
    mutationFn: (def: CredentialDefinition) => backend.credentialApply(tenant, def),
    onSuccess: invalidate,
  });
}

/** The credential leaves every listing at once (where it is inherited too); it comes back if the delete fails. */
export function useDeleteCredential(tenant: string) {
  const backend = useBackend();
  const queryClient = useQueryClient();
  const invalidate = useInvalidateCredentials(tenant);
  return useMutation({
    mutationFn: ({ namespace, name }: { namespace: string | null; name: string }) =>
      backend.credentialDelete(tenant, namespace, name),
    mutationKey: credentialKeys.deletes(tenant),
    onMutate: ({ namespace, name }) =>
      removeOptimistically<CredentialDto>(queryClient, credentialKeys.all(tenant), (item) => item.namespace === namespace && item.name === name),
    onError: (_error, _vars, rollback) => {
      rollback?.();
    },
    onSettled: () => {
      refetchWhenLast(queryClient, credentialKeys.deletes(tenant), invalidate);
    },
  });
}

/** A copy may create its target namespace (and parents): the tree is refreshed too. */
export function useCopyCredential(tenant: string) {
  const backend = useBackend();
  const queryClient = useQueryClient();
  const invalidate = useInvalidateCredentials(tenant);
  return useMutation({
    mutationFn: (req: Omit<CredentialCopyRequest, "tenant">) => backend.credentialCopy({ tenant, ...req }),
    onSuccess: () =>
      Promise.all([invalidate(), queryClient.invalidateQueries({ queryKey: namespaceKeys.tree(tenant) })]),
  });
}

export function useDiscover(tenant: string) {
  const backend = useBackend();
  return useMutation({ mutationFn: (issuer: string) => backend.credentialDiscover(tenant, issuer) });
}

/**
 * Applies a Test diagnosis's fix to a saved credential: the credential as seen from `namespace` (which
 * may be an ancestor's or the tenant's), with one input changed, saved where it is defined.
 */
export function useApplyDiagnosisFix(tenant: string) {
  const backend = useBackend();
  const invalidate = useInvalidateCredentials(tenant);
  return useMutation({
    mutationFn: async ({ namespace, name, fix }: { namespace: string | null; name: string; fix: DiagnosisFix }) => {
      const current = await backend.credentialShow(tenant, namespace, name);
      return backend.credentialApply(tenant, {
        namespace: current.namespace,
        name: current.name,
        type: current.type,
        description: current.description,
        inputs: { ...current.inputs, [fix.input]: fix.value },
        settings: current.settings,
      });
    },
    onSuccess: invalidate,
  });
}

/** What the Test button runs: a saved credential (as seen from a namespace) or the form's unsaved definition. */
export type TestRequest =
  | { kind: "saved"; namespace: string | null; name: string }
  | { kind: "definition"; definition: CredentialDefinition };

/** A saved credential keeps its last Test's outcome: its listings and the expiring-soon view change. */
export function useCredentialTest(tenant: string) {
  const backend = useBackend();
  const queryClient = useQueryClient();
  const invalidate = useInvalidateCredentials(tenant);
  return useMutation({
    mutationFn: (req: TestRequest) =>
      req.kind === "saved"
        ? backend.credentialTest(tenant, req.namespace, req.name)
        : backend.credentialTestDefinition(tenant, req.definition),
    onSuccess: (_result, req) =>
      req.kind === "saved"
        ? Promise.all([invalidate(), queryClient.invalidateQueries({ queryKey: expiringKeys.all(tenant) })])
        : undefined,
  });
}
