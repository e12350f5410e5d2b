import { Alert, Badge, Button, Group, Loader, Stack, Table, Text, Title, VisuallyHidden } from "@mantine/core";
import { useState } from "react";

import { toBackendError } from "../../backend";
import type { CredentialType } from "../../bindings/CredentialType";
import { GatedButton } from "../rights/Gated";
import { useTenantGate } from "../rights/RightsContext";
import { DeleteTypeModal } from "./DeleteTypeModal";
import { useCredentialTypes } from "./queries";
import { TypeEditorModal, type EditorMode } from "./TypeEditorModal";

type Dialog = { kind: "editor"; mode: EditorMode } | { kind: "delete"; type: CredentialType };

/** The tenant's credential types: built-in ones to look at, custom ones to create, change and delete. */
export function CredentialTypesArea({ tenant }: { tenant: string }) {
  const types = useCredentialTypes(tenant);
  // Custom types belong to the tenant: changing them needs admin at tenant level (as the core checks).
  const gate = useTenantGate("admin");
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const close = () => {
    setDialog(null);
  };
  const builtinIds = (types.data ?? []).filter((type) => type.managed).map((type) => type.id);

  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Title order={3} data-testid="credential-types-title">
          Credential types of tenant {tenant}
        </Title>
        <GatedButton
          gate={gate}
          onClick={() => {
            setDialog({ kind: "editor", mode: { kind: "new" } });
          }}
          data-testid="new-credential-type-button"
        >
          New type…
        </GatedButton>
      </Group>
      <Text size="sm" c="dimmed">
        A custom type is a schema of inputs: credentials of that type hold static values (sensitive ones as secret
        references), and the credential form is generated from it.
      </Text>
      {types.isPending ? (
        <Loader size="sm" aria-label="Loading credential types" />
      ) : types.isError ? (
        <Alert color="red" data-testid="credential-types-error">
          {toBackendError(types.error).message}
        </Alert>
      ) : (
        <Table striped highlightOnHover verticalSpacing="xs" data-testid="credential-types-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Type</Table.Th>
              <Table.Th>Kind</Table.Th>
              <Table.Th>Inputs</Table.Th>
              <Table.Th>
                <VisuallyHidden>Actions</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {types.data.map((type) => {
              const editable = !type.managed && gate.allowed;
              return (
                <Table.Tr key={type.id} data-testid={`credential-type-row-${type.id}`}>
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap">
                      <Text size="sm" fw={600}>
                        {type.label}
                      </Text>
                      {type.managed ? (
                        <Badge variant="light" color="gray" data-testid={`credential-type-builtin-${type.id}`}>
                          built-in
                        </Badge>
                      ) : (
                        <Badge variant="light" color="teal">
                          custom
                        </Badge>
                      )}
                    </Group>
                    <Text size="xs" ff="monospace" c="dimmed">
                      {type.id}
                    </Text>
                    {type.description !== "" && (
                      <Text size="xs" lineClamp={2}>
                        {type.description}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>{type.kind === "minting" ? "mints tokens" : "static values"}</Table.Td>
                  <Table.Td>{type.inputs.length}</Table.Td>
                  <Table.Td>
                    <Group gap="xs" justify="flex-end" wrap="nowrap">
                      <Button
                        size="compact-sm"
                        variant="default"
                        onClick={() => {
                          setDialog({ kind: "editor", mode: editable ? { kind: "edit", type } : { kind: "view", type } });
                        }}
                        data-testid={`credential-type-open-${type.id}`}
                      >
                        {editable ? "Edit" : "View"}
                      </Button>
                      {!type.managed && (
                        <GatedButton
                          gate={gate}
                          size="compact-sm"
                          variant="light"
                          color="red"
                          onClick={() => {
                            setDialog({ kind: "delete", type });
                          }}
                          data-testid={`credential-type-delete-${type.id}`}
                        >
                          Delete
                        </GatedButton>
                      )}
                    </Group>
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      )}
      {dialog?.kind === "editor" && <TypeEditorModal tenant={tenant} mode={dialog.mode} builtinIds={builtinIds} onClose={close} />}
      {dialog?.kind === "delete" && <DeleteTypeModal tenant={tenant} type={dialog.type} onClose={close} />}
    </Stack>
  );
}
