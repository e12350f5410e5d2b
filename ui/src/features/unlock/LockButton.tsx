import { Button } from "@mantine/core";

import { useAutoLockMinutes, useIdleTimeout } from "./autoLock";
import { useLockControl } from "./lock";

/** Locks the desktop app now; renders nothing where there is nothing to lock (the web console). */
export function LockButton() {
  const control = useLockControl();
  if (control === null) return null;
  return (
    <Button
      variant="default"
      onClick={() => void control.lock("manual")}
      disabled={control.locking}
      aria-busy={control.locking}
      title="Lock Keystead: the passphrase (or the OS keyring) is needed again"
      data-testid="lock-button"
    >
      {control.locking ? "Locking…" : "Lock"}
    </Button>
  );
}

/** Locks the app after the configured idle time (Settings → Locking). */
export function IdleLock() {
  const control = useLockControl();
  const [minutes] = useAutoLockMinutes();
  useIdleTimeout(control === null ? 0 : minutes, () => {
    void control?.lock("idle", minutes);
  });
  return null;
}
