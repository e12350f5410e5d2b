import { Badge, Button, Code, Group, Modal, Progress, ScrollArea, Stack, Table, Text, UnstyledButton } from "@mantine/core";
import { useEffect, useRef, useState } from "react";

import { toBackendError, useBackend } from "../../backend";
import type { CredentialDto } from "../../bindings/CredentialDto";
import type { TestResult } from "../../bindings/TestResult";
import { TestResultView } from "./TestResultView";

/** Tests at once: enough to finish a namespace quickly, few enough not to flood one token server. */
export const TEST_ALL_CONCURRENCY = 4;

type Outcome =
  | { state: "waiting" }
  | { state: "running" }
  | { state: "done"; result: TestResult }
  | { state: "error"; message: string }
  | { state: "skipped" };

interface Props {
  tenant: string;
  namespace: string;
  credentials: CredentialDto[];
  onClose: () => void;
}

/** Runs every credential's Test as `namespace` resolves it, a few at a time, with progress and a summary. */
export function TestAllModal({ tenant, namespace, credentials, onClose }: Props) {
  const backend = useBackend();
  const [outcomes, setOutcomes] = useState<Outcome[]>(() => credentials.map(() => ({ state: "waiting" })));
  const [open, setOpen] = useState<number | null>(null);
  const [elapsedMs, setElapsedMs] = useState<number | null>(null);
  const stopped = useRef(false);

  useEffect(() => {
    // `cancelled`: this run was left (the modal closed); `stopped`: the user asked to stop.
    let cancelled = false;
    stopped.current = false;
    const started = performance.now();
    let next = 0;
    const set = (index: number, outcome: Outcome) => {
      if (cancelled) return;
      setOutcomes((current) => current.map((old, i) => (i === index ? outcome : old)));
    };
    const worker = async () => {
      while (next < credentials.length) {
        const index = next++;
        const credential = credentials[index];
        if (credential === undefined) return;
        if (cancelled) return;
        if (stopped.current) {
          set(index, { state: "skipped" });
          continue;
        }
        set(index, { state: "running" });
        try {
          set(index, { state: "done", result: await backend.credentialTest(tenant, namespace, credential.name) });
        } catch (error) {
          set(index, { state: "error", message: toBackendError(error).message });
        }
      }
    };
    const workers = Array.from({ length: Math.min(TEST_ALL_CONCURRENCY, credentials.length) }, worker);
    void Promise.all(workers).then(() => {
      if (!cancelled) setElapsedMs(Math.round(performance.now() - started));
    });
    return () => {
      cancelled = true;
    };
  }, [backend, tenant, namespace, credentials]);

  const finished = outcomes.filter((o) => o.state !== "waiting" && o.state !== "running").length;
  const passed = outcomes.filter((o) => o.state === "done" && o.result.ok).length;
  const failed = outcomes.filter((o) => (o.state === "done" && !o.result.ok) || o.state === "error").length;
  const skipped = outcomes.filter((o) => o.state === "skipped").length;
  const running = elapsedMs === null;
  const opened = open === null ? undefined : outcomes[open];

  return (
    <Modal opened onClose={onClose} title={`Test all in ${namespace}`} size="xl" data-testid="test-all-modal">
      <Stack>
        <Progress
          value={credentials.length === 0 ? 100 : (finished / credentials.length) * 100}
          color={failed > 0 ? "red" : "teal"}
          animated={running}
          aria-label="Tests finished"
          data-testid="test-all-progress"
        />
        <Group justify="space-between">
          <Text size="sm" data-testid="test-all-summary" aria-live="polite">
            {running
              ? `Testing ${String(finished)} of ${String(credentials.length)}…`
              : `${String(passed)} ok, ${String(failed)} failed${skipped > 0 ? `, ${String(skipped)} not run` : ""} in ${(
                  elapsedMs / 1000
                ).toFixed(1)} s`}
          </Text>
          {running ? (
            <Button
              variant="default"
              size="xs"
              onClick={() => {
                stopped.current = true;
              }}
              data-testid="test-all-stop"
            >
              Stop after the running tests
            </Button>
          ) : (
            <Button size="xs" onClick={onClose} data-testid="test-all-close">
              Close
            </Button>
          )}
        </Group>
        <ScrollArea.Autosize mah={320}>
          <Table fz="sm" data-testid="test-all-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Credential</Table.Th>
                <Table.Th>Result</Table.Th>
                <Table.Th>Time</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {credentials.map((credential, index) => (
                <Table.Tr key={`${credential.namespace ?? ""}/${credential.name}`} data-testid={`test-all-row-${credential.name}`}>
                  <Table.Td>
                    <UnstyledButton
                      onClick={() => {
                        setOpen(index);
                      }}
                      disabled={outcomes[index]?.state !== "done"}
                      aria-label={`Show the result of ${credential.name}`}
                    >
                      <Code>{credential.name}</Code>
                    </UnstyledButton>
                  </Table.Td>
                  <Table.Td>
                    <OutcomeBadge outcome={outcomes[index] ?? { state: "waiting" }} />
                  </Table.Td>
                  <Table.Td>{elapsedOf(outcomes[index])}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollArea.Autosize>
        {opened?.state === "done" && <TestResultView result={opened.result} />}
      </Stack>
    </Modal>
  );
}

function elapsedOf(outcome: Outcome | undefined): string {
  return outcome?.state === "done" ? `${String(outcome.result.elapsed_ms)} ms` : "";
}

function OutcomeBadge({ outcome }: { outcome: Outcome }) {
  switch (outcome.state) {
    case "waiting":
      return <Text size="xs" c="dimmed">waiting</Text>;
    case "running":
      return <Text size="xs">testing…</Text>;
    case "skipped":
      return <Text size="xs" c="dimmed">not run</Text>;
    case "error":
      return (
        <Group gap={4}>
          <Badge color="red" data-status="failed">failed</Badge>
          <Text size="xs">{outcome.message}</Text>
        </Group>
      );
    case "done":
      return outcome.result.ok ? (
        <Badge color="teal" data-status="ok">ok</Badge>
      ) : (
        <Group gap={4}>
          <Badge color="red" data-status="failed">failed</Badge>
          <Code>{outcome.result.error ?? "failed"}</Code>
          {outcome.result.diagnoses.length > 0 && (
            <Text size="xs" c="orange">
              diagnosed
            </Text>
          )}
        </Group>
      );
  }
}
