import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import type { CallerInfo } from "../../bindings/CallerInfo";
import { MainLayout } from "../../layout/MainLayout";
import { fixtureBackend } from "../../test/fixtureBackend";
import { keyStatus, RECOVERY_KEY, unlocked } from "../../test/keyFixtures";
import { renderWithBackend } from "../../test/render";
import { RightsProvider } from "../rights/RightsContext";
import { UnlockGate } from "../unlock/UnlockGate";
import { SettingsArea } from "./SettingsArea";

function renderDesktop(backend: ReturnType<typeof fixtureBackend>) {
  renderWithBackend(<UnlockGate>{() => <MainLayout initialTenant="main" />}</UnlockGate>, backend);
}

describe("First start", () => {
  it("offers a recovery key right after the unlock that created the master key; Later leaves the Settings warning", async () => {
    const backend = fixtureBackend({
      unlockState: () => Promise.resolve(unlocked({ created_master_key: true })),
      keyStatus: () => Promise.resolve(keyStatus()),
    });
    renderDesktop(backend);

    expect(await screen.findByTestId("first-run-recovery")).toHaveTextContent("the only way back");
    await userEvent.click(screen.getByTestId("first-run-later"));
    await waitFor(() => {
      expect(screen.queryByTestId("first-run-recovery")).not.toBeInTheDocument();
    });
    expect(backend.keyRecoveryCreate).not.toHaveBeenCalled();

    await userEvent.click(screen.getByTestId("nav-settings"));
    expect(await screen.findByTestId("no-recovery-key")).toBeInTheDocument();
    expect(screen.queryByTestId("first-run-recovery")).not.toBeInTheDocument();
  });

  it("creates the key from the prompt and shows it once", async () => {
    let status = keyStatus();
    const backend = fixtureBackend({
      unlockState: () => Promise.resolve(unlocked({ created_master_key: true })),
      keyStatus: () => Promise.resolve(status),
      keyRecoveryCreate: () => {
        status = keyStatus({ recovery_key_created_at: "2025-02-01T09:00:00Z" });
        return Promise.resolve({ recovery_key: RECOVERY_KEY });
      },
    });
    renderDesktop(backend);

    await userEvent.click(await screen.findByTestId("first-run-create"));
    expect(await screen.findByTestId("recovery-key-value")).toHaveValue(RECOVERY_KEY);
    await userEvent.click(screen.getByTestId("recovery-key-stored"));
    await userEvent.click(screen.getByTestId("recovery-key-done"));
    await waitFor(() => {
      expect(screen.queryByTestId("recovery-key-panel")).not.toBeInTheDocument();
    });
    expect(screen.queryByTestId("first-run-recovery")).not.toBeInTheDocument();
    expect(document.body).not.toHaveTextContent(RECOVERY_KEY);
  });

  it("does not appear on a later unlock", async () => {
    const backend = fixtureBackend({ keyStatus: () => Promise.resolve(keyStatus()) });
    renderDesktop(backend);

    expect(await screen.findByTestId("app-title")).toBeInTheDocument();
    expect(screen.queryByTestId("first-run-recovery")).not.toBeInTheDocument();
    expect(backend.keyStatus).not.toHaveBeenCalled();
  });
});

describe("In the web console", () => {
  const caller: CallerInfo = {
    actor: "ops-web",
    local_admin: false,
    tenant: "main",
    principal: "ops-web",
    token_prefix: "kst_AbCd1234…",
    bindings: [{ role: "admin", scope: { level: "tenant" } }],
    narrowing: null,
  };

  it("has no Settings entry and no Lock button, and Settings itself says where they are", async () => {
    const backend = fixtureBackend();
    renderWithBackend(
      <RightsProvider rights={{ kind: "token", caller }}>
        <MainLayout initialTenant="main" />
        <SettingsArea onOpenApiTokens={() => undefined} />
      </RightsProvider>,
      backend,
    );

    expect(await screen.findByTestId("app-title")).toBeInTheDocument();
    expect(screen.queryByTestId("nav-settings")).not.toBeInTheDocument();
    expect(screen.queryByTestId("lock-button")).not.toBeInTheDocument();
    expect(screen.getByTestId("settings-desktop-only")).toHaveTextContent("desktop app or with the CLI");
    expect(backend.keyStatus).not.toHaveBeenCalled();
    expect(backend.apiServerStatus).not.toHaveBeenCalled();
  });
});
