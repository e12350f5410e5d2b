import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { useBackend } from "../../backend";
import type { CreatedToken } from "../../bindings/CreatedToken";
import type { PrincipalCreateRequest } from "../../bindings/PrincipalCreateRequest";
import type { PrincipalDto } from "../../bindings/PrincipalDto";
import type { RoleChangeRequest } from "../../bindings/RoleChangeRequest";
import type { TokenCreateRequest } from "../../bindings/TokenCreateRequest";
import type { TokenRotateRequest } from "../../bindings/TokenRotateRequest";
import { refetchWhenLast, removeOptimistically } from "../../optimistic";

export const accessKeys = {
  all: (tenant: string) => ["access", tenant] as const,
  principals: (tenant: string) => ["access", tenant, "principals"] as const,
  principal: (tenant: string, name: string) => ["access", tenant, "principal", name] as const,
  bindingsAt: (tenant: string, namespace: string) => ["access", tenant, "bindings", { namespace }] as const,
  tokens: (tenant: string, owner: string | null) => ["access", tenant, "tokens", { owner }] as const,
  whoami: ["whoami"] as const,
  /** Optimistic deletes of principals, counted to refetch once the last settles. */
  deletes: (tenant: string) => ["principal-deletes", tenant] as const,
};

export function useWhoami() {
  const backend = useBackend();
  return useQuery({ queryKey: accessKeys.whoami, queryFn: () => backend.whoami() });
}

export function usePrincipalList(tenant: string, enabled = true) {
  const backend = useBackend();
  return useQuery({ queryKey: accessKeys.principals(tenant), queryFn: () => backend.principalList(tenant), enabled });
}

/** A principal with its bindings, effective rights per scope and tokens. */
export function usePrincipal(tenant: string, name: string | null) {
  const backend = useBackend();
  return useQuery({
    queryKey: accessKeys.principal(tenant, name ?? ""),
    queryFn: () => backend.principalShow(tenant, name ?? ""),
    enabled: name !== null,
  });
}

/** "Who can see this namespace": the bindings that reach it (on it, on a parent, or tenant-wide). */
export function useBindingsAt(tenant: string, namespace: string) {
  const backend = useBackend();
  return useQuery({
    queryKey: accessKeys.bindingsAt(tenant, namespace),
    queryFn: () => backend.roleList({ tenant, principal: null, namespace }),
  });
}

export function useTokenList(tenant: string, owner: string | null) {
  const backend = useBackend();
  return useQuery({ queryKey: accessKeys.tokens(tenant, owner), queryFn: () => backend.tokenList(tenant, owner) });
}

/** Principals, bindings, effective rights and tokens all depend on each other: any write refreshes them all. */
function useInvalidateAccess(tenant: string) {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: accessKeys.all(tenant) });
}

export function useCreatePrincipal(tenant: string) {
  const backend = useBackend();
  const invalidate = useInvalidateAccess(tenant);
  return useMutation({
    mutationFn: (req: Omit<PrincipalCreateRequest, "tenant">) => backend.principalCreate({ tenant, ...req }),
    onSuccess: invalidate,
  });
}

export function useSetPrincipalDisabled(tenant: string) {
  const backend = useBackend();
  const invalidate = useInvalidateAccess(tenant);
  return useMutation({
    mutationFn: ({ name, disabled }: { name: string; disabled: boolean }) =>
      backend.principalSetDisabled(tenant, name, disabled),
    onSuccess: invalidate,
  });
}

/** The principal leaves the list at once; it comes back if the core refuses. */
export function useDeletePrincipal(tenant: string) {
  const backend = useBackend();
  const queryClient = useQueryClient();
  const invalidate = useInvalidateAccess(tenant);
  return useMutation({
    mutationFn: (name: string) => backend.principalDelete(tenant, name),
    mutationKey: accessKeys.deletes(tenant),
    onMutate: (name) => removeOptimistically<PrincipalDto>(queryClient, accessKeys.principals(tenant), (item) => item.name === name),
    onError: (_error, _name, rollback) => {
      rollback?.();
    },
    onSuccess: (_, name) => {
      // Its page is closing: refetching it would only fetch a not_found.
      queryClient.removeQueries({ queryKey: accessKeys.principal(tenant, name) });
    },
    onSettled: () => {
      refetchWhenLast(queryClient, accessKeys.deletes(tenant), invalidate);
    },
  });
}

export function useGrantRole(tenant: string) {
  const backend = useBackend();
  const invalidate = useInvalidateAccess(tenant);
  return useMutation({
    mutationFn: (req: Omit<RoleChangeRequest, "tenant">) => backend.roleGrant({ tenant, ...req }),
    onSuccess: invalidate,
  });
}

export function useRevokeRole(tenant: string) {
  const backend = useBackend();
  const invalidate = useInvalidateAccess(tenant);
  return useMutation({
    mutationFn: (req: Omit<RoleChangeRequest, "tenant">) => backend.roleRevoke({ tenant, ...req }),
    onSuccess: invalidate,
  });
}

/**
 * Creates (or rotates) a token. The plaintext goes straight to `onIssued` and the mutation keeps only the
 * listed info: TanStack Query holds a mutation's result in its cache for minutes after the dialog closes,
 * and the plaintext must be gone as soon as the show-once panel is.
 */
function useIssueToken<Req>(tenant: string, issue: (req: Req) => Promise<CreatedToken>, onIssued: (created: CreatedToken) => void) {
  const invalidate = useInvalidateAccess(tenant);
  return useMutation({
    mutationFn: async (req: Req) => {
      const created = await issue(req);
      onIssued(created);
      return created.info;
    },
    onSuccess: invalidate,
  });
}

export function useCreateToken(tenant: string, onIssued: (created: CreatedToken) => void) {
  const backend = useBackend();
  return useIssueToken(tenant, (req: Omit<TokenCreateRequest, "tenant">) => backend.tokenCreate({ tenant, ...req }), onIssued);
}

export function useRotateToken(tenant: string, onIssued: (created: CreatedToken) => void) {
  const backend = useBackend();
  return useIssueToken(tenant, (req: Omit<TokenRotateRequest, "tenant">) => backend.tokenRotate({ tenant, ...req }), onIssued);
}

export function useRevokeToken(tenant: string) {
  const backend = useBackend();
  const invalidate = useInvalidateAccess(tenant);
  return useMutation({ mutationFn: (id: string) => backend.tokenRevoke(tenant, id), onSuccess: invalidate });
}
