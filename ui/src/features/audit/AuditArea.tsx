import { Anchor, Button, Group, Loader, Stack, Table, Text, Title } from "@mantine/core";
import { useState } from "react";

import type { AuditEventDto } from "../../bindings/AuditEventDto";
import { ServerErrorAlert } from "../../ServerErrorAlert";
import { formatTime } from "../../formatTime";
import { AuditEventDrawer } from "./AuditEventDrawer";
import { AuditFilters } from "./AuditFilters";
import { NO_CRITERIA, useAuditEvents, type AuditCriteria } from "./queries";

/**
 * The tenant's audit log, newest first. Who may read it is the core's decision (tenant admin): a caller
 * without that right sees the core's refusal, not an empty list.
 */
export function AuditArea({ tenant }: { tenant: string }) {
  const [criteria, setCriteria] = useState<AuditCriteria>(NO_CRITERIA);
  const [open, setOpen] = useState<AuditEventDto | null>(null);
  const events = useAuditEvents(tenant, criteria);
  const rows = events.data?.pages.flat() ?? [];
  // Read before the render narrows `events` to its success state: a failed next page keeps the rows shown.
  const moreError = events.isFetchNextPageError ? events.error : null;

  return (
    <Stack gap="sm">
      <div>
        <Title order={2} size="h3" data-testid="audit-title">
          Audit log of tenant {tenant}
        </Title>
        <Text size="xs" c="dimmed">
          Who did what to which target, and when: changes, reveals, uses and refusals. Values are never recorded.
        </Text>
      </div>
      <AuditFilters onApply={setCriteria} />
      {events.isPending ? (
        <Loader size="sm" aria-label="Loading audit events" />
      ) : events.isError ? (
        <ServerErrorAlert error={events.error} title="The audit log could not be read" testId="audit-error" />
      ) : rows.length === 0 ? (
        <Text size="sm" c="dimmed" data-testid="audit-empty">
          {criteria === NO_CRITERIA ? "Nothing has been recorded in this tenant yet." : "No event matches these filters."}
        </Text>
      ) : (
        <>
          <AuditTable events={rows} onOpen={setOpen} />
          <Group gap="sm">
            <Text size="xs" c="dimmed" data-testid="audit-count">
              {rows.length} {rows.length === 1 ? "event" : "events"} shown
              {events.hasNextPage ? "" : " (all that match)"}
            </Text>
            {events.hasNextPage && (
              <Button
                variant="light"
                size="compact-sm"
                loading={events.isFetchingNextPage}
                onClick={() => {
                  void events.fetchNextPage();
                }}
                data-testid="audit-load-more"
              >
                Load older events
              </Button>
            )}
          </Group>
          {moreError !== null && (
            <ServerErrorAlert error={moreError} title="Older events could not be read" testId="audit-more-error" />
          )}
        </>
      )}
      <AuditEventDrawer
        event={open}
        onClose={() => {
          setOpen(null);
        }}
      />
    </Stack>
  );
}

function targetWords(event: AuditEventDto): string {
  const place = event.namespace === null || event.target_kind === "namespace" ? "" : `${event.namespace}/`;
  return `${event.target_kind}: ${place}${event.target}`;
}

function AuditTable({ events, onOpen }: { events: AuditEventDto[]; onOpen: (event: AuditEventDto) => void }) {
  return (
    <Table.ScrollContainer minWidth={560}>
      <Table striped highlightOnHover verticalSpacing="xs" data-testid="audit-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>When</Table.Th>
            <Table.Th>Actor</Table.Th>
            <Table.Th>Action</Table.Th>
            <Table.Th>Target</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {events.map((event) => (
            <Table.Tr key={event.id} data-testid={`audit-row-${event.id}`} data-action={event.action}>
              <Table.Td style={{ whiteSpace: "nowrap" }}>
                <Anchor
                  component="button"
                  type="button"
                  size="sm"
                  onClick={() => {
                    onOpen(event);
                  }}
                  aria-label={`Details of event ${event.id}: ${event.action} on ${event.target}`}
                  data-testid={`open-audit-event-${event.id}`}
                >
                  {formatTime(event.at)}
                </Anchor>
              </Table.Td>
              <Table.Td>
                <Text size="sm" ff="monospace">
                  {event.actor}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm" ff="monospace">
                  {event.action}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm" ff="monospace" style={{ overflowWrap: "anywhere" }}>
                  {targetWords(event)}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
