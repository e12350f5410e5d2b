import { Badge, Group, Table, Text } from "@mantine/core";

import type { KeyStatusDto } from "../../bindings/KeyStatusDto";
import { formatTime } from "../../formatTime";

const MODE_LABEL = { keyring: "OS keyring", passphrase: "Passphrase" } as const;

const MODE_MEANING = {
  keyring: "Keystead opens without asking: the key is as safe as your OS session.",
  passphrase: "Every unlock, of the app and of the CLI, needs the passphrase.",
} as const;

function when(value: string | null, never: string): string {
  return value === null ? never : formatTime(value);
}

/** Where the master key is kept, the dates of each key, and each tenant's data key (values are sealed with it). */
export function KeyStatusFacts({ status }: { status: KeyStatusDto }) {
  return (
    <Table variant="vertical" layout="fixed" withTableBorder data-testid="key-status">
      <Table.Tbody>
        <Table.Tr>
          <Table.Th w={200}>Master key kept in</Table.Th>
          <Table.Td>
            <Group gap="xs">
              <Badge variant="light" data-testid="key-mode">
                {MODE_LABEL[status.mode]}
              </Badge>
              <Text size="sm">{MODE_MEANING[status.mode]}</Text>
            </Group>
            <Text size="xs" c="dimmed" mt={4} data-testid="key-mode-description">
              {status.description}
            </Text>
          </Table.Td>
        </Table.Tr>
        <Table.Tr>
          <Table.Th>Master key</Table.Th>
          <Table.Td data-testid="key-generation">
            generation {status.generation}, created {formatTime(status.created_at)}
          </Table.Td>
        </Table.Tr>
        <Table.Tr>
          <Table.Th>Last rotated</Table.Th>
          <Table.Td data-testid="key-rotated-at">{when(status.rotated_at, "never")}</Table.Td>
        </Table.Tr>
        {status.mode === "passphrase" && (
          <Table.Tr>
            <Table.Th>Passphrase changed</Table.Th>
            <Table.Td data-testid="passphrase-changed-at">
              {when(status.passphrase_changed_at, "never (the one set when the key was created)")}
            </Table.Td>
          </Table.Tr>
        )}
        <Table.Tr>
          <Table.Th>Recovery key</Table.Th>
          <Table.Td data-testid="recovery-key-created-at">
            {status.recovery_key_created_at === null ? (
              <Text span c="red" fw={600} size="sm">
                none
              </Text>
            ) : (
              `created ${formatTime(status.recovery_key_created_at)}`
            )}
          </Table.Td>
        </Table.Tr>
        <Table.Tr>
          <Table.Th>Data keys</Table.Th>
          <Table.Td data-testid="data-keys">
            {status.data_keys.length === 0 ? (
              <Text size="sm" c="dimmed">
                none yet: a tenant gets one when it stores its first value
              </Text>
            ) : (
              status.data_keys.map((key) => (
                <Text size="sm" key={key.tenant} data-testid={`data-key-${key.tenant}`}>
                  {key.tenant}: version {key.version}, created {formatTime(key.created_at)}
                </Text>
              ))
            )}
          </Table.Td>
        </Table.Tr>
      </Table.Tbody>
    </Table>
  );
}
