import { Alert, Button, Center, Code, Group, Loader, NumberInput, Stack, Switch, Text, TextInput } from "@mantine/core";
import { useState } from "react";

import type { ApiServerState } from "../../bindings/ApiServerState";
import { notifyError } from "../../notify";
import { ServerErrorAlert } from "../../ServerErrorAlert";
import { useApiServerStatus, useStartApiServer, useStopApiServer } from "./queries";

/** An optional port: empty is "any free port"; otherwise a whole number from 1 to 65535. */
export function parsePort(value: string | number): { port: number | null } | { error: string } {
  if (value === "") return { port: null };
  if (typeof value === "number" && Number.isInteger(value) && value >= 1 && value <= 65535) return { port: value };
  return { error: "A port is a whole number from 1 to 65535; leave it empty for any free port" };
}

/** Settings → HTTP API: serve Keystead's HTTP API from the app on loopback, and where it is. */
export function ApiServerSection({ onOpenApiTokens }: { onOpenApiTokens: () => void }) {
  const status = useApiServerStatus();
  if (status.isPending) {
    return (
      <Center h={120}>
        <Loader aria-label="Loading the HTTP API status" />
      </Center>
    );
  }
  if (status.isError) {
    return <ServerErrorAlert error={status.error} title="Could not read the HTTP API status" testId="api-server-status-error" />;
  }
  return <ApiServerControls state={status.data} onOpenApiTokens={onOpenApiTokens} />;
}

function ApiServerControls({ state, onOpenApiTokens }: { state: ApiServerState; onOpenApiTokens: () => void }) {
  const start = useStartApiServer();
  const stop = useStopApiServer();
  const [port, setPort] = useState<string | number>("");
  const parsed = parsePort(port);
  const busy = start.isPending || stop.isPending;
  const url = state.running ? state.url : null;

  const toggle = (on: boolean) => {
    if (on) {
      if ("error" in parsed) return;
      stop.reset();
      start.mutate(parsed.port);
    } else {
      start.reset();
      stop.mutate();
    }
  };

  return (
    <Stack gap="sm" maw={720}>
      <Text size="sm">
        Scripts, CI jobs on this machine and the CLI (<Code>keystead --server URL</Code>) can use the unlocked app
        instead of opening the data directory themselves: no passphrase per call, and the app&apos;s token cache is
        shared. Only this computer can connect (127.0.0.1). Every request needs an API token, created in{" "}
        <b>Access → API tokens</b>; the token&apos;s roles decide what it may do. Locking Keystead stops the API.
      </Text>
      <Group align="flex-end" gap="md">
        <Switch
          checked={state.running}
          disabled={busy || (!state.running && "error" in parsed)}
          onChange={(event) => {
            toggle(event.currentTarget.checked);
          }}
          label={busy ? (start.isPending ? "Starting…" : "Stopping…") : "Serve the HTTP API on 127.0.0.1"}
          aria-busy={busy}
          data-testid="api-server-switch"
        />
        <NumberInput
          label="Port"
          description="Empty: any free port"
          placeholder="any free port"
          value={port}
          onChange={setPort}
          min={1}
          max={65535}
          allowDecimal={false}
          allowNegative={false}
          clampBehavior="none"
          hideControls
          disabled={state.running || busy}
          error={"error" in parsed ? parsed.error : undefined}
          w={200}
          data-testid="api-server-port"
        />
      </Group>
      {start.isError && <ServerErrorAlert error={start.error} title="The HTTP API did not start" testId="api-server-start-error" />}
      {stop.isError && <ServerErrorAlert error={stop.error} title="The HTTP API did not stop" testId="api-server-stop-error" />}
      {url !== null ? (
        <RunningApi url={url} stopping={stop.isPending} onStop={() => { toggle(false); }} />
      ) : (
        <Text size="sm" c="dimmed" data-testid="api-server-stopped">
          The HTTP API is not served by this app.
        </Text>
      )}
      <Group>
        <Button variant="subtle" onClick={onOpenApiTokens} data-testid="open-api-tokens">
          Create or manage API tokens
        </Button>
      </Group>
    </Stack>
  );
}

function RunningApi({ url, stopping, onStop }: { url: string; stopping: boolean; onStop: () => void }) {
  const [copied, setCopied] = useState(false);
  // The address is not a secret: the page's own clipboard access is enough (no clear needed).
  const copy = () => {
    navigator.clipboard.writeText(url).then(
      () => {
        setCopied(true);
        window.setTimeout(() => {
          setCopied(false);
        }, 2_000);
      },
      (error: unknown) => {
        notifyError("The address was not copied: select it and press Ctrl+C", error);
      },
    );
  };
  return (
    <Alert color="teal" title="The HTTP API is running" data-testid="api-server-running">
      <Stack gap="xs">
        <Group align="flex-end" gap="xs">
          <TextInput
            label="Address"
            value={url}
            readOnly
            w={320}
            styles={{ input: { fontFamily: "var(--mantine-font-family-monospace)" } }}
            onFocus={(event) => {
              event.currentTarget.select();
            }}
            data-testid="api-server-url"
          />
          <Button variant="default" onClick={copy} data-testid="api-server-copy">
            {copied ? "Copied" : "Copy"}
          </Button>
          <Button color="red" variant="light" onClick={onStop} loading={stopping} data-testid="api-server-stop">
            Stop
          </Button>
        </Group>
        <Text size="sm">
          API reference (open it in a browser): <Code data-testid="api-server-docs">{`${url}/api/docs`}</Code>
        </Text>
        <Text size="sm">
          From a shell, with the API token in <Code>KEYSTEAD_TOKEN</Code>:{" "}
          <Code>{`keystead --server ${url} secret list NAMESPACE`}</Code>
        </Text>
      </Stack>
    </Alert>
  );
}
