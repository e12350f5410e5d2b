import { Group, Menu, Stack, Table, Text, VisuallyHidden } from "@mantine/core";

import type { KvListItem } from "../../bindings/KvListItem";
import { Name } from "../../Name";
import { LazyRowMenu, RowButton } from "../../table/RowMenu";
import { VirtualTable } from "../../table/VirtualTable";
import { ALLOWED } from "../rights/rights";
import { formatTime } from "../../formatTime";
import { useNow } from "../credentials/expiry";
import { countdown, deadlineOf } from "./kvExpiry";

export interface KvRowActions {
  onEdit: (item: KvListItem) => void;
  onDelete: (item: KvListItem) => void;
  /** Create the key in the listed namespace, shadowing the inherited one. */
  onOverride: (item: KvListItem) => void;
  /** Show another namespace (where an inherited pair is defined). */
  onOpenNamespace?: ((namespace: string) => void) | undefined;
}

interface Props extends KvRowActions {
  /** The namespace being listed (where Override writes). */
  namespace: string;
  items: KvListItem[];
  /** The key filter the listing was asked with ("" for none). */
  prefix?: string;
  /** When the listing arrived (`expires_in` counts from then). */
  readAt: number;
}

// Keys and previews may be long unbroken text: they wrap anywhere rather than widen the table.
const WRAP = { overflowWrap: "anywhere" } as const;

/**
 * A fixed layout with wrapping cells: the table never grows wider than the panel, so it fits the 800 px
 * minimum window with the navigation open. Description, version and origin sit under the key, and so does
 * the type below the md breakpoint, where a column of its own would leave keys and values too narrow. Only the rows
 * in view are rendered.
 */
export function KvTable({ namespace, items, prefix = "", readAt, ...actions }: Props) {
  const now = useNow(1000);
  if (items.length === 0) {
    return (
      <Text c="dimmed" size="sm" data-testid="kv-empty">
        {prefix === "" ? "No KV pairs in this namespace yet." : `No keys start with ${prefix}.`}
      </Text>
    );
  }
  return (
    <VirtualTable
      items={items}
      rowKey={(item) => `${item.namespace}/${item.key}`}
      estimateRowHeight={76}
      columns={5}
      highlightOnHover
      layout="fixed"
      verticalSpacing="xs"
      horizontalSpacing="xs"
      data-testid="kv-table"
      head={
        <Table.Tr>
          <Table.Th>Key</Table.Th>
          <Table.Th w={84} visibleFrom="md">
            Type
          </Table.Th>
          <Table.Th>Value</Table.Th>
          <Table.Th w={150}>Expires</Table.Th>
          <Table.Th w={108}>
            <VisuallyHidden>Actions</VisuallyHidden>
          </Table.Th>
        </Table.Tr>
      }
      renderRow={(item, ariaRowIndex) => {
        const deadline = deadlineOf(item.expires_in, readAt);
        const expired = deadline !== null && deadline <= now;
        return (
          <Table.Tr
            aria-rowindex={ariaRowIndex}
            data-testid={`kv-row-${item.key}`}
            data-expired={expired || undefined}
            c={expired ? "dimmed" : undefined}
          >
            <Table.Td>
              <Stack gap={2}>
                <Text ff="monospace" fw={600} size="sm" style={WRAP}>
                  {item.key}
                </Text>
                {item.description !== "" && (
                  <Text size="xs" lineClamp={2} style={WRAP}>
                    {item.description}
                  </Text>
                )}
                <KvFacts item={item} />
              </Stack>
            </Table.Td>
            <Table.Td visibleFrom="md">
              <Text size="xs" ff="monospace" data-testid={`kv-type-${item.key}`}>
                {item.type}
              </Text>
            </Table.Td>
            <Table.Td>
              <Text size="sm" ff="monospace" lineClamp={3} style={WRAP} title={item.preview} data-testid={`kv-preview-${item.key}`}>
                {item.preview}
              </Text>
            </Table.Td>
            <Table.Td>
              {item.expires_at === null ? (
                <Text size="xs" data-testid={`kv-expires-at-${item.key}`}>
                  never
                </Text>
              ) : (
                <Stack gap={0}>
                  <Text size="xs" component="time" dateTime={item.expires_at} data-testid={`kv-expires-at-${item.key}`}>
                    {formatTime(item.expires_at)}
                  </Text>
                  <Text size="xs" fw={600} data-testid={`kv-countdown-${item.key}`}>
                    {countdown(deadline, now)}
                  </Text>
                </Stack>
              )}
            </Table.Td>
            <Table.Td>
              <KvRowButtons item={item} namespace={namespace} expired={expired} {...actions} />
            </Table.Td>
          </Table.Tr>
        );
      }}
    />
  );
}

/** Type (on narrow screens), version, origin and shadows as words. */
function KvFacts({ item }: { item: KvListItem }) {
  const facts = [
    <Text span key="type" inherit ff="monospace" hiddenFrom="md">
      {item.type} ·{" "}
    </Text>,
    <span key="version">v{item.version}</span>,
    item.inherited && (
      <Text span key="inherited" inherit c="blue">
        inherited from <Name value={item.namespace} />
      </Text>
    ),
    ...item.shadows.map((ancestor) => (
      <Text span key={`shadows-${ancestor}`} inherit>
        shadows <Name value={ancestor} />
      </Text>
    )),
  ].filter((fact) => fact !== false);
  return (
    <Text size="xs" c="dimmed" data-testid={`kv-facts-${item.key}`}>
      {facts.flatMap((fact, index) => (index <= 1 ? [fact] : [<span key={`sep-${index}`}> · </span>, fact]))}
    </Text>
  );
}

/** Edit for the listed namespace's own pairs; Delete (rarer, and final) and the inherited row's choices in a menu. */
function KvRowButtons({
  item,
  namespace,
  expired,
  onEdit,
  onDelete,
  onOverride,
  onOpenNamespace,
}: KvRowActions & { item: KvListItem; namespace: string; expired: boolean }) {
  return (
    <Group gap={4} wrap="nowrap" justify="flex-end">
      {!item.inherited && (
        <RowButton
          gate={ALLOWED}
          disabled={expired}
          onClick={() => {
            onEdit(item);
          }}
          aria-label={`Edit ${item.key}`}
          data-testid={`edit-kv-${item.key}`}
        >
          Edit
        </RowButton>
      )}
      <LazyRowMenu label={`Actions for ${item.key}`} data-testid={`kv-actions-${item.key}`}>
        {(target) => (
          <Menu position="bottom-end" withinPortal shadow="md" width={240}>
            <Menu.Target>{target()}</Menu.Target>
            <Menu.Dropdown>
              {item.inherited ? (
                <>
                  <Menu.Label>Defined in {item.namespace}</Menu.Label>
                  <Menu.Item
                    onClick={() => {
                      onOverride(item);
                    }}
                    data-testid={`override-kv-${item.key}`}
                  >
                    Override in {namespace}…
                  </Menu.Item>
                  {onOpenNamespace !== undefined && (
                    <Menu.Item
                      onClick={() => {
                        onOpenNamespace(item.namespace);
                      }}
                      data-testid={`open-origin-kv-${item.key}`}
                    >
                      Open in {item.namespace}
                    </Menu.Item>
                  )}
                </>
              ) : (
                <Menu.Item
                  color="red"
                  disabled={expired}
                  onClick={() => {
                    onDelete(item);
                  }}
                  data-testid={`delete-kv-${item.key}`}
                >
                  Delete…
                </Menu.Item>
              )}
            </Menu.Dropdown>
          </Menu>
        )}
      </LazyRowMenu>
    </Group>
  );
}
