import { Box, Code, Group, Stack, Table, Text, UnstyledButton } from "@mantine/core";
import { memo, useState } from "react";

import { useBackend } from "../../backend";
import type { SecretListItem } from "../../bindings/SecretListItem";
import { Name } from "../../Name";
import { notifyCopied, notifyError } from "../../notify";
import { DeniedTooltip, GatedButton, deniedProps } from "../rights/Gated";
import { useNamespaceGate } from "../rights/RightsContext";
import { SecretRowMenu, type SecretRowActions } from "./SecretRowMenu";
import { useRevealedValue } from "./useRevealedValue";

/** The fixed mask: same length for every value, so the length does not leak. */
export const MASK = "••••••••";

/** Columns of the secrets table (the revealed value spans them all). */
export const SECRET_COLUMNS = 4;

interface Props extends SecretRowActions {
  tenant: string;
  /** The namespace being listed (where Override writes). */
  namespace: string;
  item: SecretListItem;
  /** The row's position in the table (header = 1), for assistive technology. */
  ariaRowIndex?: number;
}

/**
 * One secret's row group. Memoized: while the table measures and positions its rows (several renders
 * before the first paint of a large namespace), rows whose item and actions are unchanged are not
 * rendered again.
 */
export const SecretRow = memo(function SecretRow({ tenant, namespace, item, ariaRowIndex, ...actions }: Props) {
  const backend = useBackend();
  const revealed = useRevealedValue();
  const [busy, setBusy] = useState(false);
  // Reveal and copy read the value where it is defined (the origin of an inherited row).
  const adminAtOrigin = useNamespaceGate(tenant, item.origin, "admin");

  const toggleReveal = async () => {
    if (revealed.value !== null) {
      revealed.hide();
      return;
    }
    setBusy(true);
    try {
      // Inherited rows are read (and copied) from the namespace that defines them.
      revealed.show((await backend.secretGet(tenant, item.origin, item.key, true)).value);
    } catch (error) {
      notifyError(`Could not reveal ${item.key}`, error);
    } finally {
      setBusy(false);
    }
  };

  const copy = async () => {
    try {
      // The desktop writes the OS clipboard and clears it later: the value never reaches the page. The web
      // console's backend writes it with the browser's clipboard API.
      notifyCopied(item.key, await backend.secretCopy(tenant, item.origin, item.key));
    } catch (error) {
      notifyError(`Could not copy ${item.key}`, error);
    }
  };

  return (
    <>
      <Table.Tr aria-rowindex={ariaRowIndex} data-testid={`secret-row-${item.key}`}>
        <Table.Td>
          <Stack gap={2}>
            <Name value={item.key} ff="monospace" fw={600} size="sm" />
            {item.description !== "" && (
              <Text size="xs" lineClamp={2}>
                {item.description}
              </Text>
            )}
            <SecretFacts item={item} />
          </Stack>
        </Table.Td>
        <Table.Td>
          <DeniedTooltip gate={adminAtOrigin}>
            {(denied) => (
              <UnstyledButton
                onClick={() => void toggleReveal()}
                disabled={busy}
                aria-label={revealed.value === null ? `Reveal ${item.key}` : `Hide ${item.key}`}
                data-testid={`reveal-${item.key}`}
                {...deniedProps(denied)}
              >
                <Group gap={6} wrap="nowrap">
                  {revealed.value === null && <Code data-testid={`secret-value-${item.key}`}>{MASK}</Code>}
                  <Text size="xs" c={denied === undefined ? "blue" : "dimmed"} td={denied === undefined ? "underline" : undefined}>
                    {busy ? "Revealing…" : revealed.value === null ? "Reveal" : "Hide"}
                  </Text>
                </Group>
              </UnstyledButton>
            )}
          </DeniedTooltip>
        </Table.Td>
        <Table.Td visibleFrom="md">
          <Text size="sm" title={`by ${item.updated_by}`}>
            {formatTime(item.updated_at)}
          </Text>
        </Table.Td>
        <Table.Td>
          <Group gap={4} wrap="nowrap" justify="flex-end">
            <GatedButton
              gate={adminAtOrigin}
              size="compact-xs"
              variant="light"
              onClick={() => void copy()}
              aria-label={`Copy ${item.key}`}
              data-testid={`copy-${item.key}`}
            >
              Copy
            </GatedButton>
            <SecretRowMenu tenant={tenant} item={item} namespace={namespace} {...actions} />
          </Group>
        </Table.Td>
      </Table.Tr>
      {revealed.value !== null && (
        <Table.Tr data-testid={`secret-revealed-${item.key}`}>
          <Table.Td colSpan={SECRET_COLUMNS} pt={0}>
            <RevealedValue secretKey={item.key} value={revealed.value} />
          </Table.Td>
        </Table.Tr>
      )}
    </>
  );
});

/**
 * Readable at a glance: monospace at body size, line breaks kept, bounded and scrollable for long values.
 * The zero-width wrapper keeps a long line from widening the table: the box scrolls instead.
 */
function RevealedValue({ secretKey, value }: { secretKey: string; value: string }) {
  return (
    <Box w={0} miw="100%">
      <Code
        block
        role="region"
        aria-label={`Value of ${secretKey}`}
        tabIndex={0}
        fz="sm"
        mah={200}
        style={{ overflow: "auto", whiteSpace: "pre" }}
        data-testid={`secret-value-${secretKey}`}
      >
        {value}
      </Code>
    </Box>
  );
}

/** Version and flags as words (never truncated badges): read-only, where an inherited row comes from, what it shadows. */
function SecretFacts({ item }: { item: SecretListItem }) {
  const flags = [
    <span key="version">v{item.version}</span>,
    item.read_only && (
      <Text span key="read-only" inherit c="orange">
        read-only
      </Text>
    ),
    item.inherited && (
      <Text span key="inherited" inherit c="blue">
        inherited from <Name value={item.origin} />
      </Text>
    ),
    ...item.shadows.map((ancestor) => (
      <Text span key={`shadows-${ancestor}`} inherit>
        shadows <Name value={ancestor} />
      </Text>
    )),
  ].filter((flag) => flag !== false);
  return (
    <Text size="xs" data-testid={`secret-flags-${item.key}`}>
      {flags.flatMap((flag, index) => (index === 0 ? [flag] : [<span key={`sep-${index}`}> · </span>, flag]))}
    </Text>
  );
}

function formatTime(rfc3339: string): string {
  const date = new Date(rfc3339);
  return Number.isNaN(date.getTime()) ? rfc3339 : date.toLocaleString();
}
