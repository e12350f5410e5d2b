import { Alert, Badge, Button, Group, Loader, Modal, Stack, Table, Text } from "@mantine/core";
import { useState } from "react";

import { toBackendError } from "../../backend";
import type { SecretListItem } from "../../bindings/SecretListItem";
import type { SecretVersionDto } from "../../bindings/SecretVersionDto";
import { notifySuccess } from "../../notify";
import { formatTime } from "../../formatTime";
import { GatedButton } from "../rights/Gated";
import type { Gate } from "../rights/rights";
import { useNamespaceGate } from "../rights/RightsContext";
import { useRestoreSecret, useSecretVersions } from "./queries";

interface Props {
  tenant: string;
  /** A secret of the listed namespace (never an inherited row: restoring would write to the parent). */
  item: SecretListItem;
  onClose: () => void;
}

/**
 * A secret's history as metadata only (version, when, who): the core reveals only the current value, so
 * no two values are ever shown side by side. Restoring writes the chosen version's value as a new version.
 */
export function SecretVersionsModal({ tenant, item, onClose }: Props) {
  const versions = useSecretVersions(tenant, item.namespace, item.key);
  const restore = useRestoreSecret(tenant);
  const adminHere = useNamespaceGate(tenant, item.namespace, "admin");
  const [chosen, setChosen] = useState<number | null>(null);
  const [restored, setRestored] = useState<{ from: number; as: number } | null>(null);
  const latest = versions.data?.reduce((max, v) => Math.max(max, v.version), 0) ?? item.version;

  const confirm = (version: number) => {
    restore.mutate(
      { namespace: item.namespace, key: item.key, version },
      {
        onSuccess: (meta) => {
          setChosen(null);
          setRestored({ from: version, as: meta.version });
          notifySuccess(`${item.key}: version ${String(version)} restored as version ${String(meta.version)}`);
        },
      },
    );
  };

  return (
    <Modal opened onClose={onClose} title={`Versions of ${item.key} in ${item.namespace}`} size="lg">
      <Stack>
        <Text size="sm">
          Each save keeps the previous value as a version. Restoring copies an older version&apos;s value into a new
          version; the history is never rewritten. Values are not shown here: reveal the current one from the list.
        </Text>
        {item.read_only && (
          <Alert color="orange" variant="light" title="Read-only" data-testid="versions-read-only">
            Restoring is refused while {item.key} is read-only: clear the flag from the row&apos;s menu first.
          </Alert>
        )}
        {restored !== null && (
          <Alert color="teal" variant="light" data-testid="versions-restored">
            Version {restored.from} restored as version {restored.as}, now the current value.
          </Alert>
        )}
        {versions.isPending ? (
          <Loader size="sm" aria-label="Loading versions" />
        ) : versions.isError ? (
          <Alert color="red">{toBackendError(versions.error).message}</Alert>
        ) : (
          <VersionsTable
            versions={versions.data}
            readOnly={item.read_only}
            gate={adminHere}
            chosen={chosen}
            onChoose={(version) => {
              restore.reset();
              setChosen(version);
            }}
          />
        )}
        {chosen !== null && (
          <Alert color="blue" variant="light" title={`Restore version ${String(chosen)}?`} data-testid="restore-confirm-box">
            <Stack gap="xs">
              <Text size="sm">
                Its value becomes version {latest + 1} of {item.key}. Namespaces that inherit {item.key} see it at once;
                version {latest} stays in the history.
              </Text>
              {restore.isError && (
                <Text size="sm" c="red" data-testid="restore-error">
                  {toBackendError(restore.error).message}
                </Text>
              )}
              <Group justify="flex-end">
                <Button
                  variant="default"
                  size="xs"
                  onClick={() => {
                    setChosen(null);
                  }}
                >
                  Cancel
                </Button>
                <Button
                  size="xs"
                  loading={restore.isPending}
                  onClick={() => {
                    confirm(chosen);
                  }}
                  data-testid="restore-confirm"
                >
                  Restore as version {latest + 1}
                </Button>
              </Group>
            </Stack>
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} data-testid="versions-close">
            Close
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

interface TableProps {
  versions: SecretVersionDto[];
  readOnly: boolean;
  /** Restoring needs admin where the secret is defined; the history needs only read. */
  gate: Gate;
  chosen: number | null;
  onChoose: (version: number) => void;
}

function VersionsTable({ versions, readOnly, gate, chosen, onChoose }: TableProps) {
  // Newest first: the usual question is "what was it just before?".
  const rows = [...versions].sort((a, b) => b.version - a.version);
  return (
    <Table.ScrollContainer minWidth={0} mah={320}>
      <Table verticalSpacing="xs" data-testid="versions-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Version</Table.Th>
            <Table.Th>Created</Table.Th>
            <Table.Th>By</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((version) => (
            <Table.Tr
              key={version.version}
              data-testid={`version-row-${String(version.version)}`}
              bg={chosen === version.version ? "var(--mantine-color-blue-light)" : undefined}
            >
              <Table.Td>
                <Group gap={6} wrap="nowrap">
                  <Text size="sm" ff="monospace">
                    v{version.version}
                  </Text>
                  {version.current && (
                    <Badge size="sm" variant="light" color="teal">
                      current
                    </Badge>
                  )}
                </Group>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{formatTime(version.created_at)}</Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{version.created_by}</Text>
              </Table.Td>
              <Table.Td>
                {!version.current && (
                  <GatedButton
                    gate={gate}
                    size="compact-xs"
                    variant="light"
                    disabled={readOnly}
                    onClick={() => {
                      onChoose(version.version);
                    }}
                    data-testid={`restore-version-${String(version.version)}`}
                  >
                    Restore…
                  </GatedButton>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
