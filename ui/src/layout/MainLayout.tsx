import {
  ActionIcon,
  AppShell,
  Button,
  Center,
  Kbd,
  Loader,
  Group,
  NavLink,
  ScrollArea,
  Text,
  Title,
  useComputedColorScheme,
} from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import { createSpotlight } from "@mantine/spotlight";
import { lazy, Suspense, useState, type ReactNode } from "react";

import type { NamespaceNode } from "../bindings/NamespaceNode";
import { useToggleScheme } from "../colorScheme";
import { AccessArea, type AccessLocation } from "../features/access/AccessArea";
import { CredentialTypesArea } from "../features/credentialTypes/CredentialTypesArea";
import { DeleteNamespaceModal } from "../features/namespaces/DeleteNamespaceModal";
import { NamespaceTree } from "../features/namespaces/NamespaceTree";
import { NewNamespaceModal } from "../features/namespaces/NewNamespaceModal";
import { GatedButton } from "../features/rights/Gated";
import type { Destination } from "../features/search/searchIndex";
import { useAdminSomewhereGate, useRights } from "../features/rights/RightsContext";
import { FirstRunRecoveryPrompt } from "../features/settings/FirstRunRecoveryPrompt";
import { SettingsArea } from "../features/settings/SettingsArea";
import { TenantSwitcher } from "../features/tenants/TenantSwitcher";
import { IdleLock, LockButton } from "../features/unlock/LockButton";
import { NamespaceArea, type NamespaceTab } from "./NamespaceArea";

// Loaded when first needed: the audit log brings the date pickers, the expiring-soon view its chart
// library, the palette its result lists.
const AuditArea = lazy(() => import("../features/audit/AuditArea").then((module) => ({ default: module.AuditArea })));
const ExpiringArea = lazy(() =>
  import("../features/expiring/ExpiringArea").then((module) => ({ default: module.ExpiringArea })),
);
const CommandPalette = lazy(() =>
  import("../features/search/CommandPalette").then((module) => ({ default: module.CommandPalette })),
);

/**
 * What the main pane shows: a namespace's tabs, or one of the tenant-wide areas (Access, Credential
 * types, Expiring soon, Audit, and on the desktop Settings) that replace it while open.
 */
type Area =
  | { kind: "namespace" }
  | { kind: "access"; location: AccessLocation }
  | { kind: "credential-types" }
  | { kind: "expiring" }
  | { kind: "audit" }
  | { kind: "settings" };

/**
 * `initialTenant`: the tenant shown first (the default one, or a token's own); the header switches it.
 * `account`: the web console's signed-in caller and Sign out, shown in the header.
 */
export function MainLayout({ initialTenant, account }: { initialTenant: string; account?: ReactNode }) {
  const [tenant, setTenant] = useState(initialTenant);
  const [namespace, setNamespace] = useState<string | null>(null);
  const [creatingNamespace, setCreatingNamespace] = useState(false);
  const [deletingNamespace, setDeletingNamespace] = useState<NamespaceNode | null>(null);
  const [tab, setTab] = useState<NamespaceTab>("secrets");
  const [area, setArea] = useState<Area>({ kind: "namespace" });
  const openNamespace = (id: string) => {
    setArea({ kind: "namespace" });
    setNamespace(id);
  };
  const openAccess = (location: AccessLocation) => {
    setArea({ kind: "access", location });
  };
  // Namespaces and accounts belong to one tenant: a switch starts from its namespace list.
  const switchTenant = (next: string) => {
    setTenant(next);
    setNamespace(null);
    setArea({ kind: "namespace" });
  };
  const navigate = (destination: Destination) => {
    if (destination.kind === "principal") {
      openAccess({ tab: "principals", principal: destination.name });
    } else {
      openNamespace(destination.namespace);
      setTab(destination.tab);
    }
  };
  // One palette per layout (not Mantine's global store): tests and a re-mounted layout start closed.
  const [[paletteStore, palette]] = useState(() => createSpotlight());
  const createGate = useAdminSomewhereGate(tenant);
  // The person at the desktop: the web console's token holders have no settings and sign out instead of locking.
  const desktop = useRights().kind === "local_admin";

  return (
    <AppShell header={{ height: 56 }} navbar={{ width: { base: 220, lg: 280 }, breakpoint: 0 }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Title order={3} data-testid="app-title">
              Keystead
            </Title>
            <TenantSwitcher tenant={tenant} onSwitch={switchTenant} />
          </Group>
          <Group gap="sm" wrap="nowrap">
            <Button
              variant="default"
              onClick={palette.open}
              rightSection={<Kbd size="xs">Ctrl K</Kbd>}
              aria-label="Search names (Ctrl+K)"
              aria-keyshortcuts="Control+K Meta+K"
              data-testid="search-button"
            >
              Search
            </Button>
            {account}
            <LockButton />
            <ColorSchemeToggle />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="sm">
        <AppShell.Section mb="sm">
          <AreaLink
            label="Access"
            description="Users, service accounts, API tokens"
            active={area.kind === "access"}
            onClick={() => {
              openAccess({ tab: "principals", principal: null });
            }}
            testId="nav-access"
          />
          <AreaLink
            label="Credential types"
            description="Built-in and custom input schemas"
            active={area.kind === "credential-types"}
            onClick={() => {
              setArea({ kind: "credential-types" });
            }}
            testId="nav-credential-types"
          />
          <AreaLink
            label="Expiring soon"
            description="Tokens, TTLs, old secrets, failed Tests"
            active={area.kind === "expiring"}
            onClick={() => {
              setArea({ kind: "expiring" });
            }}
            testId="nav-expiring"
          />
          <AreaLink
            label="Audit log"
            description="Who did what, and when"
            active={area.kind === "audit"}
            onClick={() => {
              setArea({ kind: "audit" });
            }}
            testId="nav-audit"
          />
          {desktop && (
            <AreaLink
              label="Settings"
              description="Keys, locking, HTTP API"
              active={area.kind === "settings"}
              onClick={() => {
                setArea({ kind: "settings" });
              }}
              testId="nav-settings"
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
            selected={area.kind === "namespace" ? namespace : null}
            onSelect={openNamespace}
            onDelete={setDeletingNamespace}
          />
        </AppShell.Section>
      </AppShell.Navbar>
      <AppShell.Main>
        {area.kind === "settings" ? (
          <SettingsArea
            onOpenApiTokens={() => {
              openAccess({ tab: "tokens" });
            }}
          />
        ) : area.kind === "access" ? (
          <AccessArea tenant={tenant} location={area.location} onNavigate={openAccess} />
        ) : area.kind === "credential-types" ? (
          <CredentialTypesArea tenant={tenant} />
        ) : area.kind === "expiring" ? (
          <Suspense fallback={<Loader size="sm" aria-label="Loading what expires soon" />}>
            <ExpiringArea tenant={tenant} onNavigate={navigate} />
          </Suspense>
        ) : area.kind === "audit" ? (
          <Suspense fallback={<Loader size="sm" aria-label="Loading the audit log" />}>
            <AuditArea tenant={tenant} />
          </Suspense>
        ) : namespace === null ? (
          <Center h={300}>
            <Text c="dimmed">Select a namespace, or create one, to manage its secrets, credentials, KV pairs and who can see it.</Text>
          </Center>
        ) : (
          <NamespaceArea
            tenant={tenant}
            namespace={namespace}
            tab={tab}
            onTab={setTab}
            onOpenNamespace={setNamespace}
            onOpenAccess={openAccess}
          />
        )}
      </AppShell.Main>
      <Suspense fallback={null}>
        <CommandPalette tenant={tenant} store={paletteStore} onNavigate={navigate} />
      </Suspense>
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

interface AreaLinkProps {
  label: string;
  description: string;
  active: boolean;
  onClick: () => void;
  testId: string;
}

/** Below this window height the area links drop their second line, so the namespace tree keeps room. */
const SHORT_WINDOW = "(max-height: 720px)";

function AreaLink({ label, description, active, onClick, testId }: AreaLinkProps) {
  const short = useMediaQuery(SHORT_WINDOW, false, { getInitialValueInEffect: false });
  return (
    <NavLink
      component="button"
      label={label}
      description={short ? undefined : description}
      title={short ? description : undefined}
      active={active}
      aria-current={active ? "page" : undefined}
      onClick={onClick}
      data-testid={testId}
    />
  );
}

function ColorSchemeToggle() {
  const toggle = useToggleScheme();
  const computed = useComputedColorScheme("light");
  const next = computed === "dark" ? "light" : "dark";
  return (
    <ActionIcon
      variant="default"
      size="lg"
      aria-label={`Switch to ${next} theme`}
      title={`Switch to ${next} theme`}
      onClick={() => {
        toggle();
      }}
      data-testid="color-scheme-toggle"
    >
      {computed === "dark" ? "☀" : "☾"}
    </ActionIcon>
  );
}
