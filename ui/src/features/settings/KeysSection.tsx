import { Alert, Box, Button, Center, Group, Loader, Paper, Stack, Text } from "@mantine/core";
import { useState, type ReactNode } from "react";

import type { KeyStatusDto } from "../../bindings/KeyStatusDto";
import { ServerErrorAlert } from "../../ServerErrorAlert";
import { BusyButton } from "./BusyButton";
import { ChangePassphraseModal } from "./ChangePassphraseModal";
import { CreateRecoveryKeyModal } from "./CreateRecoveryKeyModal";
import { KeyStatusFacts } from "./KeyStatusFacts";
import { MoveKeyModal } from "./MoveKeyModal";
import { useKeyStatus } from "./queries";
import { RecoveryKeyPanel } from "./RecoveryKeyPanel";
import { useRecoveryKeyCreation } from "./recoveryKey";
import { RotateDataKeysModal } from "./RotateDataKeysModal";
import { RotateMasterKeyModal } from "./RotateMasterKeyModal";

type Dialog = "replace-recovery" | "passphrase" | "move" | "rotate" | "rotate-data";

/** Settings → Keys: where the master key is, its dates, the recovery key, and every key-lifecycle action. */
export function KeysSection() {
  const status = useKeyStatus();
  if (status.isPending) {
    return (
      <Center h={160}>
        <Loader aria-label="Loading the key status" />
      </Center>
    );
  }
  if (status.isError) return <ServerErrorAlert error={status.error} title="Could not read the key status" testId="key-status-error" />;
  return <KeysView status={status.data} />;
}

function KeysView({ status }: { status: KeyStatusDto }) {
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const recovery = useRecoveryKeyCreation();
  const close = () => {
    setDialog(null);
  };
  const hasRecovery = status.recovery_key_created_at !== null;
  const otherMode = status.mode === "keyring" ? "passphrase" : "keyring";

  const createRecovery = () => {
    void recovery.create().then((created) => {
      if (created) close();
    });
  };

  return (
    <Stack gap="md">
      {status.opened_with_recovery_key && (
        <Alert color="red" title="This session was opened with the recovery key" data-testid="opened-with-recovery">
          The passphrase or the keyring entry that normally opens this data directory was not used.{" "}
          {status.mode === "passphrase"
            ? "Set a new passphrase now, or move the master key into the OS keyring,"
            : "Move the master key into the OS keyring again (or behind a passphrase) now,"}{" "}
          so the next start does not need the recovery key. Then create a new recovery key: the one you used has been
          typed or pasted and may be exposed.
        </Alert>
      )}
      {!hasRecovery && (
        <Alert color="orange" title="There is no recovery key" data-testid="no-recovery-key">
          If the passphrase is forgotten or the OS keyring entry is lost, every secret in this data directory is lost
          with it. Create a recovery key and store it offline.
        </Alert>
      )}
      <KeyStatusFacts status={status} />

      <Stack gap={0}>
        <Action
          title="Recovery key"
          text="Opens this data directory when the passphrase or the keyring entry is lost. Shown once; store it offline."
        >
          {hasRecovery ? (
            <Button variant="default" onClick={() => { setDialog("replace-recovery"); }} data-testid="create-recovery-key">
              Replace recovery key
            </Button>
          ) : (
            <BusyButton onClick={createRecovery} busy={recovery.pending} busyLabel="Creating…" data-testid="create-recovery-key">
              Create recovery key
            </BusyButton>
          )}
        </Action>
        {!hasRecovery && dialog === null && recovery.error !== null && (
          <ServerErrorAlert error={recovery.error} title="No recovery key was created" testId="recovery-create-error" />
        )}
        {status.mode === "passphrase" && (
          <Action title="Passphrase" text="Wrap the master key with a new passphrase; the old one stops working.">
            <Button variant="default" onClick={() => { setDialog("passphrase"); }} data-testid="change-passphrase">
              Change passphrase
            </Button>
          </Action>
        )}
        <Action
          title="Where the master key is kept"
          text={
            status.mode === "passphrase"
              ? "Into the OS keyring: Keystead opens without a passphrase, protected by your OS session."
              : "Behind a passphrase: for machines without a keyring, or to ask for a passphrase at every unlock."
          }
        >
          <Button variant="default" onClick={() => { setDialog("move"); }} data-testid="move-key">
            {otherMode === "keyring" ? "Move to the OS keyring" : "Move behind a passphrase"}
          </Button>
        </Action>
        <Action title="Master key rotation" text="A new master key; every data key is re-wrapped. Values are not touched.">
          <Button variant="default" onClick={() => { setDialog("rotate"); }} data-testid="rotate-master-key">
            Rotate master key
          </Button>
        </Action>
        <Action
          title="Data key rotation"
          text="A new data key per tenant; every value, earlier versions included, is re-sealed in one transaction."
        >
          <Button variant="default" onClick={() => { setDialog("rotate-data"); }} data-testid="rotate-data-keys">
            Rotate data keys
          </Button>
        </Action>
      </Stack>

      {dialog === "replace-recovery" && status.recovery_key_created_at !== null && (
        <CreateRecoveryKeyModal
          replacing={status.recovery_key_created_at}
          pending={recovery.pending}
          error={recovery.error}
          onConfirm={createRecovery}
          onClose={close}
        />
      )}
      {dialog === "passphrase" && <ChangePassphraseModal onClose={close} />}
      {dialog === "move" && <MoveKeyModal to={otherMode} onClose={close} />}
      {dialog === "rotate" && (
        <RotateMasterKeyModal
          mode={status.mode}
          hasRecoveryKey={hasRecovery}
          onClose={close}
          onRotated={(recoveryKey) => {
            close();
            if (recoveryKey !== null) recovery.show(recoveryKey);
          }}
        />
      )}
      {dialog === "rotate-data" && <RotateDataKeysModal onClose={close} />}
      {recovery.shown !== null && <RecoveryKeyPanel recoveryKey={recovery.shown} onStored={recovery.acknowledge} />}
    </Stack>
  );
}

/** One key-lifecycle action: what it does, and its button. */
function Action({ title, text, children }: { title: string; text: string; children: ReactNode }) {
  return (
    <Paper withBorder p="sm" radius={0} style={{ marginTop: -1 }}>
      <Group justify="space-between" wrap="nowrap" gap="md">
        <div>
          <Text fw={600} size="sm">
            {title}
          </Text>
          <Text size="sm" c="dimmed">
            {text}
          </Text>
        </div>
        {/* The button keeps its whole label; the text beside it wraps. */}
        <Box style={{ flexShrink: 0 }}>{children}</Box>
      </Group>
    </Paper>
  );
}
