import { Button, Group, Modal, Stack, Text } from "@mantine/core";

import type { CredentialDto } from "../../bindings/CredentialDto";
import { notifySuccess } from "../../notify";
import { ServerErrorAlert } from "../../ServerErrorAlert";
import { useDeleteCredential } from "./queries";

export function DeleteCredentialModal({ tenant, item, onClose }: { tenant: string; item: CredentialDto; onClose: () => void }) {
  const remove = useDeleteCredential(tenant);
  const where = item.namespace === null ? "the tenant level" : item.namespace;
  const confirm = () => {
    remove.mutate(
      { namespace: item.namespace, name: item.name },
      {
        onSuccess: () => {
          notifySuccess(`${item.name} deleted from ${where}`);
          onClose();
        },
      },
    );
  };
  return (
    <Modal opened onClose={onClose} title="Delete credential">
      <Stack>
        <Text size="sm">
          Delete <b>{item.name}</b> from <b>{where}</b>? Every namespace that uses it {item.namespace === null ? "" : "below"}{" "}
          loses it. The secrets it references are kept.
        </Text>
        {remove.isError && <ServerErrorAlert error={remove.error} title="Not deleted" testId="credential-delete-error" />}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} data-autofocus>
            Cancel
          </Button>
          <Button color="red" onClick={confirm} loading={remove.isPending} data-testid="credential-delete-confirm">
            Delete
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
