import { Button, Group, Select, Stack, Table, Text, Title, VisuallyHidden } from "@mantine/core";
import { useForm } from "@mantine/form";

import type { Role } from "../../bindings/Role";
import type { RoleBindingDto } from "../../bindings/RoleBindingDto";
import type { Scope } from "../../bindings/Scope";
import { Name } from "../../Name";
import { notifyError, notifySuccess } from "../../notify";
import { ServerErrorAlert } from "../../ServerErrorAlert";
import { formatTime } from "../../formatTime";
import { useGrantRole, useRevokeRole } from "./queries";
import { requestNamespace, ROLE_MEANING, ROLES, scopeKey, scopeLabel, scopeOfRequest } from "./scope";
import { ScopeSelect } from "./ScopeSelect";

interface Props {
  tenant: string;
  principal: string;
  bindings: RoleBindingDto[];
}

/** A principal's role bindings: each with Revoke, and a form that grants a role on a namespace or the tenant. */
export function RoleBindings({ tenant, principal, bindings }: Props) {
  const revoke = useRevokeRole(tenant);
  const pending = revoke.variables === undefined ? null : `${revoke.variables.role}-${scopeKey(scopeOfRequest(revoke.variables.namespace))}`;
  const revokeBinding = (binding: RoleBindingDto) => {
    const where = scopeLabel(binding.scope);
    revoke.mutate(
      { principal, role: binding.role, namespace: requestNamespace(binding.scope) },
      {
        onSuccess: () => {
          notifySuccess(`${principal} no longer has ${binding.role} on ${where}`);
        },
        onError: (error) => {
          notifyError(`Could not revoke ${binding.role} on ${where}`, error);
        },
      },
    );
  };

  return (
    <Stack gap="sm">
      <Title order={4}>Role bindings</Title>
      {bindings.length === 0 ? (
        <Text size="sm" c="dimmed" data-testid="bindings-empty">
          No role bindings: {principal} may do nothing yet.
        </Text>
      ) : (
        <Table verticalSpacing="xs" data-testid="bindings-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Role</Table.Th>
              <Table.Th>On</Table.Th>
              <Table.Th visibleFrom="md">Granted</Table.Th>
              <Table.Th>
                <VisuallyHidden>Actions</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {bindings.map((binding) => {
              const id = `${binding.role}-${scopeKey(binding.scope)}`;
              const where = scopeLabel(binding.scope);
              return (
                <Table.Tr key={id} data-testid={`binding-${id}`}>
                  <Table.Td>
                    <Text size="sm" fw={600}>
                      {binding.role}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Name value={where} size="sm" />
                    {binding.scope.level === "namespace" && (
                      <Text size="xs" c="dimmed">
                        and below
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td visibleFrom="md">
                    <Text size="xs">
                      {formatTime(binding.created_at)} by {binding.created_by}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Group justify="flex-end">
                      <Button
                        size="compact-xs"
                        variant="subtle"
                        color="red"
                        onClick={() => {
                          revokeBinding(binding);
                        }}
                        loading={revoke.isPending && pending === id}
                        aria-label={`Revoke ${binding.role} on ${where}`}
                        data-testid={`revoke-binding-${id}`}
                      >
                        Revoke
                      </Button>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      )}
      <GrantRoleForm tenant={tenant} principal={principal} />
    </Stack>
  );
}

interface GrantValues {
  role: Role;
  scope: Scope | null;
}

function GrantRoleForm({ tenant, principal }: { tenant: string; principal: string }) {
  const grant = useGrantRole(tenant);
  const form = useForm<GrantValues>({
    initialValues: { role: "read", scope: null },
    validate: { scope: (value) => (value === null ? "Pick the whole tenant or a namespace" : null) },
  });
  const { role } = form.values;

  const submit = form.onSubmit(({ role, scope }) => {
    if (scope === null) return;
    const where = scopeLabel(scope);
    grant.mutate(
      { principal, role, namespace: requestNamespace(scope) },
      {
        onSuccess: (added) => {
          notifySuccess(added ? `${principal} now has ${role} on ${where}` : `${principal} already had ${role} on ${where}`);
        },
      },
    );
  });

  return (
    <form onSubmit={submit} noValidate aria-label={`Grant a role to ${principal}`}>
      <Stack gap="xs">
        <Group align="flex-start" gap="sm" wrap="wrap">
          <Select
            label="Role"
            data={ROLES.map((value) => ({ value, label: value }))}
            value={role}
            onChange={(value) => {
              if (value !== null) form.setFieldValue("role", value as Role);
            }}
            allowDeselect={false}
            w={110}
            data-testid="grant-role-select"
          />
          <div style={{ flex: "1 1 200px", minWidth: 0 }}>
            <ScopeSelect
              tenant={tenant}
              label="On"
              value={form.values.scope}
              onChange={(scope) => {
                form.setFieldValue("scope", scope);
              }}
              error={typeof form.errors.scope === "string" ? form.errors.scope : undefined}
              testId="grant-scope-select"
            />
          </div>
          <Button type="submit" mt={24} loading={grant.isPending} data-testid="grant-submit">
            Grant
          </Button>
        </Group>
        <Text size="xs" c="dimmed" data-testid="grant-role-meaning">
          {role}: {ROLE_MEANING[role]}. A binding on a namespace covers the namespaces below it.
        </Text>
        {grant.isError && <ServerErrorAlert error={grant.error} title="Not granted" testId="grant-error" />}
      </Stack>
    </form>
  );
}
