import { Button, Group, Modal, Stack, Text } from "@mantine/core";
import { useState } from "react";

import { ServerErrorAlert } from "../../ServerErrorAlert";
import { useUnlockState } from "../unlock/queries";
import { BusyButton } from "./BusyButton";
import { useKeyStatus } from "./queries";
import { RecoveryKeyPanel } from "./RecoveryKeyPanel";
import { useRecoveryKeyCreation } from "./recoveryKey";

/**
 * Right after the unlock that created the master key (first start), offers the recovery key. "Later"
 * dismisses it for this session; Settings → Keys keeps warning while there is none.
 */
export function FirstRunRecoveryPrompt() {
  const unlock = useUnlockState();
  const created = unlock.data?.created_master_key === true;
  const status = useKeyStatus(created);
  const recovery = useRecoveryKeyCreation();
  const [dismissed, setDismissed] = useState(false);

  if (recovery.shown !== null) {
    return (
      <RecoveryKeyPanel
        recoveryKey={recovery.shown}
        onStored={() => {
          recovery.acknowledge();
          setDismissed(true);
        }}
      />
    );
  }
  const open = created && !dismissed && status.data !== undefined && status.data.recovery_key_created_at === null;
  if (!open) return null;
  return (
    <Modal
      opened
      onClose={() => {
        if (!recovery.pending) setDismissed(true);
      }}
      title="Create a recovery key now?"
      closeButtonProps={{ "aria-label": "Later" }}
    >
      <Stack data-testid="first-run-recovery">
        <Text size="sm">
          Keystead has just created the master key of this data directory. If the passphrase is forgotten or the OS
          keyring entry is lost, a recovery key is the only way back to the secrets stored here.
        </Text>
        <Text size="sm">It is shown once: have a safe place ready (a password manager, or paper kept offline).</Text>
        {recovery.error !== null && (
          <ServerErrorAlert error={recovery.error} title="No recovery key was created" testId="first-run-recovery-error" />
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={() => { setDismissed(true); }} disabled={recovery.pending} data-testid="first-run-later">
            Later
          </Button>
          <BusyButton
            onClick={() => void recovery.create()}
            busy={recovery.pending}
            busyLabel="Creating…"
            data-autofocus
            data-testid="first-run-create"
          >
            Create recovery key
          </BusyButton>
        </Group>
        <Text size="xs" c="dimmed">
          Later: Settings → Keys offers it, and warns until there is one.
        </Text>
      </Stack>
    </Modal>
  );
}
