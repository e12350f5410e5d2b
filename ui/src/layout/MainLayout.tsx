import {
  ActionIcon,
  AppShell,
  Badge,
  Center,
  Group,
  NavLink,
  ScrollArea,
  Tabs,
  Text,
  Title,
  useComputedColorScheme,
  useMantineColorScheme,
} from "@mantine/core";
import { useState, type ReactNode } from "react";

import type { NamespaceNode } from "../bindings/NamespaceNode";
import { AccessArea, type AccessLocation } from "../features/access/AccessArea";
import { NamespaceAccessPanel } from "../features/access/NamespaceAccessPanel";
import { CredentialsPanel } from "../features/credentials/CredentialsPanel";
import { KvPanel } from "../features/kv/KvPanel";
import { DeleteNamespaceModal } from "../features/namespaces/DeleteNamespaceModal";
import { NamespaceTree } from "../features/namespaces/NamespaceTree";
import { NewNamespaceModal } from "../features/namespaces/NewNamespaceModal";
import { GatedButton } from "../features/rights/Gated";
import { useAdminSomewhereGate, useRights } from "../features/rights/RightsContext";
import { SecretsPanel } from "../features/secrets/SecretsPanel";
import { FirstRunRecoveryPrompt } from "../features/settings/FirstRunRecoveryPrompt";
import { SettingsArea } from "../features/settings/SettingsArea";
import { IdleLock, LockButton } from "../features/unlock/LockButton";

/** `account`: the web console's signed-in caller and Sign out, shown in the header. */
export function MainLayout({ tenant, account }: { tenant: string; account?: ReactNode }) {
  const [namespace, setNamespace] = useState<string | null>(null);
  const [creatingNamespace, setCreatingNamespace] = useState(false);
  const [deletingNamespace, setDeletingNamespace] = useState<NamespaceNode | null>(null);
  const [tab, setTab] = useState<string | null>("secrets");
  // The Access area (principals, bindings, tokens) replaces the namespace panel while it is open.
  const [access, setAccess] = useState<AccessLocation | null>(null);
  // Settings (keys, locking, the app's HTTP API) likewise; only the desktop has them.
  const [settings, setSettings] = useState(false);
  const openNamespace = (id: string) => {
    setAccess(null);
    setSettings(false);
    setNamespace(id);
  };
  const openAccess = (location: AccessLocation) => {
    setSettings(false);
    setAccess(location);
  };
  const createGate = useAdminSomewhereGate(tenant);
  // The person at the desktop: the web console's token holders have no settings and sign out instead of locking.
  const desktop = useRights().kind === "local_admin";

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
            <LockButton />
            <ColorSchemeToggle />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="sm">
        <AppShell.Section mb="sm">
          <NavLink
            component="button"
            label="Access"
            description="Users, service accounts, API tokens"
            active={access !== null}
            aria-current={access !== null ? "page" : undefined}
            onClick={() => {
              openAccess({ tab: "principals", principal: null });
            }}
            data-testid="nav-access"
          />
          {desktop && (
            <NavLink
              component="button"
              label="Settings"
              description="Keys, locking, HTTP API"
              active={settings}
              aria-current={settings ? "page" : undefined}
              onClick={() => {
                setAccess(null);
                setSettings(true);
              }}
              data-testid="nav-settings"
            />
          )}
        </AppShell.Section>
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
          <NamespaceTree
            tenant={tenant}
            selected={access === null && !settings ? namespace : null}
            onSelect={openNamespace}
            onDelete={setDeletingNamespace}
          />
        </AppShell.Section>
      </AppShell.Navbar>
      <AppShell.Main>
        {settings ? (
          <SettingsArea
            onOpenApiTokens={() => {
              openAccess({ tab: "tokens" });
            }}
          />
        ) : access !== null ? (
          <AccessArea tenant={tenant} location={access} onNavigate={openAccess} />
        ) : namespace === null ? (
          <Center h={300}>
            <Text c="dimmed">Select a namespace, or create one, to manage its secrets, credentials, KV pairs and who can see it.</Text>
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
              <Tabs.Tab value="kv" data-testid="tab-kv">
                KV
              </Tabs.Tab>
              <Tabs.Tab value="access" data-testid="tab-namespace-access">
                Access
              </Tabs.Tab>
            </Tabs.List>
            <Tabs.Panel value="secrets">
              <SecretsPanel tenant={tenant} namespace={namespace} onOpenNamespace={setNamespace} />
            </Tabs.Panel>
            <Tabs.Panel value="credentials">
              <CredentialsPanel tenant={tenant} namespace={namespace} onOpenNamespace={setNamespace} />
            </Tabs.Panel>
            <Tabs.Panel value="kv">
              <KvPanel
                tenant={tenant}
                namespace={namespace}
                onOpenNamespace={setNamespace}
                onOpenSecrets={() => {
                  setTab("secrets");
                }}
              />
            </Tabs.Panel>
            <Tabs.Panel value="access">
              <NamespaceAccessPanel
                tenant={tenant}
                namespace={namespace}
                onOpenPrincipal={(principal) => {
                  openAccess({ tab: "principals", principal });
                }}
                onOpenAccess={() => {
                  openAccess({ tab: "principals", principal: null });
                }}
              />
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
        onCreated={openNamespace}
      />
      <DeleteNamespaceModal
        tenant={tenant}
        node={deletingNamespace}
        onClose={() => {
          setDeletingNamespace(null);
        }}
        onDeleted={(deleted) => {
          // The open namespace went too when it was the deleted one or below it.
          if (namespace === deleted || namespace?.startsWith(`${deleted}.`)) setNamespace(null);
        }}
      />
      {desktop && (
        <>
          <FirstRunRecoveryPrompt />
          <IdleLock />
        </>
      )}
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
