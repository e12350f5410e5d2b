import { Button, Group, Modal, Stack, Text } from "@mantine/core";
import { useForm } from "@mantine/form";

import { errorCode, useBackend } from "../../backend";
import type { KeyMode } from "../../bindings/KeyMode";
import { notifySuccess } from "../../notify";
import { ServerErrorAlert } from "../../ServerErrorAlert";
import { NewPassphraseFields } from "../unlock/NewPassphraseFields";
import { validateConfirmation, validateNewPassphrase } from "../unlock/passphrase";
import { BusyButton } from "./BusyButton";
import { KeyringUnavailableHelp } from "./keyringHelp";
import { useHostCall, useKeyStatusChanged } from "./queries";

interface Values {
  passphrase: string;
  confirm: string;
}

/** Moves the master key to `to`: into the OS keyring, or behind a new passphrase. */
export function MoveKeyModal({ to, onClose }: { to: KeyMode; onClose: () => void }) {
  const backend = useBackend();
  const statusChanged = useKeyStatusChanged();
  const move = useHostCall((passphrase: string | null) => backend.keyMove(to, passphrase));
  const toPassphrase = to === "passphrase";
  const form = useForm<Values>({
    initialValues: { passphrase: "", confirm: "" },
    validate: toPassphrase
      ? {
          passphrase: validateNewPassphrase,
          confirm: (value, values) => validateConfirmation(value, values.passphrase),
        }
      : {},
  });

  const submit = form.onSubmit(({ passphrase }) => {
    void move.run(toPassphrase ? passphrase : null).then((result) => {
      if (!result.ok) return;
      form.reset();
      statusChanged(result.value);
      notifySuccess(toPassphrase ? "The master key is now behind the passphrase" : "The master key is now in the OS keyring");
      onClose();
    });
  });

  return (
    <Modal
      opened
      onClose={move.pending ? () => undefined : onClose}
      title={toPassphrase ? "Move the master key behind a passphrase" : "Move the master key into the OS keyring"}
    >
      <form onSubmit={submit} noValidate>
        <Stack>
          {toPassphrase ? (
            <Text size="sm">
              The master key leaves the OS keyring and is wrapped with a key derived from this passphrase (Argon2id). Every
              unlock, of the app and of the CLI, then needs it. Use this where no keyring is available, or to require a
              passphrase on a shared machine.
            </Text>
          ) : (
            <Text size="sm">
              The master key goes into the OS keyring and the passphrase no longer unlocks it: Keystead opens without
              asking, protected by your OS session (lock and log out of it when you leave). The recovery key keeps
              working.
            </Text>
          )}
          {toPassphrase && (
            <NewPassphraseFields
              value={form.values.passphrase}
              passphraseProps={form.getInputProps("passphrase")}
              confirmProps={form.getInputProps("confirm")}
              disabled={move.pending}
              autoFocus
              testIdPrefix="move-passphrase"
            />
          )}
          {move.error !== null && (
            <>
              <ServerErrorAlert
                error={move.error}
                title={errorCode(move.error) === "key_unavailable" ? "The OS keyring is not reachable" : "The master key was not moved"}
                testId="key-move-error"
              />
              <KeyringUnavailableHelp error={move.error} />
            </>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose} disabled={move.pending} data-autofocus={toPassphrase ? undefined : true}>
              Cancel
            </Button>
            <BusyButton
              type="submit"
              busy={move.pending}
              busyLabel={toPassphrase ? "Deriving the key…" : "Moving…"}
              data-testid="key-move-submit"
            >
              {toPassphrase ? "Move behind the passphrase" : "Move into the keyring"}
            </BusyButton>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
