import { Button, Group, Modal, Stack, Text } from "@mantine/core";

import { errorCode } from "../../backend";
import type { KvListItem } from "../../bindings/KvListItem";
import { notifySuccess } from "../../notify";
import { ServerErrorAlert } from "../../ServerErrorAlert";
import { useDeleteKv } from "./queries";

interface Props {
  tenant: string;
  /** A pair of the listed namespace (an inherited row offers no Delete). */
  item: KvListItem | null;
  onClose: () => void;
}

/** Deletes the version that was listed: if someone changed the pair since, the core says so instead. */
export function DeleteKvModal({ tenant, item, onClose }: Props) {
  const remove = useDeleteKv(tenant);
  const close = () => {
    remove.reset();
    onClose();
  };
  const confirm = () => {
    if (item === null) return;
    remove.mutate(
      { namespace: item.namespace, key: item.key, ifVersion: item.version },
      {
        onSuccess: () => {
          notifySuccess(`${item.key} deleted from ${item.namespace}`);
          close();
        },
      },
    );
  };

  return (
    <Modal opened={item !== null} onClose={close} title="Delete KV pair">
      <Stack>
        <Text size="sm" data-testid="kv-delete-question">
          Delete <b>{item?.key}</b> from <b>{item?.namespace}</b>? Flows that read it get nothing (or a parent&apos;s
          pair of the same key, when they inherit). This cannot be undone.
        </Text>
        {remove.isError && (
          <ServerErrorAlert
            error={remove.error}
            title={errorCode(remove.error) === "conflict" ? "Changed since it was listed: not deleted" : "Not deleted"}
            testId="kv-delete-error"
          />
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={close} data-autofocus>
            Cancel
          </Button>
          <Button color="red" onClick={confirm} loading={remove.isPending} data-testid="kv-delete-confirm">
            Delete
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
