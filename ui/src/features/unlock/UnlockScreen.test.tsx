import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import { MemoryBackend } from "../../test/memoryBackend";
import { renderWithBackend } from "../../test/render";
import { UnlockGate } from "./UnlockGate";

const unlocked = () => <p>main screen</p>;

describe("UnlockGate", () => {
  it("shows the wrong_passphrase message under the field and stays locked", async () => {
    const backend = new MemoryBackend({ initialized: true, unlocked: false, passphrase: "right passphrase" });
    renderWithBackend(<UnlockGate>{unlocked}</UnlockGate>, backend);

    expect(await screen.findByRole("heading", { name: "Unlock Keystead" })).toBeInTheDocument();
    await userEvent.type(screen.getByLabelText("Passphrase"), "not the passphrase");
    await userEvent.click(screen.getByTestId("unlock-submit"));

    expect(await screen.findByText(/does not unlock the master key/)).toBeInTheDocument();
    expect(screen.getByLabelText("Passphrase")).toHaveAccessibleDescription(/does not unlock the master key/);
    expect(screen.queryByText("main screen")).not.toBeInTheDocument();
  });

  it("unlocks with the right passphrase", async () => {
    const backend = new MemoryBackend({ initialized: true, unlocked: false, passphrase: "right passphrase" });
    renderWithBackend(<UnlockGate>{unlocked}</UnlockGate>, backend);

    await userEvent.type(await screen.findByLabelText("Passphrase"), "right passphrase");
    await userEvent.click(screen.getByTestId("unlock-submit"));

    expect(await screen.findByText("main screen")).toBeInTheDocument();
  });

  it("asks to create a passphrase when no master key exists and refuses a short one", async () => {
    const backend = new MemoryBackend({ initialized: false, unlocked: false });
    renderWithBackend(<UnlockGate>{unlocked}</UnlockGate>, backend);

    expect(await screen.findByRole("heading", { name: "Create a passphrase" })).toBeInTheDocument();
    expect(screen.getByText(/Argon2id/)).toBeInTheDocument();
    await userEvent.type(screen.getByLabelText("Passphrase"), "short");
    await userEvent.type(screen.getByLabelText("Confirm passphrase"), "short");
    await userEvent.click(screen.getByTestId("unlock-submit"));

    expect(await screen.findByText("Use at least 12 characters")).toBeInTheDocument();
    expect(backend.calls).not.toContain("unlock");
  });

  it("shows why the key store could not provide the master key", async () => {
    const backend = new MemoryBackend({
      initialized: true,
      unlocked: false,
      reason: { code: "key_unavailable", message: "Secret Service: the collection is locked" },
    });
    renderWithBackend(<UnlockGate>{unlocked}</UnlockGate>, backend);

    const reason = await screen.findByTestId("unlock-reason");
    expect(reason).toHaveTextContent("The key store is unavailable");
    expect(reason).toHaveTextContent("Secret Service: the collection is locked");
  });
});
