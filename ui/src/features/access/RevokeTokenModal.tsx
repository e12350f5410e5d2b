import { Button, Group, Modal, Stack, Text } from "@mantine/core";

import type { ApiTokenDto } from "../../bindings/ApiTokenDto";
import { notifySuccess } from "../../notify";
import { ServerErrorAlert } from "../../ServerErrorAlert";
import { useRevokeToken } from "./queries";

interface Props {
  tenant: string;
  token: ApiTokenDto;
  onClose: () => void;
}

export function RevokeTokenModal({ tenant, token, onClose }: Props) {
  const revoke = useRevokeToken(tenant);
  const confirm = () => {
    revoke.mutate(token.id, {
      onSuccess: () => {
        notifySuccess(`${token.name} (${token.prefix}) revoked`);
        onClose();
      },
    });
  };

  return (
    <Modal opened onClose={onClose} title="Revoke API token">
      <Stack>
        <Text size="sm" data-testid="revoke-token-question">
          Revoke <b>{token.name}</b> ({token.prefix}) of <b>{token.principal}</b>? Every client using it is refused
          from its next request. This cannot be undone.
        </Text>
        {revoke.isError && <ServerErrorAlert error={revoke.error} title="Not revoked" testId="revoke-token-error" />}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} data-autofocus>
            Cancel
          </Button>
          <Button color="red" onClick={confirm} loading={revoke.isPending} data-testid="revoke-token-confirm">
            Revoke
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
