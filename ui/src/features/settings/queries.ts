import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useRef, useState } from "react";

import { useBackend } from "../../backend";
import type { KeyStatusDto } from "../../bindings/KeyStatusDto";
import { unlockStateKey } from "../unlock/queries";

export const settingsKeys = {
  keyStatus: ["key-status"] as const,
};

export function useKeyStatus(enabled = true) {
  const backend = useBackend();
  return useQuery({ queryKey: settingsKeys.keyStatus, queryFn: () => backend.keyStatus(), enabled });
}

/** After a key change: the status it answered, and the unlock state (whose status names the key mode). */
export function useKeyStatusChanged() {
  const queryClient = useQueryClient();
  return useCallback(
    (status: KeyStatusDto | null) => {
      if (status === null) {
        void queryClient.invalidateQueries({ queryKey: settingsKeys.keyStatus });
      } else {
        queryClient.setQueryData(settingsKeys.keyStatus, status);
      }
      void queryClient.invalidateQueries({ queryKey: unlockStateKey });
    },
    [queryClient],
  );
}

export type HostCallResult<R> = { ok: true; value: R } | { ok: false };

/**
 * One host call with its busy flag and error, for calls that carry a passphrase or answer a recovery key:
 * unlike a TanStack mutation, nothing keeps the arguments or the answer after the call returns.
 */
export function useHostCall<A extends unknown[], R>(call: (...args: A) => Promise<R>) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const run = useCallback(
    async (...args: A): Promise<HostCallResult<R>> => {
      setPending(true);
      setError(null);
      try {
        const value = await call(...args);
        return { ok: true, value };
      } catch (caught) {
        if (mounted.current) setError(caught);
        return { ok: false };
      } finally {
        if (mounted.current) setPending(false);
      }
    },
    [call],
  );
  const reset = useCallback(() => {
    setError(null);
  }, []);
  return { run, pending, error, reset };
}
