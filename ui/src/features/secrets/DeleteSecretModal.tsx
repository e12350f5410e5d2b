import { Alert, Button, Group, Modal, Stack, Text } from "@mantine/core";

import { toBackendError } from "../../backend";
import type { SecretListItem } from "../../bindings/SecretListItem";
import { notifySuccess } from "../../notify";
import { useDeleteSecret } from "./queries";

interface Props {
  tenant: string;
  item: SecretListItem | null;
  onClose: () => void;
}

export function DeleteSecretModal({ tenant, item, onClose }: Props) {
  const remove = useDeleteSecret(tenant);
  const close = () => {
    remove.reset();
    onClose();
  };
  const confirm = () => {
    if (item === null) return;
    remove.mutate(
      { namespace: item.namespace, key: item.key },
      {
        onSuccess: () => {
          notifySuccess(`${item.key} deleted from ${item.namespace}`);
          close();
        },
      },
    );
  };

  return (
    <Modal opened={item !== null} onClose={close} title="Delete secret">
      <Stack>
        <Text size="sm">
          Delete <b>{item?.key}</b> from <b>{item?.namespace}</b>? Its versions go with it.{" "}
          {item !== null && <Consequence item={item} />}
        </Text>
        {remove.isError && (
          <Alert color="red" data-testid="delete-error">
            {toBackendError(remove.error).message}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={close} data-autofocus>
            Cancel
          </Button>
          <Button color="red" onClick={confirm} loading={remove.isPending} data-testid="delete-confirm">
            Delete
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** What inheriting namespaces see afterwards: a shadowed parent's value comes back; otherwise nothing. */
function Consequence({ item }: { item: SecretListItem }) {
  const [nearest] = item.shadows;
  if (nearest !== undefined) {
    return (
      <>
        {item.namespace} and the namespaces below it then use {item.key} from <b>{nearest}</b> again.
      </>
    );
  }
  return <>Namespaces below {item.namespace} that inherit it lose it too.</>;
}
