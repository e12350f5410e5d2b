import { Alert, Button, Group, Modal, Stack, Text } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";

import { useBackend } from "../../backend";
import { ServerErrorAlert } from "../../ServerErrorAlert";
import { BusyButton } from "./BusyButton";
import { useKeyStatusChanged } from "./queries";

function plural(count: number, one: string, many: string): string {
  return `${String(count)} ${count === 1 ? one : many}`;
}

/** Asks, rotates every tenant's data key (re-sealing every value), then says what was done. */
export function RotateDataKeysModal({ onClose }: { onClose: () => void }) {
  const backend = useBackend();
  const statusChanged = useKeyStatusChanged();
  const rotate = useMutation({
    mutationFn: () => backend.keyRotateDataKeys(),
    onSuccess: () => {
      statusChanged(null);
    },
  });
  const done = rotate.data;

  return (
    <Modal opened onClose={rotate.isPending ? () => undefined : onClose} title="Rotate the data keys">
      <Stack>
        {done === undefined ? (
          <Text size="sm">
            Every tenant gets a new data key, and every value sealed with the old one (secrets, their earlier versions,
            KV pairs) is decrypted and sealed again, all in one transaction: if anything fails, nothing changes. With many
            values this takes a while; Keystead stays usable meanwhile but other changes wait.
          </Text>
        ) : (
          <Alert color="teal" title="Data keys rotated" data-testid="rotate-data-keys-result">
            {plural(done.values, "value", "values")} in {plural(done.tenants, "tenant", "tenants")} re-sealed in{" "}
            {String(done.elapsed_ms)} ms.
          </Alert>
        )}
        {rotate.isError && (
          <ServerErrorAlert error={rotate.error} title="The data keys were not rotated" testId="rotate-data-keys-error" />
        )}
        <Group justify="flex-end">
          {done === undefined ? (
            <>
              <Button variant="default" onClick={onClose} disabled={rotate.isPending} data-autofocus>
                Cancel
              </Button>
              <BusyButton
                onClick={() => {
                  rotate.mutate();
                }}
                busy={rotate.isPending}
                busyLabel="Re-sealing every value…"
                data-testid="rotate-data-keys-confirm"
              >
                Rotate data keys
              </BusyButton>
            </>
          ) : (
            <Button onClick={onClose} data-autofocus data-testid="rotate-data-keys-close">
              Close
            </Button>
          )}
        </Group>
      </Stack>
    </Modal>
  );
}
