import { Button, Group, Modal, Stack, Text } from "@mantine/core";

import { ServerErrorAlert } from "../../ServerErrorAlert";
import { formatTime } from "../../formatTime";
import { BusyButton } from "./BusyButton";

interface Props {
  /** When the recovery key that this one replaces was created. */
  replacing: string;
  pending: boolean;
  error: unknown;
  onConfirm: () => void;
  onClose: () => void;
}

/** Asked before replacing a recovery key: the stored one stops working at once. */
export function CreateRecoveryKeyModal({ replacing, pending, error, onConfirm, onClose }: Props) {
  return (
    <Modal opened onClose={pending ? () => undefined : onClose} title="Replace the recovery key?">
      <Stack>
        <Text size="sm" data-testid="replace-recovery-question">
          A new recovery key replaces the one created {formatTime(replacing)}. <b>The old one stops working at once</b>:
          store the new one, then destroy every copy of the old one.
        </Text>
        {error !== null && <ServerErrorAlert error={error} title="No new recovery key" testId="recovery-create-error" />}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} disabled={pending} data-autofocus>
            Cancel
          </Button>
          <BusyButton color="orange" onClick={onConfirm} busy={pending} busyLabel="Creating…" data-testid="replace-recovery-confirm">
            Replace the recovery key
          </BusyButton>
        </Group>
      </Stack>
    </Modal>
  );
}
