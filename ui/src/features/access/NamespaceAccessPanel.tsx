import { Alert, Anchor, Badge, Button, Group, Loader, Stack, Table, Text, Title } from "@mantine/core";

import { toBackendError } from "../../backend";
import { Name } from "../../Name";
import { KIND_LABEL } from "./NewPrincipalModal";
import { useBindingsAt, usePrincipalList } from "./queries";
import { scopeKey, scopeLabel } from "./scope";

interface Props {
  tenant: string;
  namespace: string;
  /** Opens a principal in the Access area (to change its bindings). */
  onOpenPrincipal: (name: string) => void;
  onOpenAccess: () => void;
}

/** "Who can see this namespace": every binding that reaches it, on it, on a parent or tenant-wide, as the core lists them. */
export function NamespaceAccessPanel({ tenant, namespace, onOpenPrincipal, onOpenAccess }: Props) {
  const bindings = useBindingsAt(tenant, namespace);
  const principals = usePrincipalList(tenant);
  const byName = new Map((principals.data ?? []).map((p) => [p.name, p]));

  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Title order={3} data-testid="namespace-access-title">
          Who can see <Name value={namespace} />
        </Title>
        <Button variant="default" onClick={onOpenAccess} data-testid="namespace-access-manage">
          Manage access…
        </Button>
      </Group>
      <Text size="sm" c="dimmed">
        Role bindings on {namespace}, on a parent namespace, or on the whole tenant reach it. The administrator at this
        desktop may do everything.
      </Text>
      {bindings.isPending ? (
        <Loader size="sm" aria-label="Loading role bindings" />
      ) : bindings.isError ? (
        <Alert color="red" data-testid="namespace-access-error">
          {toBackendError(bindings.error).message}
        </Alert>
      ) : bindings.data.length === 0 ? (
        <Text size="sm" data-testid="namespace-access-empty">
          No user or service account has a role here.
        </Text>
      ) : (
        <Table striped verticalSpacing="xs" data-testid="namespace-access-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Who</Table.Th>
              <Table.Th>Role</Table.Th>
              <Table.Th>Through a binding on</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {bindings.data.map((binding) => {
              const principal = byName.get(binding.principal);
              const here = binding.scope.level === "namespace" && binding.scope.namespace === namespace;
              return (
                <Table.Tr
                  key={`${binding.principal}/${binding.role}/${scopeKey(binding.scope)}`}
                  data-testid={`namespace-access-${binding.principal}-${binding.role}`}
                >
                  <Table.Td>
                    <Anchor
                      component="button"
                      type="button"
                      onClick={() => {
                        onOpenPrincipal(binding.principal);
                      }}
                    >
                      <Name value={binding.principal} ff="monospace" fw={600} size="sm" />
                    </Anchor>
                    <Group gap={4}>
                      {principal !== undefined && <Text size="xs">{KIND_LABEL[principal.kind]}</Text>}
                      {principal?.disabled === true && (
                        <Badge size="xs" color="gray" variant="outline">
                          disabled
                        </Badge>
                      )}
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" fw={600}>
                      {binding.role}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Name value={scopeLabel(binding.scope)} size="sm" />
                    {!here && (
                      <Text size="xs" c="dimmed">
                        {binding.scope.level === "tenant" ? "covers every namespace" : "a parent: covers this one"}
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
