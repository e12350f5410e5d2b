import { Alert, Badge, Code, Group, List, Loader, Stack, Table, Text, Title } from "@mantine/core";

import type { ReactNode } from "react";

import type { Diagnosis } from "../../bindings/Diagnosis";
import type { DiagnosisFix } from "../../bindings/DiagnosisFix";
import type { DiagnosisKind } from "../../bindings/DiagnosisKind";
import type { RequestSummary } from "../../bindings/RequestSummary";
import type { TestResult } from "../../bindings/TestResult";
import { ServerErrorAlert } from "../../ServerErrorAlert";
import { describeExpiry, useNow } from "./expiry";

function Fact({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <Table.Tr>
      <Table.Th w={160} fw={500} c="dimmed">
        {label}
      </Table.Th>
      <Table.Td data-testid={testId}>{children}</Table.Td>
    </Table.Tr>
  );
}

function ExpiryCountdown({ expiresAt }: { expiresAt: string }) {
  const now = useNow();
  return (
    <span data-testid="test-result-expiry" title={expiresAt}>
      {describeExpiry(expiresAt, now)}
    </span>
  );
}

function PairTable({ rows, testId, empty }: { rows: [string, string][]; testId: string; empty: string }) {
  if (rows.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        {empty}
      </Text>
    );
  }
  return (
    <Table withTableBorder verticalSpacing={4} fz="sm" data-testid={testId}>
      <Table.Tbody>
        {rows.map(([name, value], index) => (
          <Table.Tr key={`${name}-${index}`}>
            <Table.Td w={200} ff="monospace">
              {name}
            </Table.Td>
            <Table.Td ff="monospace" style={{ wordBreak: "break-all" }}>
              {value}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function SentRequest({ request }: { request: RequestSummary }) {
  return (
    <Stack gap="xs" data-testid="test-result-request">
      <Title order={5}>Request sent (credentials masked)</Title>
      <Code block data-testid="test-result-request-line">
        {request.method} {request.url}
      </Code>
      <Text size="sm" fw={500}>
        Headers
      </Text>
      <PairTable rows={request.headers} testId="test-result-request-headers" empty="No headers." />
      <Text size="sm" fw={500}>
        Body
      </Text>
      <PairTable rows={request.body} testId="test-result-request-body" empty="No body." />
    </Stack>
  );
}

function Success({ result }: { result: TestResult }) {
  const scopeDiffers =
    result.scope_requested !== null && result.scope_granted !== null && result.scope_requested !== result.scope_granted;
  return (
    <Stack gap="md">
      <Table variant="vertical" layout="fixed" withTableBorder fz="sm">
        <Table.Tbody>
          {result.token_type !== null && <Fact label="Token type">{result.token_type}</Fact>}
          <Fact label="Expiry" testId="test-result-expires">
            {result.expires_at !== null ? (
              <ExpiryCountdown expiresAt={result.expires_at} />
            ) : (
              <Text span size="sm" c="dimmed">
                the server sent no expiry
              </Text>
            )}
          </Fact>
          <Fact label="Scope requested">{result.scope_requested ?? "(none)"}</Fact>
          <Fact label="Scope granted" testId="test-result-scope-granted">
            {result.scope_granted ?? "(not reported)"}
            {scopeDiffers && (
              <Badge ml="xs" color="yellow" variant="light">
                differs
              </Badge>
            )}
          </Fact>
          {result.token_preview !== null && (
            <Fact label="Token" testId="test-result-token-preview">
              <Code>{result.token_preview}</Code>
            </Fact>
          )}
        </Table.Tbody>
      </Table>
      {result.hint !== null && (
        <Text size="sm" c="dimmed">
          {result.hint}
        </Text>
      )}
      {result.claims !== null && (
        <Stack gap="xs" data-testid="test-result-claims">
          <Title order={5}>Decoded token (not verified)</Title>
          <Text size="sm" fw={500}>
            Header
          </Text>
          <Code block>{JSON.stringify(result.claims.header, null, 2)}</Code>
          <Text size="sm" fw={500}>
            Payload
          </Text>
          <Code block>{JSON.stringify(result.claims.payload, null, 2)}</Code>
        </Stack>
      )}
    </Stack>
  );
}

/** Renders the control that applies a fix (absent: the fix is only described). */
export type RenderFix = (fix: DiagnosisFix) => ReactNode;

const DIAGNOSIS_TITLES: Record<DiagnosisKind, string> = {
  clock_skew: "Clock difference",
  auth_method: "Client authentication",
  audience: "Audience",
  scope: "Scope",
};

function DiagnosisCard({ diagnosis, renderFix }: { diagnosis: Diagnosis; renderFix: RenderFix | undefined }) {
  const { fix } = diagnosis;
  return (
    <Alert
      color="orange"
      variant="light"
      title={`Diagnosis: ${DIAGNOSIS_TITLES[diagnosis.kind]}`}
      data-testid={`diagnosis-${diagnosis.kind}`}
    >
      <Stack gap="xs">
        <Text size="sm" data-testid="diagnosis-finding">
          {diagnosis.finding}
        </Text>
        {diagnosis.facts.length > 0 && (
          <List size="xs" spacing={2} data-testid="diagnosis-facts">
            {diagnosis.facts.map((fact) => (
              <List.Item key={fact} style={{ wordBreak: "break-word" }}>
                {fact}
              </List.Item>
            ))}
          </List>
        )}
        {fix !== null &&
          (renderFix === undefined ? (
            <Text size="sm" data-testid="diagnosis-fix-words">
              Fix: set <Code>{fix.input}</Code> to <Code>{fix.value}</Code>.
            </Text>
          ) : (
            <Group>{renderFix(fix)}</Group>
          ))}
      </Stack>
    </Alert>
  );
}

function Failure({ result, renderFix }: { result: TestResult; renderFix: RenderFix | undefined }) {
  return (
    <Stack gap="md">
      <Group gap="sm" align="baseline">
        <Code fz="lg" fw={700} c="red" data-testid="test-result-error">
          {result.error ?? "failed"}
        </Code>
        {result.http_status !== null && <Text size="sm">HTTP {result.http_status}</Text>}
      </Group>
      {result.error_description !== null && result.error_description !== "" && (
        <Text size="sm" data-testid="test-result-error-description">
          {result.error_description}
        </Text>
      )}
      {result.diagnoses.map((diagnosis) => (
        <DiagnosisCard key={`${diagnosis.kind}-${diagnosis.finding}`} diagnosis={diagnosis} renderFix={renderFix} />
      ))}
      {result.hint !== null && (
        <Alert color="yellow" variant="light" title="What to check" data-testid="test-result-hint">
          {result.hint}
        </Alert>
      )}
      {result.error_uri !== null && (
        <Text size="sm">
          More: <Code>{result.error_uri}</Code>
        </Text>
      )}
    </Stack>
  );
}

/**
 * What a Test did: the token's facts on success; on failure the error, what the diagnosis found (with
 * its fix, applied by `renderFix`'s control), the hint and the sent request.
 */
export function TestResultView({ result, renderFix }: { result: TestResult; renderFix?: RenderFix }) {
  return (
    <Stack gap="md" data-testid="test-result">
      <Group justify="space-between">
        <Group gap="xs">
          <Badge size="lg" color={result.ok ? "teal" : "red"} data-testid="test-result-status" data-status={result.ok ? "ok" : "failed"}>
            {result.ok ? "ok" : "failed"}
          </Badge>
          <Text fw={600}>{result.credential}</Text>
          <Text size="sm" c="dimmed">
            {result.type}
          </Text>
        </Group>
        <Text size="sm" c="dimmed" data-testid="test-result-elapsed">
          {result.http_status !== null && result.ok && <>HTTP {result.http_status} · </>}
          {result.elapsed_ms} ms
        </Text>
      </Group>
      {result.ok ? <Success result={result} /> : <Failure result={result} renderFix={renderFix} />}
      {result.request !== null && <SentRequest request={result.request} />}
    </Stack>
  );
}

/** The drawer's body: a loader while the test runs, the host's error, or the result. */
export function TestOutcome({
  pending,
  error,
  result,
  renderFix,
}: {
  pending: boolean;
  error: unknown;
  result: TestResult | undefined;
  renderFix?: RenderFix;
}) {
  if (pending) {
    return (
      <Group gap="sm" data-testid="test-result-pending">
        <Loader size="sm" />
        <Text size="sm">Requesting a token…</Text>
      </Group>
    );
  }
  if (error !== null && error !== undefined) {
    return <ServerErrorAlert error={error} title="The test could not run" testId="test-result-host-error" />;
  }
  return result === undefined ? null : <TestResultView result={result} renderFix={renderFix} />;
}
