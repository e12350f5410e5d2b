import { Badge, Button, Code, Group, Stack, Table, Text, VisuallyHidden } from "@mantine/core";

import type { ApiTokenDto } from "../../bindings/ApiTokenDto";
import { Name } from "../../Name";
import { useNow } from "../credentials/expiry";
import { formatTime } from "../../formatTime";
import { scopeLabel } from "./scope";
import { describeMaxAge, expiresSoon, relativeTo, tokenState } from "./tokenExpiry";

interface Props {
  tokens: ApiTokenDto[];
  /** Hide the owner (the list is one principal's). */
  showOwner: boolean;
  onRevoke: (token: ApiTokenDto) => void;
  onRotate: (token: ApiTokenDto) => void;
}

/**
 * Three columns, facts stacked in each, so a row fits the 800 px minimum window: what the token is, where it
 * stands (expiry with a countdown, revoked, last use), and its actions.
 */
export function TokensTable({ tokens, showOwner, onRevoke, onRotate }: Props) {
  const now = useNow(1000);
  return (
    <Table striped verticalSpacing="xs" data-testid="tokens-table">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Token</Table.Th>
          <Table.Th>Status</Table.Th>
          <Table.Th>
            <VisuallyHidden>Actions</VisuallyHidden>
          </Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {tokens.map((token) => {
          const state = tokenState(token, now);
          const label = `${token.name} (${token.prefix})`;
          return (
            <Table.Tr key={token.id} data-testid={`token-row-${token.id}`} data-state={state.kind}>
              <Table.Td>
                <Stack gap={2}>
                  <Text size="sm" fw={600} style={{ overflowWrap: "anywhere" }}>
                    {token.name}
                  </Text>
                  <Code w="fit-content" data-testid={`token-prefix-${token.id}`}>
                    {token.prefix}
                  </Code>
                  {showOwner && (
                    <Text size="xs">
                      owner <Name value={token.principal} fw={600} />
                    </Text>
                  )}
                  <Text size="xs" c="dimmed">
                    created {formatTime(token.created_at)} by {token.created_by}
                  </Text>
                  <TokenSettings token={token} />
                  {token.description !== "" && (
                    <Text size="xs" lineClamp={2}>
                      {token.description}
                    </Text>
                  )}
                </Stack>
              </Table.Td>
              <Table.Td>
                <TokenStatus token={token} now={now} />
              </Table.Td>
              <Table.Td>
                {state.kind !== "revoked" && (
                  <Group gap={4} justify="flex-end" wrap="nowrap">
                    {state.kind !== "expired" && (
                      <Button
                        size="compact-xs"
                        variant="light"
                        onClick={() => {
                          onRotate(token);
                        }}
                        aria-label={`Rotate ${label}`}
                        data-testid={`rotate-token-${token.id}`}
                      >
                        Rotate
                      </Button>
                    )}
                    <Button
                      size="compact-xs"
                      variant="light"
                      color="red"
                      onClick={() => {
                        onRevoke(token);
                      }}
                      aria-label={`Revoke ${label}`}
                      data-testid={`revoke-token-${token.id}`}
                    >
                      Revoke
                    </Button>
                  </Group>
                )}
              </Table.Td>
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </Table>
  );
}

/** Max age, extended, narrowing: in words. */
function TokenSettings({ token }: { token: ApiTokenDto }) {
  const parts = [
    token.max_age === null ? "never expires" : `max age ${describeMaxAge(token.max_age)}`,
    token.extended ? "extended: each use moves the expiry" : null,
    token.narrowing === null ? null : `narrowed to ${token.narrowing.role} on ${scopeLabel(token.narrowing.scope)}`,
  ].filter((part) => part !== null);
  return (
    <Text size="xs" c="dimmed" data-testid={`token-settings-${token.id}`}>
      {parts.join(" · ")}
    </Text>
  );
}

function TokenStatus({ token, now }: { token: ApiTokenDto; now: number }) {
  const state = tokenState(token, now);
  const soon = expiresSoon(token, now);
  return (
    <Stack gap={2} data-testid={`token-status-${token.id}`}>
      <Group gap={4}>
        {state.kind === "revoked" && (
          <Badge color="red" variant="light" data-testid={`token-revoked-${token.id}`}>
            revoked
          </Badge>
        )}
        {state.kind === "expired" && (
          <Badge color="gray" variant="light" data-testid={`token-expired-${token.id}`}>
            expired
          </Badge>
        )}
        {state.kind === "grace" && (
          <Badge color="gray" variant="light">
            rotated
          </Badge>
        )}
        {soon && (
          // Filled with auto-contrast text: the flag must read in both themes (light orange text does not).
          <Badge color="orange" variant="filled" autoContrast data-testid={`token-expires-soon-${token.id}`}>
            expires within 7 days
          </Badge>
        )}
      </Group>
      {state.kind === "revoked" && state.at !== null && (
        <Text size="xs">
          revoked {formatTime(state.at)}
          {token.revoked_by !== null && ` by ${token.revoked_by}`}
        </Text>
      )}
      {state.kind === "grace" && (
        <Text size="xs" data-testid={`token-grace-${token.id}`}>
          works until {formatTime(state.until)} ({relativeTo(state.until, now)})
        </Text>
      )}
      {state.kind !== "revoked" && (
        <Text size="xs" fw={soon ? 600 : undefined} data-testid={`token-expiry-${token.id}`}>
          {token.expires_at === null
            ? "never expires"
            : `${state.kind === "expired" ? "expired" : "expires"} ${formatTime(token.expires_at)} (${relativeTo(token.expires_at, now)})`}
        </Text>
      )}
      <Text size="xs" c="dimmed" data-testid={`token-last-used-${token.id}`}>
        {token.last_used_at === null
          ? "never used"
          : `last used ${formatTime(token.last_used_at)}${token.last_used_from === null ? "" : ` from ${token.last_used_from}`}`}
      </Text>
    </Stack>
  );
}
