import { useMutation, useQueryClient } from "@tanstack/react-query";

import { useBackend } from "../../backend";
import type { CustomTypeDefinition } from "../../bindings/CustomTypeDefinition";
import { credentialKeys } from "../credentials/queries";

export { useCredentialTypes } from "../credentials/queries";

/** A type write changes the type list every credential form offers. */
function useInvalidateTypes(tenant: string) {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: credentialKeys.types(tenant) });
}

/** Creates a custom type, or replaces the one named `id` (its id stays). */
export function useSaveCredentialType(tenant: string, id: string | null) {
  const backend = useBackend();
  const invalidate = useInvalidateTypes(tenant);
  return useMutation({
    mutationFn: (def: CustomTypeDefinition) =>
      id === null ? backend.credentialTypeCreate(tenant, def) : backend.credentialTypeUpdate(tenant, id, def),
    onSuccess: invalidate,
  });
}

export function useDeleteCredentialType(tenant: string) {
  const backend = useBackend();
  const invalidate = useInvalidateTypes(tenant);
  return useMutation({
    mutationFn: (id: string) => backend.credentialTypeDelete(tenant, id),
    onSuccess: invalidate,
  });
}
