import { useLocalStorage } from "@mantine/hooks";
import { useEffect, useRef } from "react";

export const AUTO_LOCK_STORAGE_KEY = "keystead.auto-lock-minutes";
export const DEFAULT_AUTO_LOCK_MINUTES = 15;
/** A day: longer is "never" in practice, and 0 says that. */
export const MAX_AUTO_LOCK_MINUTES = 1440;

/** A stored value as a whole number of minutes in range; anything else is the default. */
export function parseAutoLockMinutes(value: unknown): number {
  return typeof value === "number" && Number.isInteger(value) && value >= 0 && value <= MAX_AUTO_LOCK_MINUTES
    ? value
    : DEFAULT_AUTO_LOCK_MINUTES;
}

/** Minutes of inactivity before the app locks itself (0: never), kept in this machine's localStorage. */
export function useAutoLockMinutes(): [number, (minutes: number) => void] {
  const [stored, setStored] = useLocalStorage<number>({
    key: AUTO_LOCK_STORAGE_KEY,
    defaultValue: DEFAULT_AUTO_LOCK_MINUTES,
    getInitialValueInEffect: false,
  });
  return [parseAutoLockMinutes(stored), setStored];
}

export const SCREEN_LOCK_STORAGE_KEY = "keystead.lock-on-screen-lock";

/** Whether the app locks when the OS screen locks (on unless turned off), kept in this machine's localStorage. */
export function useLockOnScreenLock(): [boolean, (enabled: boolean) => void] {
  const [stored, setStored] = useLocalStorage<boolean>({
    key: SCREEN_LOCK_STORAGE_KEY,
    defaultValue: true,
    getInitialValueInEffect: false,
  });
  return [stored, setStored];
}

/** What counts as someone at the window. */
const ACTIVITY_EVENTS = ["pointerdown", "pointermove", "keydown", "wheel", "touchstart"] as const;

/**
 * Calls `onIdle` once `minutes` pass without keyboard, pointer or touch activity in the window (0: never).
 * The deadline is checked against the clock, so a machine that slept past it locks when it wakes.
 */
export function useIdleTimeout(minutes: number, onIdle: () => void): void {
  const callback = useRef(onIdle);
  useEffect(() => {
    callback.current = onIdle;
  }, [onIdle]);

  useEffect(() => {
    if (minutes <= 0) return;
    const limit = minutes * 60_000;
    let last = Date.now();
    let timer: number | undefined;
    const schedule = () => {
      timer = window.setTimeout(check, Math.max(1_000, last + limit - Date.now()));
    };
    const check = () => {
      if (Date.now() - last >= limit) {
        callback.current();
      } else {
        schedule();
      }
    };
    const active = () => {
      last = Date.now();
    };
    for (const name of ACTIVITY_EVENTS) window.addEventListener(name, active, { passive: true, capture: true });
    schedule();
    return () => {
      window.clearTimeout(timer);
      for (const name of ACTIVITY_EVENTS) window.removeEventListener(name, active, { capture: true });
    };
  }, [minutes]);
}
