import { Alert, Button, Group, Loader, Stack, Switch, Title } from "@mantine/core";
import { useState } from "react";

import { toBackendError } from "../../backend";
import type { SecretListItem } from "../../bindings/SecretListItem";
import { DeleteSecretModal } from "./DeleteSecretModal";
import { NewSecretModal } from "./NewSecretModal";
import { useSecretList } from "./queries";
import { SecretsTable } from "./SecretsTable";

export function SecretsPanel({ tenant, namespace }: { tenant: string; namespace: string }) {
  const [effective, setEffective] = useState(false);
  const [creating, setCreating] = useState(false);
  const [deleting, setDeleting] = useState<SecretListItem | null>(null);
  const list = useSecretList(tenant, namespace, effective);

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={3} data-testid="secrets-title">
          Secrets in {namespace}
        </Title>
        <Group>
          <Switch
            label="Show inherited"
            checked={effective}
            onChange={(event) => {
              setEffective(event.currentTarget.checked);
            }}
            data-testid="show-inherited-switch"
          />
          <Button
            onClick={() => {
              setCreating(true);
            }}
            data-testid="new-secret-button"
          >
            New secret
          </Button>
        </Group>
      </Group>
      {list.isPending ? (
        <Loader size="sm" aria-label="Loading secrets" />
      ) : list.isError ? (
        <Alert color="red">{toBackendError(list.error).message}</Alert>
      ) : (
        <SecretsTable tenant={tenant} items={list.data} onDelete={setDeleting} />
      )}
      <NewSecretModal
        tenant={tenant}
        namespace={namespace}
        opened={creating}
        onClose={() => {
          setCreating(false);
        }}
      />
      <DeleteSecretModal
        tenant={tenant}
        item={deleting}
        onClose={() => {
          setDeleting(null);
        }}
      />
    </Stack>
  );
}
