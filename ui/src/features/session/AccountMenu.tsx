import { Button, Menu, Text } from "@mantine/core";

import type { CallerInfo } from "../../bindings/CallerInfo";
import { grantWords } from "../rights/rights";

/** Who the web console acts as (the token's owner, its roles and narrowing), and Sign out. */
export function AccountMenu({ caller, onSignOut }: { caller: CallerInfo; onSignOut: () => void }) {
  return (
    <Menu position="bottom-end" withinPortal shadow="md" width={300}>
      <Menu.Target>
        <Button variant="default" aria-label={`Signed in as ${caller.actor}: account and sign out`} data-testid="account-menu">
          {caller.actor}
        </Button>
      </Menu.Target>
      <Menu.Dropdown data-testid="account-details">
        <Menu.Label>Signed in as</Menu.Label>
        <Text size="sm" px="sm" fw={600} data-testid="signed-in-as">
          {caller.actor}
        </Text>
        {caller.token_prefix !== null && (
          <Text size="xs" px="sm" c="dimmed" ff="monospace">
            token {caller.token_prefix}
          </Text>
        )}
        <Menu.Label mt="xs">Roles of {caller.principal ?? caller.actor}</Menu.Label>
        {caller.bindings.length === 0 ? (
          <Text size="sm" px="sm">
            none
          </Text>
        ) : (
          caller.bindings.map((grant) => (
            <Text size="sm" px="sm" key={grantWords(grant)} data-testid="account-role">
              {grantWords(grant)}
            </Text>
          ))
        )}
        {caller.narrowing !== null && (
          <Text size="sm" px="sm" mt={4} fw={500} data-testid="account-narrowing">
            This token is narrowed to {grantWords(caller.narrowing)}
          </Text>
        )}
        <Menu.Divider />
        <Menu.Item onClick={onSignOut} data-testid="sign-out">
          Sign out
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
