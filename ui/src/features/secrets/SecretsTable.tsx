import { Table, Text, VisuallyHidden } from "@mantine/core";

import type { SecretListItem } from "../../bindings/SecretListItem";
import { SecretRow } from "./SecretRow";

interface Props {
  tenant: string;
  items: SecretListItem[];
  onDelete: (item: SecretListItem) => void;
}

export function SecretsTable({ tenant, items, onDelete }: Props) {
  if (items.length === 0) {
    return (
      <Text c="dimmed" size="sm" data-testid="secrets-empty">
        No secrets in this namespace yet.
      </Text>
    );
  }
  return (
    <Table.ScrollContainer minWidth={820}>
      <Table striped highlightOnHover verticalSpacing="xs" data-testid="secrets-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Key</Table.Th>
            <Table.Th miw={200}>Value</Table.Th>
            <Table.Th>Description</Table.Th>
            <Table.Th>Version</Table.Th>
            <Table.Th>Updated</Table.Th>
            <Table.Th>Flags</Table.Th>
            <Table.Th>
              <VisuallyHidden>Actions</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((item) => (
            <SecretRow key={`${item.origin}/${item.key}`} tenant={tenant} item={item} onDelete={onDelete} />
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
