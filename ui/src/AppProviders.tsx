import { MantineProvider, createTheme } from "@mantine/core";
import { Notifications } from "@mantine/notifications";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";

import { BackendProvider, type Backend } from "./backend";
import { SchemeToggleContext, useSchemeState } from "./colorScheme";

const theme = createTheme({
  primaryColor: "teal",
  // Keyboard users always see where focus is; mouse clicks do not leave rings behind.
  focusRing: "auto",
  fontFamily: "system-ui, -apple-system, 'Segoe UI', Roboto, 'DejaVu Sans', sans-serif",
  // Mantine's default stack names five macOS/Windows fonts before any Linux one, and WebKitGTK asks
  // fontconfig for each in turn the first time a weight is drawn (8 ms against 1-2 ms for a font it
  // finds at once, measured in the app). The Linux fonts come second here; macOS still gets its own
  // first (ui-monospace) and Windows falls through to Consolas.
  fontFamilyMonospace: "ui-monospace, 'Liberation Mono', 'DejaVu Sans Mono', SFMono-Regular, Menlo, Monaco, Consolas, 'Courier New', monospace",
});

export function newQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      // Host calls are local and fast; a failure is a real error, not a flaky network.
      queries: { retry: false, refetchOnWindowFocus: false },
      mutations: { retry: false },
    },
  });
}

interface Props {
  backend: Backend;
  /** Tests pass their own to inspect what the caches hold; the app makes one. */
  queryClient?: QueryClient;
  children: ReactNode;
}

export function AppProviders({ backend, queryClient: given, children }: Props) {
  const [queryClient] = useState(() => given ?? newQueryClient());
  const { scheme, toggle, manager } = useSchemeState();
  return (
    <SchemeToggleContext.Provider value={toggle}>
      <MantineProvider theme={theme} colorSchemeManager={manager} forceColorScheme={scheme}>
        <Notifications position="bottom-right" />
        <QueryClientProvider client={queryClient}>
          <BackendProvider backend={backend}>{children}</BackendProvider>
        </QueryClientProvider>
      </MantineProvider>
    </SchemeToggleContext.Provider>
  );
}
