import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { useBackend } from "../../backend";
import type { UnlockState } from "../../bindings/UnlockState";

export const unlockStateKey = ["unlock-state"] as const;

export function useUnlockState() {
  const backend = useBackend();
  return useQuery({ queryKey: unlockStateKey, queryFn: () => backend.unlockState() });
}

export function useUnlock() {
  const backend = useBackend();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (passphrase: string) => backend.unlock(passphrase),
    // The passphrase is this mutation's variables: drop it as soon as the unlock screen is gone.
    gcTime: 0,
    onSuccess: (state: UnlockState) => {
      queryClient.setQueryData(unlockStateKey, state);
    },
  });
}
