import type { PrincipalDto } from "../../bindings/PrincipalDto";
import { ConfirmDeleteModal } from "../../ConfirmDeleteModal";
import { notifySuccess } from "../../notify";
import { KIND_LABEL } from "./NewPrincipalModal";
import { useDeletePrincipal, usePrincipal } from "./queries";

interface Props {
  tenant: string;
  principal: PrincipalDto;
  onClose: () => void;
  onDeleted?: () => void;
}

/** Says what goes with the principal: its tokens (counted once the detail has loaded) and its role bindings. */
export function DeletePrincipalModal({ tenant, principal, onClose, onDeleted }: Props) {
  const remove = useDeletePrincipal(tenant);
  const detail = usePrincipal(tenant, principal.name);
  const kind = KIND_LABEL[principal.kind].toLowerCase();
  const tokens = detail.data?.tokens.length;
  const bindings = detail.data?.bindings.length;
  const counts =
    tokens === undefined || bindings === undefined ? "" : ` (${plural(tokens, "token")}, ${plural(bindings, "binding")})`;

  const confirm = () => {
    remove.mutate(principal.name, {
      onSuccess: () => {
        notifySuccess(`${principal.name} deleted with its tokens and role bindings`);
        onClose();
        onDeleted?.();
      },
    });
  };

  return (
    <ConfirmDeleteModal
      title={`Delete ${kind}`}
      question={
        <>
          Delete the {kind} <b>{principal.name}</b>? Its API tokens and role bindings are deleted with it{counts}: clients
          using its tokens are refused from their next request. This cannot be undone.
        </>
      }
      questionTestId="delete-principal-question"
      mutation={remove}
      testId="delete-principal"
      onConfirm={confirm}
      onClose={onClose}
    />
  );
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}
