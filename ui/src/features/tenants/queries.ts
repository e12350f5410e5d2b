import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { useBackend } from "../../backend";

export const tenantKeys = {
  list: ["tenants"] as const,
};

/** Every tenant for the local administrator; a token holder gets its own only. */
export function useTenantList() {
  const backend = useBackend();
  return useQuery({ queryKey: tenantKeys.list, queryFn: () => backend.tenantList() });
}

export function useCreateTenant() {
  const backend = useBackend();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => backend.tenantCreate(id),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: tenantKeys.list }),
  });
}

// Mirrors the core's TenantId rule so the form can refuse early; the core validates again.
const TENANT_ID = /^[a-z0-9][a-z0-9_-]{0,62}$/;

/** An error message, or null when `value` is a valid tenant id. */
export function validateTenantId(value: string): string | null {
  if (value.length === 0) return "Enter a tenant id, for example acme";
  if (!TENANT_ID.test(value)) {
    return "Use 1 to 63 lowercase letters, digits, _ and -, starting with a letter or digit (for example acme-prod)";
  }
  return null;
}
