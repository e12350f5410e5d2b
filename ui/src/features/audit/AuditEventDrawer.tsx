import { Code, Drawer, Table, Text } from "@mantine/core";
import type { ReactNode } from "react";

import type { AuditEventDto } from "../../bindings/AuditEventDto";
import { formatTime } from "../../formatTime";

interface Props {
  event: AuditEventDto | null;
  onClose: () => void;
}

/** Every field of one event, as the core recorded it (the core never records a value). */
export function AuditEventDrawer({ event, onClose }: Props) {
  return (
    <Drawer
      opened={event !== null}
      onClose={onClose}
      position="right"
      size="md"
      title={event === null ? "" : `Audit event ${event.id}`}
      data-testid="audit-event-drawer"
    >
      {event !== null && <EventFields event={event} />}
    </Drawer>
  );
}

function EventFields({ event }: { event: AuditEventDto }) {
  const rows: [string, string, ReactNode][] = [
    ["id", "Event", String(event.id)],
    ["at", "When", <WhenValue key="at" at={event.at} />],
    ["actor", "Actor", event.actor],
    ["via", "Via", event.via ?? <Dimmed text="at this machine" />],
    ["action", "Action", event.action],
    ["target_kind", "Target kind", event.target_kind],
    ["namespace", "Namespace", event.namespace ?? <Dimmed text="tenant level" />],
    ["target", "Target", event.target],
    ["tenant", "Tenant", event.tenant],
    ["detail", "Detail", event.detail === "" ? <Dimmed text="none" /> : event.detail],
  ];
  return (
    <Table withRowBorders verticalSpacing="xs" data-testid="audit-event-fields">
      <Table.Tbody>
        {rows.map(([field, label, value]) => (
          <Table.Tr key={field}>
            <Table.Th w={120} scope="row">
              {label}
            </Table.Th>
            <Table.Td data-testid={`audit-field-${field}`} style={{ overflowWrap: "anywhere" }}>
              {typeof value === "string" ? <Code>{value}</Code> : value}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function WhenValue({ at }: { at: string }) {
  return (
    <>
      <Text size="sm">{formatTime(at)}</Text>
      <Code>{at}</Code>
    </>
  );
}

function Dimmed({ text }: { text: string }) {
  return (
    <Text size="sm" c="dimmed">
      {text}
    </Text>
  );
}
