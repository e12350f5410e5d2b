import { AppProviders } from "./AppProviders";
import type { Backend } from "./backend";
import { UnlockGate } from "./features/unlock/UnlockGate";
import { MainLayout } from "./layout/MainLayout";

export function App({ backend }: { backend: Backend }) {
  return (
    <AppProviders backend={backend}>
      <UnlockGate>{(status) => <MainLayout initialTenant={status?.default_tenant ?? "main"} />}</UnlockGate>
    </AppProviders>
  );
}
