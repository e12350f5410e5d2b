import { Autocomplete, Button, Group, SimpleGrid, Text, TextInput } from "@mantine/core";
import { useState, type SyntheticEvent } from "react";

import { COMMON_ACTIONS, EMPTY_FIELDS, rangeProblem, toCriteria, type AuditFilterFields } from "./criteria";
import type { AuditCriteria } from "./queries";

interface Props {
  onApply: (criteria: AuditCriteria) => void;
}

/** Who, what, which target and when; applied together (Enter or Apply) so typing does not query per keystroke. */
export function AuditFilters({ onApply }: Props) {
  const [fields, setFields] = useState<AuditFilterFields>(EMPTY_FIELDS);
  const [problem, setProblem] = useState<string | null>(null);
  const set = (change: Partial<AuditFilterFields>) => {
    setFields((current) => ({ ...current, ...change }));
  };
  const apply = (next: AuditFilterFields) => {
    const range = rangeProblem(next);
    setProblem(range);
    if (range === null) onApply(toCriteria(next));
  };
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    apply(fields);
  };

  return (
    <form onSubmit={submit} aria-label="Filter audit events" data-testid="audit-filters">
      <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} spacing="sm" verticalSpacing="xs">
        <TextInput
          label="Actor"
          placeholder="desktop:ana, ci-deployer"
          value={fields.actor}
          onChange={(event) => {
            set({ actor: event.currentTarget.value });
          }}
          data-testid="audit-filter-actor"
        />
        <Autocomplete
          label="Action"
          description="One action, or a family: secret"
          placeholder="secret.reveal"
          data={COMMON_ACTIONS}
          value={fields.action}
          onChange={(action) => {
            set({ action });
          }}
          data-testid="audit-filter-action"
        />
        <TextInput
          label="Target"
          description="An exact name (API_KEY), or secret:company.team/API_KEY"
          value={fields.target}
          onChange={(event) => {
            set({ target: event.currentTarget.value });
          }}
          data-testid="audit-filter-target"
        />
        <TextInput
          label="Namespace"
          description="Includes the namespaces below it"
          placeholder="company.team"
          value={fields.namespace}
          onChange={(event) => {
            set({ namespace: event.currentTarget.value });
          }}
          data-testid="audit-filter-namespace"
        />
        <TextInput
          type="datetime-local"
          label="From"
          description="Inclusive, in this computer's time zone"
          value={fields.from ?? ""}
          onChange={(event) => {
            set({ from: event.currentTarget.value === "" ? null : event.currentTarget.value });
          }}
          data-testid="audit-filter-from"
        />
        <TextInput
          type="datetime-local"
          label="To"
          description="Exclusive, in this computer's time zone"
          value={fields.to ?? ""}
          onChange={(event) => {
            set({ to: event.currentTarget.value === "" ? null : event.currentTarget.value });
          }}
          data-testid="audit-filter-to"
        />
      </SimpleGrid>
      {problem !== null && (
        <Text c="red" size="sm" mt="xs" role="alert" data-testid="audit-filter-problem">
          {problem}
        </Text>
      )}
      <Group mt="sm" gap="sm">
        <Button type="submit" data-testid="audit-filter-apply">
          Apply filters
        </Button>
        <Button
          variant="default"
          onClick={() => {
            setFields(EMPTY_FIELDS);
            apply(EMPTY_FIELDS);
          }}
          data-testid="audit-filter-clear"
        >
          Clear
        </Button>
      </Group>
    </form>
  );
}
