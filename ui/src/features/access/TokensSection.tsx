import { Alert, Button, Group, Loader, Stack, Text, Title } from "@mantine/core";
import { useState } from "react";

import { toBackendError } from "../../backend";
import type { ApiTokenDto } from "../../bindings/ApiTokenDto";
import type { CreatedToken } from "../../bindings/CreatedToken";
import { IssuedTokenModal } from "./IssuedTokenModal";
import { NewTokenModal } from "./NewTokenModal";
import { useTokenList } from "./queries";
import { RevokeTokenModal } from "./RevokeTokenModal";
import { RotateTokenModal } from "./RotateTokenModal";
import { TokensTable } from "./TokensTable";

/** At most one dialog at a time; `issued` is the only place a token's plaintext lives, until closed. */
type Dialog =
  | { kind: "create" }
  | { kind: "issued"; created: CreatedToken; verb: "created" | "rotated"; note?: string }
  | { kind: "revoke"; token: ApiTokenDto }
  | { kind: "rotate"; token: ApiTokenDto };

interface Props {
  tenant: string;
  /** One principal's tokens (its page), or null for every token of the tenant. */
  owner: string | null;
}

export function TokensSection({ tenant, owner }: Props) {
  const list = useTokenList(tenant, owner);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const close = () => {
    setDialog(null);
  };

  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Title order={owner === null ? 3 : 4} data-testid="tokens-title">
          API tokens{owner === null ? "" : ` of ${owner}`}
        </Title>
        <Button
          onClick={() => {
            setDialog({ kind: "create" });
          }}
          data-testid="new-token-button"
        >
          New token
        </Button>
      </Group>
      {list.isPending ? (
        <Loader size="sm" aria-label="Loading API tokens" />
      ) : list.isError ? (
        <Alert color="red" data-testid="tokens-error">
          {toBackendError(list.error).message}
        </Alert>
      ) : list.data.length === 0 ? (
        <Text size="sm" c="dimmed" data-testid="tokens-empty">
          {owner === null ? "No API tokens in this tenant yet." : `${owner} has no API tokens.`}
        </Text>
      ) : (
        <TokensTable
          tokens={list.data}
          showOwner={owner === null}
          onRevoke={(token) => {
            setDialog({ kind: "revoke", token });
          }}
          onRotate={(token) => {
            setDialog({ kind: "rotate", token });
          }}
        />
      )}
      {dialog?.kind === "create" && (
        <NewTokenModal
          tenant={tenant}
          owner={owner}
          onClose={close}
          onIssued={(created) => {
            setDialog({ kind: "issued", created, verb: "created" });
          }}
        />
      )}
      {dialog?.kind === "issued" && (
        <IssuedTokenModal issued={dialog.created} verb={dialog.verb} note={dialog.note} onClose={close} />
      )}
      {dialog?.kind === "revoke" && <RevokeTokenModal tenant={tenant} token={dialog.token} onClose={close} />}
      {dialog?.kind === "rotate" && (
        <RotateTokenModal
          tenant={tenant}
          token={dialog.token}
          onClose={close}
          onIssued={(created, note) => {
            setDialog({ kind: "issued", created, verb: "rotated", note });
          }}
        />
      )}
    </Stack>
  );
}
