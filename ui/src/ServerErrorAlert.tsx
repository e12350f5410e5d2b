import { Alert, Code, List, Text } from "@mantine/core";

import { toBackendError } from "./backend";

/** Splits a core error message into its headline and its `  - path: problem` items (as `invalid_input` sends them). */
export function errorLines(message: string): { headline: string; items: { path: string | null; text: string }[] } {
  const [headline = "", ...rest] = message.split("\n");
  const items = rest
    .map((line) => line.replace(/^\s*-\s*/, "").trim())
    .filter((line) => line.length > 0)
    .map((line) => {
      const match = /^([A-Za-z0-9_.]+): (.*)$/.exec(line);
      return match ? { path: match[1] ?? null, text: match[2] ?? "" } : { path: null, text: line };
    });
  return { headline, items };
}

/** A host error as `{code, message}`: the message (multi-line validation as a list) and its code. */
export function ServerErrorAlert({ error, title, testId }: { error: unknown; title: string; testId?: string }) {
  const backendError = toBackendError(error);
  const { headline, items } = errorLines(backendError.message);
  return (
    <Alert color="red" title={title} data-testid={testId} data-code={backendError.code}>
      <Text size="sm">{headline}</Text>
      {items.length > 0 && (
        <List size="sm" mt="xs" spacing={4}>
          {items.map((item, index) => (
            <List.Item key={index}>
              {item.path !== null && <Code>{item.path}</Code>} {item.text}
            </List.Item>
          ))}
        </List>
      )}
      <Text size="xs" c="dimmed" mt="xs">
        code: {backendError.code}
      </Text>
    </Alert>
  );
}
