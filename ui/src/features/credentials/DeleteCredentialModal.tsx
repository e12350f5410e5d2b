import type { CredentialDto } from "../../bindings/CredentialDto";
import { ConfirmDeleteModal } from "../../ConfirmDeleteModal";
import { notifySuccess } from "../../notify";
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
    <ConfirmDeleteModal
      title="Delete credential"
      question={
        <>
          Delete <b>{item.name}</b> from <b>{where}</b>? Every namespace that uses it {item.namespace === null ? "" : "below"}{" "}
          loses it. The secrets it references are kept.
        </>
      }
      mutation={remove}
      testId="credential-delete"
      onConfirm={confirm}
      onClose={onClose}
    />
  );
}
