import { Button, Code, Group, Modal, Stack, Text } from "@mantine/core";
import { useForm } from "@mantine/form";

import { useBackend } from "../../backend";
import { notifySuccess } from "../../notify";
import { ServerErrorAlert } from "../../ServerErrorAlert";
import { NewPassphraseFields } from "../unlock/NewPassphraseFields";
import { validateConfirmation, validateNewPassphrase } from "../unlock/passphrase";
import { BusyButton } from "./BusyButton";
import { useHostCall, useKeyStatusChanged } from "./queries";

interface Values {
  passphrase: string;
  confirm: string;
}

export function ChangePassphraseModal({ onClose }: { onClose: () => void }) {
  const backend = useBackend();
  const statusChanged = useKeyStatusChanged();
  const change = useHostCall((passphrase: string) => backend.keyPassphraseChange(passphrase));
  const form = useForm<Values>({
    initialValues: { passphrase: "", confirm: "" },
    validate: {
      passphrase: validateNewPassphrase,
      confirm: (value, values) => validateConfirmation(value, values.passphrase),
    },
  });

  const submit = form.onSubmit(({ passphrase }) => {
    void change.run(passphrase).then((result) => {
      if (!result.ok) return;
      form.reset();
      statusChanged(result.value);
      notifySuccess("Passphrase changed: the next unlock needs the new one");
      onClose();
    });
  });

  return (
    <Modal opened onClose={change.pending ? () => undefined : onClose} title="Change the passphrase">
      <form onSubmit={submit} noValidate>
        <Stack>
          <Text size="sm">
            The master key is wrapped again with a key derived from the new passphrase (Argon2id, about a second). The
            old passphrase stops working; the recovery key and every value stay as they are.
          </Text>
          <NewPassphraseFields
            value={form.values.passphrase}
            passphraseProps={form.getInputProps("passphrase")}
            confirmProps={form.getInputProps("confirm")}
            disabled={change.pending}
            autoFocus
            testIdPrefix="new-passphrase"
          />
          <Text size="xs" c="dimmed">
            Where Keystead is started with <Code>KEYSTEAD_PASSPHRASE</Code> set (a service, a script), change it there too.
          </Text>
          {change.error !== null && (
            <ServerErrorAlert error={change.error} title="The passphrase was not changed" testId="passphrase-change-error" />
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose} disabled={change.pending}>
              Cancel
            </Button>
            <BusyButton type="submit" busy={change.pending} busyLabel="Deriving the new key…" data-testid="passphrase-change-submit">
              Change passphrase
            </BusyButton>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
