import { ActionIcon, Alert, Anchor, Badge, Button, Group, Loader, Menu, Stack, Table, Text, Title, VisuallyHidden } from "@mantine/core";
import { useState } from "react";

import { toBackendError } from "../../backend";
import type { PrincipalDto } from "../../bindings/PrincipalDto";
import { Name } from "../../Name";
import { DeletePrincipalModal } from "./DeletePrincipalModal";
import { KIND_LABEL, NewPrincipalModal } from "./NewPrincipalModal";
import { usePrincipalList } from "./queries";
import { useToggleDisabled } from "./useToggleDisabled";

type Dialog = { kind: "new" } | { kind: "delete"; principal: PrincipalDto };

interface Props {
  tenant: string;
  onOpen: (name: string) => void;
}

/** The tenant's users and service accounts: open one to edit its role bindings and tokens. */
export function PrincipalsPanel({ tenant, onOpen }: Props) {
  const list = usePrincipalList(tenant);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const close = () => {
    setDialog(null);
  };

  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Title order={3}>Users and service accounts</Title>
        <Button
          onClick={() => {
            setDialog({ kind: "new" });
          }}
          data-testid="new-principal-button"
        >
          New account…
        </Button>
      </Group>
      {list.isPending ? (
        <Loader size="sm" aria-label="Loading users and service accounts" />
      ) : list.isError ? (
        <Alert color="red" data-testid="principals-error">
          {toBackendError(list.error).message}
        </Alert>
      ) : list.data.length === 0 ? (
        <Text size="sm" c="dimmed" data-testid="principals-empty">
          No users or service accounts yet. Create a service account for each machine client (CI/CD, scripts).
        </Text>
      ) : (
        <Table striped highlightOnHover verticalSpacing="xs" data-testid="principals-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Kind</Table.Th>
              <Table.Th>
                <VisuallyHidden>Actions</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.data.map((principal) => (
              <Table.Tr key={principal.name} data-testid={`principal-row-${principal.name}`}>
                <Table.Td>
                  <Anchor
                    component="button"
                    type="button"
                    onClick={() => {
                      onOpen(principal.name);
                    }}
                    data-testid={`open-principal-${principal.name}`}
                  >
                    <Name value={principal.name} ff="monospace" fw={600} size="sm" />
                  </Anchor>
                  {principal.description !== "" && (
                    <Text size="xs" lineClamp={2}>
                      {principal.description}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <Group gap={4}>
                    <Text size="sm">{KIND_LABEL[principal.kind]}</Text>
                    {principal.disabled && (
                      <Badge color="gray" variant="outline" data-testid={`principal-disabled-${principal.name}`}>
                        disabled
                      </Badge>
                    )}
                  </Group>
                </Table.Td>
                <Table.Td>
                  <Group justify="flex-end">
                    <PrincipalRowMenu
                      tenant={tenant}
                      principal={principal}
                      onOpen={onOpen}
                      onDelete={() => {
                        setDialog({ kind: "delete", principal });
                      }}
                    />
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {dialog?.kind === "new" && (
        <NewPrincipalModal
          tenant={tenant}
          onClose={close}
          onCreated={(created) => {
            close();
            onOpen(created.name);
          }}
        />
      )}
      {dialog?.kind === "delete" && <DeletePrincipalModal tenant={tenant} principal={dialog.principal} onClose={close} />}
    </Stack>
  );
}

interface MenuProps {
  tenant: string;
  principal: PrincipalDto;
  onOpen: (name: string) => void;
  onDelete: () => void;
}

function PrincipalRowMenu({ tenant, principal, onOpen, onDelete }: MenuProps) {
  const toggle = useToggleDisabled(tenant);
  return (
    <Menu position="bottom-end" withinPortal shadow="md" width={240}>
      <Menu.Target>
        <ActionIcon
          variant="subtle"
          aria-label={`Actions for ${principal.name}`}
          loading={toggle.isPending}
          data-testid={`principal-actions-${principal.name}`}
        >
          <Text span fw={700} aria-hidden>
            ⋯
          </Text>
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item
          onClick={() => {
            onOpen(principal.name);
          }}
        >
          Roles and tokens…
        </Menu.Item>
        <Menu.Item
          onClick={() => {
            toggle.run(principal);
          }}
          data-testid={`toggle-disabled-${principal.name}`}
        >
          <Text size="sm">{principal.disabled ? "Enable" : "Disable"}</Text>
          <Text size="xs" c="dimmed">
            {principal.disabled ? "Its tokens work again" : "Its tokens are refused until enabled"}
          </Text>
        </Menu.Item>
        <Menu.Divider />
        <Menu.Item color="red" onClick={onDelete} data-testid={`delete-principal-${principal.name}`}>
          Delete…
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
