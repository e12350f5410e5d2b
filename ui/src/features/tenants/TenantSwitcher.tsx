import { Button, Menu, Text } from "@mantine/core";
import { useState } from "react";

import { toBackendError } from "../../backend";
import { GatedMenuItem } from "../rights/Gated";
import { useRights } from "../rights/RightsContext";
import type { Gate } from "../rights/rights";
import { NewTenantModal } from "./NewTenantModal";
import { useTenantList } from "./queries";

const LOCAL_ONLY: Gate = {
  allowed: false,
  reason: "Only the administrator at the Keystead machine may create tenants (the desktop app or the CLI there).",
  short: "Only at the Keystead machine",
};

interface Props {
  tenant: string;
  onSwitch: (tenant: string) => void;
}

/** The current tenant, the others to switch to, and (at the Keystead machine) a new one. */
export function TenantSwitcher({ tenant, onSwitch }: Props) {
  const tenants = useTenantList();
  const [creating, setCreating] = useState(false);
  const createGate = useRights().kind === "local_admin" ? { allowed: true as const } : LOCAL_ONLY;

  return (
    <>
      <Menu position="bottom-start" withinPortal shadow="md" width={260}>
        <Menu.Target>
          <Button
            variant="light"
            rightSection="▾"
            aria-label={`Tenant ${tenant}: switch tenant`}
            title="Tenant"
            data-testid="tenant-switcher"
          >
            tenant: {tenant}
          </Button>
        </Menu.Target>
        <Menu.Dropdown data-testid="tenant-menu">
          <Menu.Label>Switch tenant</Menu.Label>
          {tenants.isPending ? (
            <Text size="sm" px="sm" c="dimmed">
              Loading…
            </Text>
          ) : tenants.isError ? (
            <Text size="sm" px="sm" c="red" data-testid="tenant-list-error">
              {toBackendError(tenants.error).message}
            </Text>
          ) : (
            tenants.data.map((item) => (
              <Menu.Item
                key={item.id}
                onClick={() => {
                  onSwitch(item.id);
                }}
                rightSection={item.id === tenant ? "✓" : undefined}
                aria-current={item.id === tenant ? "true" : undefined}
                data-testid={`tenant-option-${item.id}`}
              >
                {item.id}
              </Menu.Item>
            ))
          )}
          <Menu.Divider />
          <GatedMenuItem
            gate={createGate}
            onClick={() => {
              setCreating(true);
            }}
            data-testid="new-tenant-button"
          >
            New tenant…
          </GatedMenuItem>
        </Menu.Dropdown>
      </Menu>
      <NewTenantModal
        opened={creating}
        onClose={() => {
          setCreating(false);
        }}
        onCreated={onSwitch}
      />
    </>
  );
}
