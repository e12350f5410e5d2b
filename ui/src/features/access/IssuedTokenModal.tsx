import { Alert, Button, Group, Modal, Stack, Text, TextInput } from "@mantine/core";
import { useState } from "react";

import { useBackend } from "../../backend";
import type { CopyReceipt } from "../../bindings/CopyReceipt";
import type { CreatedToken } from "../../bindings/CreatedToken";
import { ServerErrorAlert } from "../../ServerErrorAlert";
import { formatTime } from "../../formatTime";
import { scopeLabel } from "./scope";

interface Props {
  issued: CreatedToken;
  verb: "created" | "rotated";
  /** What happened to the token this one replaces (rotation). */
  note?: string | undefined;
  /** Drops the plaintext: the caller forgets `issued`. */
  onClose: () => void;
}

/**
 * The only appearance of a token's plaintext. Copy goes through the host (it writes the OS clipboard and
 * clears it after a delay); closing unmounts this panel and the caller drops the token from its state.
 */
export function IssuedTokenModal({ issued, verb, note, onClose }: Props) {
  const backend = useBackend();
  const [receipt, setReceipt] = useState<CopyReceipt | null>(null);
  const [copyError, setCopyError] = useState<unknown>(null);
  const [copying, setCopying] = useState(false);
  const { info } = issued;

  // Not a useMutation: its variables (the plaintext) would outlive this panel in the mutation cache.
  const copy = async () => {
    setCopying(true);
    setCopyError(null);
    try {
      setReceipt(await backend.tokenCopy(issued.token));
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
      onClose={onClose}
      title={`Token ${info.name} ${verb}`}
      size="lg"
      closeOnClickOutside={false}
      closeButtonProps={{ "aria-label": "Close (the token is not shown again)" }}
    >
      <Stack data-testid="issued-token-panel">
        <Alert color="orange" title="Copy it now: it will not be shown again" data-testid="issued-token-warning">
          Keystead keeps only a hash of this token. Once this panel is closed nobody can see it again; if it is lost,
          rotate it or create a new one.
        </Alert>
        <TextInput
          label="API token"
          value={issued.token}
          readOnly
          autoComplete="off"
          spellCheck={false}
          styles={{ input: { fontFamily: "var(--mantine-font-family-monospace)" } }}
          onFocus={(event) => {
            event.currentTarget.select();
          }}
          data-testid="issued-token-value"
        />
        <Group gap="sm">
          <Button onClick={() => void copy()} loading={copying} data-autofocus data-testid="issued-token-copy">
            Copy
          </Button>
          <Text size="sm" role="status" data-testid="issued-token-receipt">
            {receipt === null
              ? ""
              : `Copied to the clipboard; it is cleared in ${receipt.clear_after_secs} s if it still holds the token.`}
          </Text>
        </Group>
        {copyError !== null && <ServerErrorAlert error={copyError} title="Not copied" testId="issued-token-copy-error" />}
        <Text size="sm" data-testid="issued-token-facts">
          {info.prefix} for {info.principal} ·{" "}
          {info.expires_at === null ? "never expires" : `expires ${formatTime(info.expires_at)}`}
          {info.extended ? " (extended: each use moves it)" : ""}
          {info.narrowing === null ? "" : ` · narrowed to ${info.narrowing.role} on ${scopeLabel(info.narrowing.scope)}`}
        </Text>
        {note !== undefined && (
          <Text size="sm" data-testid="issued-token-note">
            {note}
          </Text>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} data-testid="issued-token-close">
            Close
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
