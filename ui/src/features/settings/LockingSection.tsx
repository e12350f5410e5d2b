import { NumberInput, Stack, Switch, Text } from "@mantine/core";
import { useState } from "react";

import { MAX_AUTO_LOCK_MINUTES, useAutoLockMinutes, useLockOnScreenLock } from "../unlock/autoLock";

/** Settings → Locking: the idle time before the app locks itself, kept on this machine. */
export function LockingSection() {
  const [minutes, setMinutes] = useAutoLockMinutes();
  const [onScreenLock, setOnScreenLock] = useLockOnScreenLock();
  // What is typed, kept apart from the stored value until it is a valid number of minutes.
  const [draft, setDraft] = useState<string | number>(minutes);
  const valid = typeof draft === "number" && Number.isInteger(draft) && draft >= 0 && draft <= MAX_AUTO_LOCK_MINUTES;

  return (
    <Stack gap="sm" maw={640}>
      <Text size="sm">
        <b>Lock</b> in the header locks Keystead at once: the app forgets the unlocked key and everything it showed, and
        the passphrase (or the OS keyring) is needed again. Locking also stops the HTTP API if the app serves it.
      </Text>
      <NumberInput
        label="Lock after this many minutes without activity"
        description="Keyboard, mouse and touch use in the Keystead window count as activity. 0: never lock by itself."
        value={draft}
        min={0}
        max={MAX_AUTO_LOCK_MINUTES}
        allowDecimal={false}
        allowNegative={false}
        clampBehavior="none"
        w={320}
        error={valid ? undefined : `A whole number of minutes from 0 to ${String(MAX_AUTO_LOCK_MINUTES)}`}
        onChange={(value) => {
          setDraft(value);
          if (typeof value === "number" && Number.isInteger(value) && value >= 0 && value <= MAX_AUTO_LOCK_MINUTES) {
            setMinutes(value);
          }
        }}
        data-testid="auto-lock-minutes"
      />
      <Text size="sm" role="status" data-testid="auto-lock-summary">
        {minutes === 0
          ? "Keystead never locks by itself on this machine."
          : `Keystead locks after ${String(minutes)} minute${minutes === 1 ? "" : "s"} without activity.`}
      </Text>
      <Switch
        label="Lock when the screen locks"
        description="Where the desktop announces it: on Linux, the screensaver (GNOME, KDE, MATE and others) or logind."
        checked={onScreenLock}
        onChange={(event) => {
          setOnScreenLock(event.currentTarget.checked);
        }}
        data-testid="lock-on-screen-lock"
      />
    </Stack>
  );
}
