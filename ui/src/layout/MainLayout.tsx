import {
  ActionIcon,
  AppShell,
  Badge,
  Center,
  Group,
  ScrollArea,
  Tabs,
  Text,
  Title,
  useComputedColorScheme,
  useMantineColorScheme,
} from "@mantine/core";
import { useState, type ReactNode } from "react";

import { CredentialsPanel } from "../features/credentials/CredentialsPanel";
import { NamespaceTree } from "../features/namespaces/NamespaceTree";
import { NewNamespaceModal } from "../features/namespaces/NewNamespaceModal";
import { GatedButton } from "../features/rights/Gated";
import { useAdminSomewhereGate } from "../features/rights/RightsContext";
import { SecretsPanel } from "../features/secrets/SecretsPanel";

/** `account`: the web console's signed-in caller and Sign out, shown in the header. */
export function MainLayout({ tenant, account }: { tenant: string; account?: ReactNode }) {
  const [namespace, setNamespace] = useState<string | null>(null);
  const [creatingNamespace, setCreatingNamespace] = useState(false);
  const [tab, setTab] = useState<string | null>("secrets");
  const createGate = useAdminSomewhereGate(tenant);

  return (
    <AppShell header={{ height: 56 }} navbar={{ width: { base: 220, lg: 280 }, breakpoint: 0 }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between">
          <Group gap="sm">
            <Title order={3} data-testid="app-title">
              Keystead
            </Title>
            <Badge variant="light" size="lg" data-testid="tenant-badge" title="Tenant">
              tenant: {tenant}
            </Badge>
          </Group>
          <Group gap="sm">
            {account}
            <ColorSchemeToggle />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="sm">
        <AppShell.Section>
          <Group justify="space-between" mb="xs">
            <Text fw={600} size="sm">
              Namespaces
            </Text>
            <GatedButton
              gate={createGate}
              size="compact-sm"
              variant="light"
              onClick={() => {
                setCreatingNamespace(true);
              }}
              data-testid="new-namespace-button"
            >
              New namespace
            </GatedButton>
          </Group>
        </AppShell.Section>
        <AppShell.Section grow component={ScrollArea}>
          <NamespaceTree tenant={tenant} selected={namespace} onSelect={setNamespace} />
        </AppShell.Section>
      </AppShell.Navbar>
      <AppShell.Main>
        {namespace === null ? (
          <Center h={300}>
            <Text c="dimmed">Select a namespace, or create one, to manage its secrets and credentials.</Text>
          </Center>
        ) : (
          <Tabs value={tab} onChange={setTab} keepMounted={false}>
            <Tabs.List mb="md">
              <Tabs.Tab value="secrets" data-testid="tab-secrets">
                Secrets
              </Tabs.Tab>
              <Tabs.Tab value="credentials" data-testid="tab-credentials">
                Credentials
              </Tabs.Tab>
            </Tabs.List>
            <Tabs.Panel value="secrets">
              <SecretsPanel tenant={tenant} namespace={namespace} onOpenNamespace={setNamespace} />
            </Tabs.Panel>
            <Tabs.Panel value="credentials">
              <CredentialsPanel tenant={tenant} namespace={namespace} onOpenNamespace={setNamespace} />
            </Tabs.Panel>
          </Tabs>
        )}
      </AppShell.Main>
      <NewNamespaceModal
        tenant={tenant}
        opened={creatingNamespace}
        onClose={() => {
          setCreatingNamespace(false);
        }}
        onCreated={setNamespace}
      />
    </AppShell>
  );
}

function ColorSchemeToggle() {
  const { setColorScheme } = useMantineColorScheme();
  const computed = useComputedColorScheme("light");
  const next = computed === "dark" ? "light" : "dark";
  return (
    <ActionIcon
      variant="default"
      size="lg"
      aria-label={`Switch to ${next} theme`}
      title={`Switch to ${next} theme`}
      onClick={() => {
        setColorScheme(next);
      }}
      data-testid="color-scheme-toggle"
    >
      {computed === "dark" ? "☀" : "☾"}
    </ActionIcon>
  );
}
