import { render } from "@testing-library/react";
import type { ReactElement } from "react";

import { AppProviders } from "../AppProviders";
import type { Backend } from "../backend";

/** Renders `ui` inside the app's providers with `backend` as the host. */
export function renderWithBackend(ui: ReactElement, backend: Backend) {
  return render(<AppProviders backend={backend}>{ui}</AppProviders>);
}
