import { Badge, Table, Text } from "@mantine/core";

import type { ExpiringItem } from "../../bindings/ExpiringItem";
import { formatTime } from "../../formatTime";
import type { Destination } from "../search/searchIndex";
import { KIND_COLOR, KIND_LABEL, destinationOf, displayName, timeLeft } from "./expiringItems";

interface Props {
  items: ExpiringItem[];
  onNavigate: (destination: Destination) => void;
}

function rowId(item: ExpiringItem): string {
  return `${item.kind}-${item.namespace ?? "tenant"}-${item.token_prefix ?? item.name}`;
}

/** One row per item, soonest first as the core ordered them; a row opens the item where the app shows it. */
export function ExpiringTable({ items, onNavigate }: Props) {
  return (
    <Table highlightOnHover data-testid="expiring-table">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Kind</Table.Th>
          <Table.Th>Name</Table.Th>
          <Table.Th>Namespace</Table.Th>
          <Table.Th>When</Table.Th>
          <Table.Th>Reason</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {items.map((item) => {
          const destination = destinationOf(item);
          const open = () => {
            if (destination !== null) onNavigate(destination);
          };
          return (
            <Table.Tr
              key={rowId(item)}
              data-testid={`expiring-row-${rowId(item)}`}
              style={destination === null ? undefined : { cursor: "pointer" }}
              tabIndex={destination === null ? undefined : 0}
              aria-label={destination === null ? undefined : `Open ${displayName(item)}`}
              onClick={open}
              onKeyDown={(event) => {
                if (event.key === "Enter") open();
              }}
            >
              <Table.Td>
                {/* As wide as its label: a badge's label is clipped, never the column squeezed into it. */}
                <Badge variant="light" color={KIND_COLOR[item.kind].split(".")[0]} miw="max-content">
                  {KIND_LABEL[item.kind]}
                </Badge>
              </Table.Td>
              <Table.Td>
                <Text size="sm" ff="monospace">
                  {displayName(item)}
                </Text>
              </Table.Td>
              <Table.Td>{item.namespace ?? <Text c="dimmed" size="sm">tenant</Text>}</Table.Td>
              <Table.Td>
                <Text size="sm">{formatTime(item.at)}</Text>
                <Text size="xs" c={item.overdue ? "red" : "dimmed"} data-testid="expiring-left">
                  {timeLeft(item)}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{item.reason}</Text>
              </Table.Td>
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </Table>
  );
}
