import { ActionIcon, Badge, Button, Code, Group, Table, Text, Tooltip, UnstyledButton } from "@mantine/core";
import { useState } from "react";

import { useBackend } from "../../backend";
import type { SecretListItem } from "../../bindings/SecretListItem";
import { notifyError, notifySuccess } from "../../notify";
import { useRevealedValue } from "./useRevealedValue";

/** The fixed mask: same length for every value, so the length does not leak. */
export const MASK = "••••••••";

interface Props {
  tenant: string;
  item: SecretListItem;
  onDelete: (item: SecretListItem) => void;
}

export function SecretRow({ tenant, item, onDelete }: Props) {
  const backend = useBackend();
  const revealed = useRevealedValue();
  const [busy, setBusy] = useState(false);
  // Inherited rows are read (and copied) from the namespace that defines them.
  const fetchValue = async () => (await backend.secretGet(tenant, item.origin, item.key, true)).value;

  const reveal = async () => {
    if (revealed.value !== null) {
      revealed.hide();
      return;
    }
    setBusy(true);
    try {
      revealed.show(await fetchValue());
    } catch (error) {
      notifyError(`Could not reveal ${item.key}`, error);
    } finally {
      setBusy(false);
    }
  };

  const copy = async () => {
    try {
      // The host writes the OS clipboard and clears it later: the value never reaches the page.
      const receipt = await backend.secretCopy(tenant, item.origin, item.key);
      notifySuccess(`${item.key} copied; the clipboard clears in ${String(receipt.clear_after_secs)} s`);
    } catch (error) {
      notifyError(`Could not copy ${item.key}`, error);
    }
  };

  return (
    <Table.Tr data-testid={`secret-row-${item.key}`}>
      <Table.Td>
        <Text ff="monospace" fw={600} size="sm">
          {item.key}
        </Text>
      </Table.Td>
      <Table.Td>
        <UnstyledButton
          onClick={() => void reveal()}
          aria-label={revealed.value === null ? `Reveal ${item.key}` : `Hide ${item.key}`}
          data-testid={`secret-value-${item.key}`}
        >
          <Code style={{ whiteSpace: "pre-wrap", wordBreak: "break-all" }}>{revealed.value ?? MASK}</Code>
        </UnstyledButton>
      </Table.Td>
      <Table.Td>
        <Text size="sm" c={item.description === "" ? "dimmed" : undefined}>
          {item.description === "" ? "—" : item.description}
        </Text>
      </Table.Td>
      <Table.Td>v{item.version}</Table.Td>
      <Table.Td>
        <Text size="sm" title={item.updated_by}>
          {formatTime(item.updated_at)}
        </Text>
      </Table.Td>
      <Table.Td>
        <Group gap={4}>
          {item.read_only && (
            <Badge color="gray" variant="outline" size="sm">
              read-only
            </Badge>
          )}
          {item.inherited && (
            <Badge color="blue" variant="light" size="sm" data-testid={`secret-inherited-${item.key}`}>
              inherited from {item.origin}
            </Badge>
          )}
          {item.shadows.map((ancestor) => (
            <Badge key={ancestor} color="orange" variant="light" size="sm">
              shadows {ancestor}
            </Badge>
          ))}
        </Group>
      </Table.Td>
      <Table.Td>
        <Group gap={4} wrap="nowrap" justify="flex-end">
          <Button
            size="compact-xs"
            variant="light"
            loading={busy}
            onClick={() => void reveal()}
            data-testid={`reveal-${item.key}`}
          >
            {revealed.value === null ? "Reveal" : "Hide"}
          </Button>
          <Button size="compact-xs" variant="light" onClick={() => void copy()} data-testid={`copy-${item.key}`}>
            Copy
          </Button>
          <Tooltip label={item.inherited ? `Defined in ${item.origin}` : `Delete ${item.key}`}>
            <ActionIcon
              size="sm"
              variant="subtle"
              color="red"
              disabled={item.inherited}
              aria-label={`Delete ${item.key}`}
              onClick={() => {
                onDelete(item);
              }}
              data-testid={`delete-${item.key}`}
            >
              ✕
            </ActionIcon>
          </Tooltip>
        </Group>
      </Table.Td>
    </Table.Tr>
  );
}

function formatTime(rfc3339: string): string {
  const date = new Date(rfc3339);
  return Number.isNaN(date.getTime()) ? rfc3339 : date.toLocaleString();
}
