import { notifications } from "@mantine/notifications";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";

import type { CallerInfo } from "../../bindings/CallerInfo";
import { fixtureBackend, secretItem } from "../../test/fixtureBackend";
import { renderWithBackend } from "../../test/render";
import { RightsProvider } from "../rights/RightsContext";
import { SecretsPanel } from "./SecretsPanel";

function panel(overrides: Parameters<typeof fixtureBackend>[0] = {}) {
  const backend = fixtureBackend({
    secretList: () => Promise.resolve([secretItem({ namespace: "company.team", key: "API_KEY" })]),
    ...overrides,
  });
  renderWithBackend(<SecretsPanel tenant="main" namespace="company.team" />, backend);
  return backend;
}

// Toasts outlive a test's render: each test starts without the previous one's.
beforeEach(() => {
  notifications.clean();
});

describe("Export secrets", () => {
  it("says what the file holds, then saves through the host and reports where", async () => {
    const backend = panel({ secretExportFile: () => Promise.resolve("/home/me/company.team.env_encoded") });
    await userEvent.click(await screen.findByTestId("export-secrets-button"));
    const dialog = await screen.findByRole("dialog", { name: "Export the secrets of company.team" });
    expect(within(dialog).getByTestId("export-what")).toHaveTextContent("the 1 secret defined in company.team");
    expect(dialog).toHaveTextContent("mode 0600");

    await userEvent.click(within(dialog).getByTestId("export-submit"));
    expect(await screen.findByText("Secrets of company.team exported to /home/me/company.team.env_encoded")).toBeInTheDocument();
    expect(backend.secretExportFile).toHaveBeenCalledWith("main", "company.team");
    await waitFor(() => {
      expect(screen.queryByRole("dialog", { name: "Export the secrets of company.team" })).not.toBeInTheDocument();
    });
  });

  it("stays open and says nothing when the save dialog is cancelled", async () => {
    const backend = panel({ secretExportFile: () => Promise.resolve(null) });
    await userEvent.click(await screen.findByTestId("export-secrets-button"));
    const dialog = await screen.findByRole("dialog", { name: "Export the secrets of company.team" });
    await userEvent.click(within(dialog).getByTestId("export-submit"));

    await waitFor(() => {
      expect(backend.secretExportFile).toHaveBeenCalledTimes(1);
    });
    expect(within(dialog).getByTestId("export-submit")).not.toHaveAttribute("data-loading");
    expect(screen.queryByText(/exported to/)).not.toBeInTheDocument();
  });

  it("is not offered to a token without admin on the namespace", async () => {
    const caller: CallerInfo = {
      actor: "reader",
      local_admin: false,
      tenant: "main",
      principal: "reader",
      token_prefix: "kst_AbCd1234…",
      bindings: [{ role: "use", scope: { level: "namespace", namespace: "company.team" } }],
      narrowing: null,
    };
    const team = { id: "company.team", segment: "team", explicit: true, secret_count: 1, access: "use" as const, children: [] };
    const backend = fixtureBackend({
      namespaceTree: () => Promise.resolve([{ ...team, id: "company", segment: "company", access: null, children: [team] }]),
      secretList: () => Promise.resolve([secretItem({ namespace: "company.team", key: "API_KEY" })]),
    });
    renderWithBackend(
      <RightsProvider rights={{ kind: "token", caller }}>
        <SecretsPanel tenant="main" namespace="company.team" />
      </RightsProvider>,
      backend,
    );
    for (const id of ["export-secrets-button", "import-secrets-button"]) {
      const button = await screen.findByTestId(id);
      await vi.waitFor(() => {
        expect(button).toHaveAttribute("aria-disabled", "true");
      });
      await userEvent.click(button);
    }
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    expect(backend.secretExportFile).not.toHaveBeenCalled();
  });
});
