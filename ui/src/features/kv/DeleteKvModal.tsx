import { errorCode } from "../../backend";
import type { KvListItem } from "../../bindings/KvListItem";
import { ConfirmDeleteModal } from "../../ConfirmDeleteModal";
import { notifySuccess } from "../../notify";
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
    <ConfirmDeleteModal
      opened={item !== null}
      title="Delete KV pair"
      question={
        <>
          Delete <b>{item?.key}</b> from <b>{item?.namespace}</b>? Flows that read it get nothing (or a parent&apos;s pair
          of the same key, when they inherit). This cannot be undone.
        </>
      }
      questionTestId="kv-delete-question"
      mutation={remove}
      errorTitle={errorCode(remove.error) === "conflict" ? "Changed since it was listed: not deleted" : "Not deleted"}
      testId="kv-delete"
      onConfirm={confirm}
      onClose={close}
    />
  );
}
