import type { SecretListItem } from "../../bindings/SecretListItem";
import { ConfirmDeleteModal } from "../../ConfirmDeleteModal";
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
    <ConfirmDeleteModal
      opened={item !== null}
      title="Delete secret"
      question={
        <>
          Delete <b>{item?.key}</b> from <b>{item?.namespace}</b>? Its versions go with it.{" "}
          {item !== null && <Consequence item={item} />}
        </>
      }
      mutation={remove}
      testId="delete"
      onConfirm={confirm}
      onClose={close}
    />
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
