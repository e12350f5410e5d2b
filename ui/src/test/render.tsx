import { render } from "@testing-library/react";
import type { ReactElement, ReactNode } from "react";

import { AppProviders } from "../AppProviders";
import type { Backend } from "../backend";

/** Renders `ui` inside the app's providers with `backend` as the host; `rerender` keeps the providers. */
export function renderWithBackend(ui: ReactElement, backend: Backend) {
  const wrapper = ({ children }: { children: ReactNode }) => <AppProviders backend={backend}>{children}</AppProviders>;
  return render(ui, { wrapper });
}
