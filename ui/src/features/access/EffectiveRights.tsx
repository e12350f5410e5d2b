import { Stack, Table, Text, Title } from "@mantine/core";

import type { EffectiveRight } from "../../bindings/EffectiveRight";
import { Name } from "../../Name";
import { sameScope, scopeKey, scopeLabel } from "./scope";

/** What the principal may do at each scope, as the core resolved it, and the binding that grants it. */
export function EffectiveRights({ principal, rights }: { principal: string; rights: EffectiveRight[] }) {
  return (
    <Stack gap="sm">
      <Title order={4}>Effective rights</Title>
      {rights.length === 0 ? (
        <Text size="sm" c="dimmed" data-testid="effective-empty">
          {principal} has no rights anywhere in this tenant.
        </Text>
      ) : (
        <Table verticalSpacing={4} data-testid="effective-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Where</Table.Th>
              <Table.Th>Role</Table.Th>
              <Table.Th>Granted by</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rights.map((right) => {
              const direct = sameScope(right.scope, right.granted_by.scope);
              return (
                <Table.Tr key={scopeKey(right.scope)} data-testid={`effective-${scopeKey(right.scope)}`}>
                  <Table.Td>
                    <Name value={scopeLabel(right.scope)} size="sm" />
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" fw={600}>
                      {right.role}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">
                      {right.granted_by.role} on <Name value={scopeLabel(right.granted_by.scope)} />
                    </Text>
                    {!direct && (
                      <Text size="xs" c="blue">
                        inherited
                      </Text>
                    )}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
