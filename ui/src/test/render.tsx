import type { QueryClient } from "@tanstack/react-query";
import { render } from "@testing-library/react";
import type { ReactElement, ReactNode } from "react";

import { AppProviders } from "../AppProviders";
import type { Backend } from "../backend";

/**
 * Renders `ui` inside the app's providers with `backend` as the host; `rerender` keeps the providers.
 * A test that checks what the query caches hold passes its own `queryClient`.
 */
export function renderWithBackend(ui: ReactElement, backend: Backend, queryClient?: QueryClient) {
  const wrapper = ({ children }: { children: ReactNode }) => (
    <AppProviders backend={backend} queryClient={queryClient}>
      {children}
    </AppProviders>
  );
  return render(ui, { wrapper });
}
