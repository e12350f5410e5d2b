import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import { newQueryClient } from "../../AppProviders";
import { BackendError } from "../../backend";
import { fixtureBackend } from "../../test/fixtureBackend";
import { keyStatus, RECOVERY_KEY, NEW_RECOVERY_KEY } from "../../test/keyFixtures";
import { renderWithBackend } from "../../test/render";
import { KeysSection } from "./KeysSection";

describe("Create recovery key", () => {
  it("shows the key once with a warning, copies it through the host, and forgets it after the acknowledgement", async () => {
    let status = keyStatus();
    const backend = fixtureBackend({
      keyStatus: () => Promise.resolve(status),
      keyRecoveryCreate: () => {
        status = keyStatus({ recovery_key_created_at: "2025-02-01T09:00:00Z" });
        return Promise.resolve({ recovery_key: RECOVERY_KEY });
      },
      recoveryKeyCopy: () => Promise.resolve({ clear_after_secs: 30 }),
    });
    const queryClient = newQueryClient();
    renderWithBackend(<KeysSection />, backend, queryClient);

    expect(await screen.findByTestId("no-recovery-key")).toHaveTextContent("every secret in this data directory is lost");
    await userEvent.click(screen.getByTestId("create-recovery-key"));

    const panel = await screen.findByTestId("recovery-key-panel");
    expect(within(panel).getByTestId("recovery-key-value")).toHaveValue(RECOVERY_KEY);
    expect(within(panel).getByTestId("recovery-key-warning")).toHaveTextContent("shown only this once");
    await userEvent.click(within(panel).getByTestId("recovery-key-copy"));
    expect(backend.recoveryKeyCopy).toHaveBeenCalledWith(RECOVERY_KEY);
    expect(await within(panel).findByRole("status")).toHaveTextContent("cleared in 30 s");

    // Escape does not close it, and Done waits for the acknowledgement.
    await userEvent.keyboard("{Escape}");
    expect(screen.getByTestId("recovery-key-panel")).toBeInTheDocument();
    const done = within(panel).getByTestId("recovery-key-done");
    expect(done).toBeDisabled();
    await userEvent.click(within(panel).getByLabelText("I have stored the recovery key somewhere safe"));
    await userEvent.click(done);

    await waitFor(() => {
      expect(screen.queryByTestId("recovery-key-panel")).not.toBeInTheDocument();
    });
    expect(document.body).not.toHaveTextContent(RECOVERY_KEY);
    expect(await screen.findByTestId("recovery-key-created-at")).toHaveTextContent(/^created /);
    expect(screen.queryByTestId("no-recovery-key")).not.toBeInTheDocument();
    // Nothing that TanStack Query keeps holds the key.
    const cached = JSON.stringify([
      queryClient.getQueryCache().getAll().map((query) => query.state.data),
      queryClient.getMutationCache().getAll().map((mutation) => [mutation.state.variables, mutation.state.data]),
    ]);
    expect(cached).not.toContain(RECOVERY_KEY);
  });

  it("asks before replacing an existing key and says the old one stops working", async () => {
    const backend = fixtureBackend({
      keyStatus: () => Promise.resolve(keyStatus({ recovery_key_created_at: "2025-01-02T09:00:00Z" })),
      keyRecoveryCreate: () => Promise.resolve({ recovery_key: NEW_RECOVERY_KEY }),
    });
    renderWithBackend(<KeysSection />, backend);

    await userEvent.click(await screen.findByRole("button", { name: "Replace recovery key" }));
    expect(await screen.findByTestId("replace-recovery-question")).toHaveTextContent("The old one stops working at once");
    await userEvent.click(screen.getByRole("button", { name: "Cancel" }));
    expect(backend.keyRecoveryCreate).not.toHaveBeenCalled();

    await userEvent.click(screen.getByRole("button", { name: "Replace recovery key" }));
    await userEvent.click(await screen.findByTestId("replace-recovery-confirm"));
    expect(await screen.findByTestId("recovery-key-value")).toHaveValue(NEW_RECOVERY_KEY);
    expect(backend.keyRecoveryCreate).toHaveBeenCalledTimes(1);
  });

  it("shows the host's error when no key could be created", async () => {
    const backend = fixtureBackend({
      keyStatus: () => Promise.resolve(keyStatus()),
      keyRecoveryCreate: () => Promise.reject(new BackendError("storage", "the database is read-only")),
    });
    renderWithBackend(<KeysSection />, backend);

    await userEvent.click(await screen.findByTestId("create-recovery-key"));
    const error = await screen.findByTestId("recovery-create-error");
    expect(error).toHaveTextContent("No recovery key was created");
    expect(error).toHaveTextContent("the database is read-only");
    expect(screen.queryByTestId("recovery-key-panel")).not.toBeInTheDocument();
  });
});
