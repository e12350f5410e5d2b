import type { CredentialType } from "../../bindings/CredentialType";
import { ConfirmDeleteModal } from "../../ConfirmDeleteModal";
import { notifySuccess } from "../../notify";
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
    <ConfirmDeleteModal
      title="Delete credential type"
      question={
        <>
          Delete the custom type <b>{type.label}</b> (<code>{type.id}</code>)? Keystead refuses while any credential of
          the tenant, in any namespace, uses it.
        </>
      }
      mutation={remove}
      testId="type-delete"
      onConfirm={confirm}
      onClose={onClose}
    />
  );
}
