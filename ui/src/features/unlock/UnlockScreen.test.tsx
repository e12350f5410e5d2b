import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import { BackendError } from "../../backend";
import type { UnlockState } from "../../bindings/UnlockState";
import { fixtureBackend, STATUS } from "../../test/fixtureBackend";
import { renderWithBackend } from "../../test/render";
import { UnlockGate } from "./UnlockGate";

const unlocked = () => <p>main screen</p>;

const LOCKED: UnlockState = { unlocked: false, initialized: true, reason: null, status: null, created_master_key: false };
const UNLOCKED: UnlockState = { unlocked: true, initialized: true, reason: null, status: STATUS, created_master_key: false };

describe("UnlockGate", () => {
  it("shows the wrong_passphrase message under the field and stays locked", async () => {
    const backend = fixtureBackend({
      unlockState: () => Promise.resolve(LOCKED),
      unlock: () =>
        Promise.reject(
          new BackendError("wrong_passphrase", "the passphrase does not unlock the master key of this data dir"),
        ),
    });
    renderWithBackend(<UnlockGate>{unlocked}</UnlockGate>, backend);

    expect(await screen.findByRole("heading", { name: "Unlock Keystead" })).toBeInTheDocument();
    await userEvent.type(screen.getByLabelText("Passphrase"), "not the passphrase");
    await userEvent.click(screen.getByTestId("unlock-submit"));

    expect(await screen.findByText(/does not unlock the master key/)).toBeInTheDocument();
    expect(screen.getByLabelText("Passphrase")).toHaveAccessibleDescription(/does not unlock the master key/);
    expect(screen.queryByText("main screen")).not.toBeInTheDocument();
    expect(backend.unlock.mock.calls).toEqual([["not the passphrase"]]);
  });

  it("unlocks with the right passphrase", async () => {
    const backend = fixtureBackend({
      unlockState: () => Promise.resolve(LOCKED),
      unlock: () => Promise.resolve(UNLOCKED),
    });
    renderWithBackend(<UnlockGate>{unlocked}</UnlockGate>, backend);

    await userEvent.type(await screen.findByLabelText("Passphrase"), "right passphrase");
    await userEvent.click(screen.getByTestId("unlock-submit"));

    expect(await screen.findByText("main screen")).toBeInTheDocument();
    expect(backend.unlock.mock.calls).toEqual([["right passphrase"]]);
  });

  it("asks to create a passphrase when no master key exists and refuses a short one", async () => {
    const backend = fixtureBackend({ unlockState: () => Promise.resolve({ ...LOCKED, initialized: false }) });
    renderWithBackend(<UnlockGate>{unlocked}</UnlockGate>, backend);

    expect(await screen.findByRole("heading", { name: "Create a passphrase" })).toBeInTheDocument();
    expect(screen.getByText(/Argon2id/)).toBeInTheDocument();
    await userEvent.type(screen.getByLabelText("Passphrase"), "short");
    await userEvent.type(screen.getByLabelText("Confirm passphrase"), "short");
    await userEvent.click(screen.getByTestId("unlock-submit"));

    expect(await screen.findByText("Use at least 12 characters")).toBeInTheDocument();
    expect(backend.unlock).not.toHaveBeenCalled();
  });

  it("shows why the key store could not provide the master key", async () => {
    const backend = fixtureBackend({
      unlockState: () =>
        Promise.resolve({
          ...LOCKED,
          reason: { code: "key_unavailable", message: "Secret Service: the collection is locked" },
        }),
    });
    renderWithBackend(<UnlockGate>{unlocked}</UnlockGate>, backend);

    const reason = await screen.findByTestId("unlock-reason");
    expect(reason).toHaveTextContent("The key store is unavailable");
    expect(reason).toHaveTextContent("Secret Service: the collection is locked");
  });
});
