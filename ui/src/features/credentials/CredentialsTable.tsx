import { Group, Stack, Table, Text, VisuallyHidden } from "@mantine/core";

import type { CredentialDto } from "../../bindings/CredentialDto";
import type { CredentialType } from "../../bindings/CredentialType";
import { formatTime } from "../../formatTime";
import { Name } from "../../Name";
import { LazyRowMenu } from "../../table/RowMenu";
import { VirtualTable } from "../../table/VirtualTable";
import { GatedButton } from "../rights/Gated";
import { useNamespaceGate } from "../rights/RightsContext";
import { scopeLabel } from "./formMode";
import { CredentialRowMenu, type CredentialRowActions } from "./CredentialRowMenu";

interface Props extends CredentialRowActions {
  tenant: string;
  namespace: string;
  items: CredentialDto[];
  types: CredentialType[];
  testingName: string | null;
  onTest: (item: CredentialDto) => void;
}

/** Where a row's credential is defined, whether it is inherited, and what it shadows: in words. */
function DefinedIn({ item }: { item: CredentialDto }) {
  const shadows = item.shadows.map((scope) => (scope.level === "tenant" ? "tenant level" : scope.namespace));
  return (
    <Stack gap={2} data-testid={`credential-origin-${item.name}`}>
      <Name value={scopeLabel(item.namespace)} size="sm" />
      {item.inherited && (
        <Text size="xs" c="blue">
          inherited
        </Text>
      )}
      {shadows.length > 0 && (
        <Text size="xs" c="orange">
          shadows {shadows.join(", ")}
        </Text>
      )}
    </Stack>
  );
}

/** The outcome of the credential's last Test since it was saved, when it has one. */
function LastTest({ item }: { item: CredentialDto }) {
  const test = item.last_test;
  if (test === null) return null;
  return (
    <Text
      size="xs"
      c={test.ok ? "teal" : "red"}
      title={`Tested ${formatTime(test.at)}`}
      data-testid={`credential-last-test-${item.name}`}
    >
      {test.ok ? "last Test passed" : `last Test failed${test.error === null ? "" : `: ${test.error}`}`}
    </Text>
  );
}

/**
 * No minimum width: type and description sit under the name, Updated shows from the md breakpoint,
 * and the actions besides Test are in a menu, so rows fit the 800 px minimum window. Only the rows in view are rendered.
 */
export function CredentialsTable({ tenant, namespace, items, types, testingName, onTest, ...actions }: Props) {
  // A Test runs as seen from this namespace: `use` here (the server also checks the secrets it resolves).
  const testGate = useNamespaceGate(tenant, namespace, "use");
  if (items.length === 0) {
    return (
      <Text c="dimmed" size="sm" data-testid="credentials-empty">
        No credentials in {namespace}, its parents, or at tenant level yet.
      </Text>
    );
  }
  const label = (id: string) => types.find((type) => type.id === id)?.label ?? id;
  return (
    <VirtualTable
      items={items}
      rowKey={(item) => `${item.namespace ?? ""}/${item.name}`}
      estimateRowHeight={72}
      columns={4}
      highlightOnHover
      verticalSpacing="xs"
      data-testid="credentials-table"
      head={
        <Table.Tr>
          <Table.Th>Name</Table.Th>
          <Table.Th>Defined in</Table.Th>
          <Table.Th visibleFrom="md">Updated</Table.Th>
          <Table.Th>
            <VisuallyHidden>Actions</VisuallyHidden>
          </Table.Th>
        </Table.Tr>
      }
      renderRow={(item, ariaRowIndex) => (
        <Table.Tr aria-rowindex={ariaRowIndex} data-testid={`credential-row-${item.name}`}>
          <Table.Td>
            <Stack gap={2}>
              <Name value={item.name} ff="monospace" fw={600} size="sm" />
              <Text size="xs" title={item.type}>
                {label(item.type)}
              </Text>
              <LastTest item={item} />
              {item.description !== "" && (
                <Text size="xs" c="dimmed" lineClamp={2}>
                  {item.description}
                </Text>
              )}
            </Stack>
          </Table.Td>
          <Table.Td>
            <DefinedIn item={item} />
          </Table.Td>
          <Table.Td visibleFrom="md">
            <Text size="sm" title={`by ${item.updated_by}`}>
              {formatTime(item.updated_at)}
            </Text>
          </Table.Td>
          <Table.Td>
            <Group gap={4} wrap="nowrap" justify="flex-end">
              <GatedButton
                gate={testGate}
                size="compact-sm"
                variant="light"
                loading={testingName === item.name}
                onClick={() => {
                  onTest(item);
                }}
                data-testid={`test-${item.name}`}
              >
                Test
              </GatedButton>
              <LazyRowMenu label={`Actions for ${item.name}`} data-testid={`credential-actions-${item.name}`}>
                {(target) => <CredentialRowMenu tenant={tenant} namespace={namespace} item={item} target={target} {...actions} />}
              </LazyRowMenu>
            </Group>
          </Table.Td>
        </Table.Tr>
      )}
    />
  );
}
