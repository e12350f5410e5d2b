import { Badge, Button, Group, Stack, Table, Text, VisuallyHidden } from "@mantine/core";

import type { CredentialDto } from "../../bindings/CredentialDto";
import type { CredentialType } from "../../bindings/CredentialType";

interface Props {
  namespace: string;
  items: CredentialDto[];
  types: CredentialType[];
  testingName: string | null;
  onTest: (item: CredentialDto) => void;
  onCopy: (item: CredentialDto) => void;
  onEdit: (item: CredentialDto) => void;
  onDelete: (item: CredentialDto) => void;
}

function DefinedIn({ item }: { item: CredentialDto }) {
  const shadows = item.shadows.map((scope) => (scope.level === "tenant" ? "tenant level" : scope.namespace));
  return (
    <Stack gap={2}>
      <Group gap={4}>
        {item.namespace === null ? (
          <Badge variant="light" color="grape" size="sm">
            tenant
          </Badge>
        ) : (
          <Text size="sm">{item.namespace}</Text>
        )}
      </Group>
      {item.inherited && item.namespace !== null && (
        <Text size="xs" c="dimmed">
          inherited from {item.namespace}
        </Text>
      )}
      {shadows.length > 0 && (
        <Text size="xs" c="yellow.8">
          shadows {shadows.join(", ")}
        </Text>
      )}
    </Stack>
  );
}

export function CredentialsTable({ namespace, items, types, testingName, onTest, onCopy, onEdit, onDelete }: Props) {
  if (items.length === 0) {
    return (
      <Text c="dimmed" size="sm" data-testid="credentials-empty">
        No credentials in {namespace}, its parents, or at tenant level yet.
      </Text>
    );
  }
  const label = (id: string) => types.find((type) => type.id === id)?.label ?? id;
  return (
    <Table.ScrollContainer minWidth={900}>
      <Table striped highlightOnHover verticalSpacing="xs" data-testid="credentials-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            <Table.Th>Type</Table.Th>
            <Table.Th>Defined in</Table.Th>
            <Table.Th>Updated</Table.Th>
            <Table.Th>Description</Table.Th>
            <Table.Th>
              <VisuallyHidden>Actions</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((item) => (
            <Table.Tr key={`${item.namespace ?? ""}/${item.name}`} data-testid={`credential-row-${item.name}`}>
              <Table.Td ff="monospace">{item.name}</Table.Td>
              <Table.Td>
                <Text size="sm" title={item.type}>
                  {label(item.type)}
                </Text>
              </Table.Td>
              <Table.Td>
                <DefinedIn item={item} />
              </Table.Td>
              <Table.Td>
                <Text size="sm" title={`by ${item.updated_by}`}>
                  {new Date(item.updated_at).toLocaleString()}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm" lineClamp={2}>
                  {item.description}
                </Text>
              </Table.Td>
              <Table.Td>
                <Group gap={4} wrap="nowrap" justify="flex-end">
                  <Button
                    size="compact-sm"
                    variant="light"
                    loading={testingName === item.name}
                    onClick={() => {
                      onTest(item);
                    }}
                    data-testid={`test-${item.name}`}
                  >
                    Test
                  </Button>
                  <Button
                    size="compact-sm"
                    variant="subtle"
                    onClick={() => {
                      onCopy(item);
                    }}
                    data-testid={`copy-credential-${item.name}`}
                  >
                    Copy
                  </Button>
                  <Button
                    size="compact-sm"
                    variant="subtle"
                    onClick={() => {
                      onEdit(item);
                    }}
                    data-testid={`edit-${item.name}`}
                    title={item.inherited ? `Edits the definition in ${item.namespace ?? "the tenant level"}` : undefined}
                  >
                    Edit
                  </Button>
                  <Button
                    size="compact-sm"
                    variant="subtle"
                    color="red"
                    onClick={() => {
                      onDelete(item);
                    }}
                    data-testid={`delete-credential-${item.name}`}
                  >
                    Delete
                  </Button>
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
