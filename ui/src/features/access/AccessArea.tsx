import { Stack, Tabs, Text, Title } from "@mantine/core";

import { PrincipalsPanel } from "./PrincipalsPanel";
import { PrincipalView } from "./PrincipalView";
import { useWhoami } from "./queries";
import { TokensSection } from "./TokensSection";

/** Where the Access area is: the principals list, one principal, or the tenant's API tokens. */
export type AccessLocation = { tab: "principals"; principal: string | null } | { tab: "tokens" };

interface Props {
  tenant: string;
  location: AccessLocation;
  onNavigate: (location: AccessLocation) => void;
}

export function AccessArea({ tenant, location, onNavigate }: Props) {
  return (
    <Stack gap="sm">
      <div>
        <Title order={2} size="h3" data-testid="access-title">
          Access to tenant {tenant}
        </Title>
        <CallerLine />
      </div>
      <Tabs
        value={location.tab}
        onChange={(tab) => {
          onNavigate(tab === "tokens" ? { tab: "tokens" } : { tab: "principals", principal: null });
        }}
        keepMounted={false}
      >
        <Tabs.List mb="md">
          <Tabs.Tab value="principals" data-testid="tab-principals">
            Users and service accounts
          </Tabs.Tab>
          <Tabs.Tab value="tokens" data-testid="tab-tokens">
            API tokens
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="principals">
          {location.tab === "principals" && location.principal !== null ? (
            <PrincipalView
              tenant={tenant}
              name={location.principal}
              onBack={() => {
                onNavigate({ tab: "principals", principal: null });
              }}
            />
          ) : (
            <PrincipalsPanel
              tenant={tenant}
              onOpen={(principal) => {
                onNavigate({ tab: "principals", principal });
              }}
            />
          )}
        </Tabs.Panel>
        <Tabs.Panel value="tokens">
          <TokensSection tenant={tenant} owner={null} />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}

/** Who acts here (the desktop is the local administrator; the web console shows its token's owner). */
function CallerLine() {
  const whoami = useWhoami();
  if (whoami.data === undefined) return null;
  const { actor, local_admin, principal } = whoami.data;
  return (
    <Text size="xs" c="dimmed" data-testid="access-caller">
      {local_admin
        ? `You act as ${actor}, the local administrator: you may do everything here.`
        : `You act as ${principal ?? actor}, with its role bindings.`}
    </Text>
  );
}
