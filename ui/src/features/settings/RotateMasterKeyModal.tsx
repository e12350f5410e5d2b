import { Button, Group, Modal, PasswordInput, Stack, Text } from "@mantine/core";
import { useForm } from "@mantine/form";

import { errorCode, toBackendError, useBackend } from "../../backend";
import type { KeyMode } from "../../bindings/KeyMode";
import { notifySuccess } from "../../notify";
import { ServerErrorAlert } from "../../ServerErrorAlert";
import { BusyButton } from "./BusyButton";
import { KeyringUnavailableHelp } from "./keyringHelp";
import { useHostCall, useKeyStatusChanged } from "./queries";

interface Props {
  mode: KeyMode;
  hasRecoveryKey: boolean;
  /** The new recovery key when one was replaced (to show once), else null. */
  onRotated: (recoveryKey: string | null) => void;
  onClose: () => void;
}

export function RotateMasterKeyModal({ mode, hasRecoveryKey, onRotated, onClose }: Props) {
  const backend = useBackend();
  const statusChanged = useKeyStatusChanged();
  const rotate = useHostCall((passphrase: string | null) => backend.keyRotate(passphrase));
  const needsPassphrase = mode === "passphrase";
  const form = useForm({
    initialValues: { passphrase: "" },
    validate: { passphrase: (value) => (needsPassphrase && value === "" ? "Enter the current passphrase" : null) },
  });

  const submit = form.onSubmit(({ passphrase }) => {
    void rotate.run(needsPassphrase ? passphrase : null).then((result) => {
      if (!result.ok) {
        form.setFieldValue("passphrase", "");
        return;
      }
      form.reset();
      statusChanged(result.value.status);
      notifySuccess(`Master key rotated: generation ${String(result.value.status.generation)}`);
      onRotated(result.value.recovery_key);
    });
  });
  const wrongPassphrase = errorCode(rotate.error) === "wrong_passphrase";

  return (
    <Modal opened onClose={rotate.pending ? () => undefined : onClose} title="Rotate the master key">
      <form onSubmit={submit} noValidate>
        <Stack>
          <Text size="sm">
            Keystead makes a new master key and re-wraps every tenant&apos;s data key with it in one transaction; the
            values themselves are not touched (rotate the data keys for that). If anything fails, the old key stays in
            use.
          </Text>
          {hasRecoveryKey && (
            <Text size="sm" fw={500} data-testid="rotate-replaces-recovery">
              The recovery key is replaced too: the new one is shown once, and the old one stops working.
            </Text>
          )}
          {needsPassphrase && (
            <PasswordInput
              label="Current passphrase"
              description="The new master key is wrapped with the same passphrase."
              autoComplete="current-password"
              autoFocus
              disabled={rotate.pending}
              data-testid="rotate-passphrase-input"
              {...form.getInputProps("passphrase")}
              error={form.errors.passphrase ?? (wrongPassphrase ? toBackendError(rotate.error).message : undefined)}
            />
          )}
          {rotate.error !== null && !wrongPassphrase && (
            <>
              <ServerErrorAlert error={rotate.error} title="The master key was not rotated" testId="key-rotate-error" />
              <KeyringUnavailableHelp error={rotate.error} />
            </>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose} disabled={rotate.pending} data-autofocus={needsPassphrase ? undefined : true}>
              Cancel
            </Button>
            <BusyButton type="submit" busy={rotate.pending} busyLabel="Rotating…" data-testid="key-rotate-submit">
              Rotate master key
            </BusyButton>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
