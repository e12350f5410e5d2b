import { Alert, Button, Checkbox, Code, Group, Modal, Stack, Text, TextInput } from "@mantine/core";
import { useState } from "react";

import { useBackend } from "../../backend";
import type { CopyReceipt } from "../../bindings/CopyReceipt";
import { ServerErrorAlert } from "../../ServerErrorAlert";

interface Props {
  recoveryKey: string;
  /** The user has stored it: the caller drops the text. */
  onStored: () => void;
}

/**
 * The only appearance of a recovery key. It cannot be dismissed by accident (no close button, Escape or
 * outside click): the user confirms having stored it, and then the text is gone for good.
 */
export function RecoveryKeyPanel({ recoveryKey, onStored }: Props) {
  const backend = useBackend();
  const [stored, setStored] = useState(false);
  const [receipt, setReceipt] = useState<CopyReceipt | null>(null);
  const [copyError, setCopyError] = useState<unknown>(null);
  const [copying, setCopying] = useState(false);

  // Not a useMutation: its variables (the key) would outlive this panel in the mutation cache.
  const copy = async () => {
    setCopying(true);
    setCopyError(null);
    try {
      setReceipt(await backend.recoveryKeyCopy(recoveryKey));
    } catch (error) {
      setReceipt(null);
      setCopyError(error);
    } finally {
      setCopying(false);
    }
  };

  return (
    <Modal
      opened
      onClose={() => undefined}
      withCloseButton={false}
      closeOnEscape={false}
      closeOnClickOutside={false}
      title="Your recovery key"
      size="lg"
    >
      <Stack data-testid="recovery-key-panel">
        <Alert color="orange" title="Store it now: it is shown only this once" data-testid="recovery-key-warning">
          Keystead keeps only what this key unlocks, never the key. Keep it offline or in a password manager that does not
          live on this machine. Whoever holds it and a copy of the data directory can read every secret.
        </Alert>
        <TextInput
          label="Recovery key"
          value={recoveryKey}
          readOnly
          autoComplete="off"
          spellCheck={false}
          styles={{ input: { fontFamily: "var(--mantine-font-family-monospace)" } }}
          onFocus={(event) => {
            event.currentTarget.select();
          }}
          data-testid="recovery-key-value"
        />
        <Group gap="sm">
          <Button variant="light" onClick={() => void copy()} loading={copying} data-autofocus data-testid="recovery-key-copy">
            Copy
          </Button>
          <Text size="sm" role="status" data-testid="recovery-key-receipt">
            {receipt === null
              ? ""
              : `Copied; the clipboard is cleared in ${String(receipt.clear_after_secs)} s if it still holds the key.`}
          </Text>
        </Group>
        {copyError !== null && <ServerErrorAlert error={copyError} title="Not copied" testId="recovery-key-copy-error" />}
        <Text size="sm">
          When the passphrase is forgotten or the OS keyring entry is lost, start Keystead with the key in the environment
          (<Code>KEYSTEAD_RECOVERY_KEY</Code>), then set a new passphrase or move the master key to the keyring in
          Settings → Keys. A newer recovery key, or a master key rotation, replaces this one.
        </Text>
        <Checkbox
          label="I have stored the recovery key somewhere safe"
          checked={stored}
          onChange={(event) => {
            setStored(event.currentTarget.checked);
          }}
          data-testid="recovery-key-stored"
        />
        <Group justify="flex-end">
          <Button onClick={onStored} disabled={!stored} data-testid="recovery-key-done">
            Done: hide the key
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
