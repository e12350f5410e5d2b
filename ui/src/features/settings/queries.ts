import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useRef, useState } from "react";

import { useBackend } from "../../backend";
import type { ApiServerState } from "../../bindings/ApiServerState";
import type { KeyStatusDto } from "../../bindings/KeyStatusDto";
import { unlockStateKey } from "../unlock/queries";

export const settingsKeys = {
  keyStatus: ["key-status"] as const,
  apiServer: ["api-server"] as const,
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

export function useApiServerStatus() {
  const backend = useBackend();
  return useQuery({ queryKey: settingsKeys.apiServer, queryFn: () => backend.apiServerStatus() });
}

export function useStartApiServer() {
  const backend = useBackend();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (port: number | null) => backend.apiServerStart(port),
    onSuccess: (state: ApiServerState) => {
      queryClient.setQueryData(settingsKeys.apiServer, state);
    },
  });
}

export function useStopApiServer() {
  const backend = useBackend();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => backend.apiServerStop(),
    onSuccess: (state: ApiServerState) => {
      queryClient.setQueryData(settingsKeys.apiServer, state);
    },
  });
}
