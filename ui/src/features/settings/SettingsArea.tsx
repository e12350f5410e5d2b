import { Alert, Stack, Tabs, Text, Title } from "@mantine/core";
import { useState } from "react";

import { useRights } from "../rights/RightsContext";
import { ApiServerSection } from "./ApiServerSection";
import { KeysSection } from "./KeysSection";
import { LockingSection } from "./LockingSection";

export type SettingsTab = "keys" | "locking" | "api";

/**
 * The desktop's settings: the key lifecycle, locking, and the app's own HTTP API. They belong to the
 * administrator at the machine; the web console (a token holder) is told so instead.
 */
export function SettingsArea({ onOpenApiTokens }: { onOpenApiTokens: () => void }) {
  const rights = useRights();
  const [tab, setTab] = useState<string | null>("keys");
  if (rights.kind !== "local_admin") {
    return (
      <Alert color="gray" title="Settings are on the Keystead machine" data-testid="settings-desktop-only">
        Keys, locking and the HTTP API are managed by the administrator at the machine that holds the data directory,
        in the desktop app or with the CLI there.
      </Alert>
    );
  }
  return (
    <Stack gap="sm">
      <div>
        <Title order={2} size="h3" data-testid="settings-title">
          Settings
        </Title>
        <Text size="xs" c="dimmed">
          For this machine&apos;s data directory. Every key change is atomic and written to the audit log.
        </Text>
      </div>
      <Tabs value={tab} onChange={setTab} keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="keys" data-testid="tab-settings-keys">
            Keys
          </Tabs.Tab>
          <Tabs.Tab value="locking" data-testid="tab-settings-locking">
            Locking
          </Tabs.Tab>
          <Tabs.Tab value="api" data-testid="tab-settings-api">
            HTTP API
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="keys">
          <KeysSection />
        </Tabs.Panel>
        <Tabs.Panel value="locking">
          <LockingSection />
        </Tabs.Panel>
        <Tabs.Panel value="api">
          <ApiServerSection onOpenApiTokens={onOpenApiTokens} />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
