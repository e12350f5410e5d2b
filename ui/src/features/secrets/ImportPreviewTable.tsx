import { Badge, SegmentedControl, Stack, Table, Text } from "@mantine/core";
import { useMemo, useState } from "react";

import type { ImportItem } from "../../bindings/ImportItem";
import { countStates, effectOf, stateOf, type KeyState } from "./importPlan";

/** Rows drawn at once: a 10 000-line file still opens at once; the filter narrows what is listed. */
export const PREVIEW_ROWS = 200;

const COLOR: Record<KeyState, string> = { new: "teal", changed: "orange", unchanged: "gray", exists: "gray" };

type Filter = "all" | KeyState;

interface Props {
  items: ImportItem[];
  /** The report is of an import that happened (not a dry run). */
  done: boolean;
}

/** Per key: how it compares with the namespace now, and what Import does to it. Never a value. */
export function ImportPreviewTable({ items, done }: Props) {
  const [filter, setFilter] = useState<Filter>("all");
  const counts = useMemo(() => countStates(items), [items]);
  const shown = useMemo(
    () => (filter === "all" ? items : items.filter((item) => stateOf(item) === filter)),
    [items, filter],
  );
  const options = [
    { value: "all", label: `All (${String(items.length)})` },
    { value: "new", label: `New (${String(counts.new)})` },
    { value: "changed", label: `Changed (${String(counts.changed)})` },
    { value: "unchanged", label: `Unchanged (${String(counts.unchanged)})` },
    ...(counts.exists > 0 ? [{ value: "exists", label: `Exists (${String(counts.exists)})` }] : []),
  ];

  return (
    <Stack gap="xs">
      <SegmentedControl
        size="xs"
        data={options}
        value={filter}
        onChange={(value) => {
          setFilter(value as Filter);
        }}
        data-testid="import-filter"
      />
      <Table.ScrollContainer minWidth={0} mah={260}>
        <Table verticalSpacing={4} stickyHeader data-testid="import-preview-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Key</Table.Th>
              <Table.Th>Now</Table.Th>
              <Table.Th>{done ? "Import" : "On import"}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {shown.slice(0, PREVIEW_ROWS).map((item) => {
              const state = stateOf(item);
              return (
                <Table.Tr key={item.key} data-testid={`import-row-${item.key}`} data-state={state}>
                  <Table.Td>
                    <Text size="sm" ff="monospace">
                      {item.key}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Badge size="sm" variant="light" color={COLOR[state]}>
                      {state}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{effectOf(item, done)}</Text>
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {shown.length > PREVIEW_ROWS && (
        <Text size="xs" c="dimmed" data-testid="import-preview-more">
          {String(shown.length - PREVIEW_ROWS)} more keys not listed: pick New or Changed to see the ones that matter.
        </Text>
      )}
    </Stack>
  );
}
