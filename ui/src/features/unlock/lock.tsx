// Locking: the host forgets the unlocked core, and the UI forgets everything it read while unlocked.
import { notifications } from "@mantine/notifications";
import { useQueryClient, type QueryClient } from "@tanstack/react-query";
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from "react";

import { useBackend } from "../../backend";
import type { KeyMode } from "../../bindings/KeyMode";
import type { KeyStatusDto } from "../../bindings/KeyStatusDto";
import type { UnlockState } from "../../bindings/UnlockState";
import { notifyError } from "../../notify";
import { settingsKeys } from "../settings/queries";
import { useLockOnScreenLock } from "./autoLock";
import { unlockStateKey } from "./queries";

/** Why the app is locked, for the unlock screen. */
export interface LockedInfo {
  reason: "manual" | "idle" | "screen";
  /** After an idle lock: the idle time that triggered it. */
  idleMinutes: number | null;
  /** Where the master key was kept when the app locked (the locked host does not say). */
  mode: KeyMode | null;
}

export interface LockControl {
  lock: (reason: LockedInfo["reason"], idleMinutes?: number) => Promise<void>;
  locking: boolean;
}

const LockContext = createContext<LockControl | null>(null);

/** The lock of the desktop app; `null` where nothing can be locked (the web console signs out instead). */
export function useLockControl(): LockControl | null {
  return useContext(LockContext);
}

/**
 * Drops every cached answer and mutation (listings, revealed metadata, the variables of earlier calls)
 * except the unlock state, which the caller replaces. Components that held values in their own state
 * unmount with the main screen.
 */
export function forgetUnlockedState(queryClient: QueryClient): void {
  void queryClient.cancelQueries({ predicate: (query) => query.queryKey[0] !== unlockStateKey[0] });
  queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== unlockStateKey[0] });
  queryClient.getMutationCache().clear();
  notifications.clean();
}

/** Provides `useLockControl` to the unlocked app; `onLocked` tells the unlock screen why it shows. */
export function LockProvider({ onLocked, children }: { onLocked: (info: LockedInfo) => void; children: ReactNode }) {
  const backend = useBackend();
  const queryClient = useQueryClient();
  const [locking, setLocking] = useState(false);
  const inFlight = useRef(false);

  const lock = useCallback(
    async (reason: LockedInfo["reason"], idleMinutes?: number) => {
      if (inFlight.current) return;
      inFlight.current = true;
      const mode =
        queryClient.getQueryData<KeyStatusDto>(settingsKeys.keyStatus)?.mode ??
        queryClient.getQueryData<UnlockState>(unlockStateKey)?.status?.key_mode ??
        null;
      setLocking(true);
      try {
        const state = await backend.lock();
        forgetUnlockedState(queryClient);
        onLocked({ reason, idleMinutes: idleMinutes ?? null, mode });
        queryClient.setQueryData(unlockStateKey, state);
      } catch (error) {
        notifyError("Could not lock Keystead", error);
      } finally {
        inFlight.current = false;
        setLocking(false);
      }
    },
    [backend, queryClient, onLocked],
  );

  // The host locks itself when the OS screen locks (if this machine's setting allows); then the UI follows.
  const [lockOnScreenLock] = useLockOnScreenLock();
  useEffect(() => {
    backend.screenLockWatch(lockOnScreenLock, () => void lock("screen")).catch((error: unknown) => {
      notifyError("Could not watch for the screen lock", error);
    });
  }, [backend, lockOnScreenLock, lock]);

  const control = useMemo(() => ({ lock, locking }), [lock, locking]);
  return <LockContext.Provider value={control}>{children}</LockContext.Provider>;
}
