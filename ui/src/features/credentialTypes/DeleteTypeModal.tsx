import { Button, Group, Modal, Stack, Text } from "@mantine/core";

import type { CredentialType } from "../../bindings/CredentialType";
import { notifySuccess } from "../../notify";
import { ServerErrorAlert } from "../../ServerErrorAlert";
import { useDeleteCredentialType } from "./queries";

/** Confirms a delete; while credentials use the type the core refuses and its message names them. */
export function DeleteTypeModal({ tenant, type, onClose }: { tenant: string; type: CredentialType; onClose: () => void }) {
  const remove = useDeleteCredentialType(tenant);
  const confirm = () => {
    remove.mutate(type.id, {
      onSuccess: () => {
        notifySuccess(`Credential type ${type.id} deleted`);
        onClose();
      },
    });
  };
  return (
    <Modal opened onClose={onClose} title="Delete credential type">
      <Stack>
        <Text size="sm">
          Delete the custom type <b>{type.label}</b> (<code>{type.id}</code>)? Keystead refuses while any credential of
          the tenant, in any namespace, uses it.
        </Text>
        {remove.isError && <ServerErrorAlert error={remove.error} title="Not deleted" testId="type-delete-error" />}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} data-autofocus>
            Cancel
          </Button>
          <Button color="red" onClick={confirm} loading={remove.isPending} data-testid="type-delete-confirm">
            Delete
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
