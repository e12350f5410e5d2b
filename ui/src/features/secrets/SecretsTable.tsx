import { Table, Text, VisuallyHidden } from "@mantine/core";

import type { SecretListItem } from "../../bindings/SecretListItem";
import { VirtualTable } from "../../table/VirtualTable";
import { useNamespaceGates } from "../rights/RightsContext";
import { SECRET_COLUMNS, SecretRow } from "./SecretRow";
import type { SecretRowActions } from "./SecretRowMenu";

/**
 * A row without a description, as drawn (key, facts line, padding): rows measure themselves once rendered,
 * and an estimate that matches spares the table a second pass before its first paint.
 */
export const SECRET_ROW_HEIGHT = 59;

interface Props extends SecretRowActions {
  tenant: string;
  namespace: string;
  items: SecretListItem[];
}

/**
 * No minimum width: description, version and flags sit under the key, Updated shows from the md breakpoint, and
 * the rarer actions are in a menu, so the row (actions included) fits the 800 px minimum window. Only the rows in
 * view are rendered: a namespace may hold thousands.
 */
export function SecretsTable({ tenant, namespace, items, ...actions }: Props) {
  const gates = useNamespaceGates(tenant);
  if (items.length === 0) {
    return (
      <Text c="dimmed" size="sm" data-testid="secrets-empty">
        No secrets in this namespace yet.
      </Text>
    );
  }
  return (
    <VirtualTable
      items={items}
      rowKey={(item) => `${item.origin}/${item.key}`}
      estimateRowHeight={SECRET_ROW_HEIGHT}
      columns={SECRET_COLUMNS}
      highlightOnHover
      verticalSpacing="xs"
      data-testid="secrets-table"
      head={
        <Table.Tr>
          <Table.Th>Key</Table.Th>
          <Table.Th>Value</Table.Th>
          <Table.Th visibleFrom="md">Updated</Table.Th>
          <Table.Th>
            <VisuallyHidden>Actions</VisuallyHidden>
          </Table.Th>
        </Table.Tr>
      }
      renderRow={(item, ariaRowIndex) => (
        <SecretRow tenant={tenant} namespace={namespace} item={item} ariaRowIndex={ariaRowIndex} gates={gates} {...actions} />
      )}
    />
  );
}
