import { Button, Group, Modal, Stack, Text } from "@mantine/core";

import type { PrincipalDto } from "../../bindings/PrincipalDto";
import { notifySuccess } from "../../notify";
import { ServerErrorAlert } from "../../ServerErrorAlert";
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
    <Modal opened onClose={onClose} title={`Delete ${kind}`}>
      <Stack>
        <Text size="sm" data-testid="delete-principal-question">
          Delete the {kind} <b>{principal.name}</b>? Its API tokens and role bindings are deleted with it{counts}:
          clients using its tokens are refused from their next request. This cannot be undone.
        </Text>
        {remove.isError && <ServerErrorAlert error={remove.error} title="Not deleted" testId="delete-principal-error" />}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} data-autofocus>
            Cancel
          </Button>
          <Button color="red" onClick={confirm} loading={remove.isPending} data-testid="delete-principal-confirm">
            Delete
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}
