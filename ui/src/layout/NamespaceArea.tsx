import { Tabs } from "@mantine/core";

import { NamespaceAccessPanel } from "../features/access/NamespaceAccessPanel";
import { CredentialsPanel } from "../features/credentials/CredentialsPanel";
import { KvPanel } from "../features/kv/KvPanel";
import { SecretsPanel } from "../features/secrets/SecretsPanel";
import type { AccessLocation } from "../features/access/AccessArea";

/** The tabs of one namespace. */
export type NamespaceTab = "secrets" | "credentials" | "kv" | "access";

interface Props {
  tenant: string;
  namespace: string;
  tab: NamespaceTab;
  onTab: (tab: NamespaceTab) => void;
  onOpenNamespace: (namespace: string) => void;
  onOpenAccess: (location: AccessLocation) => void;
}

export function NamespaceArea({ tenant, namespace, tab, onTab, onOpenNamespace, onOpenAccess }: Props) {
  return (
    <Tabs
      value={tab}
      onChange={(next) => {
        if (next !== null) onTab(next as NamespaceTab);
      }}
      keepMounted={false}
    >
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
        <SecretsPanel tenant={tenant} namespace={namespace} onOpenNamespace={onOpenNamespace} />
      </Tabs.Panel>
      <Tabs.Panel value="credentials">
        <CredentialsPanel tenant={tenant} namespace={namespace} onOpenNamespace={onOpenNamespace} />
      </Tabs.Panel>
      <Tabs.Panel value="kv">
        <KvPanel
          tenant={tenant}
          namespace={namespace}
          onOpenNamespace={onOpenNamespace}
          onOpenSecrets={() => {
            onTab("secrets");
          }}
        />
      </Tabs.Panel>
      <Tabs.Panel value="access">
        <NamespaceAccessPanel
          tenant={tenant}
          namespace={namespace}
          onOpenPrincipal={(principal) => {
            onOpenAccess({ tab: "principals", principal });
          }}
          onOpenAccess={() => {
            onOpenAccess({ tab: "principals", principal: null });
          }}
        />
      </Tabs.Panel>
    </Tabs>
  );
}
