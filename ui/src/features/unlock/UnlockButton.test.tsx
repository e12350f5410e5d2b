import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import type { UnlockState } from "../../bindings/UnlockState";
import { fixtureBackend } from "../../test/fixtureBackend";
import { renderWithBackend } from "../../test/render";
import { UnlockGate } from "./UnlockGate";

const LOCKED: UnlockState = { unlocked: false, initialized: true, reason: null, status: null, created_master_key: false };

describe("Unlock button", () => {
  it("says Unlocking… and stays disabled while the key is derived", async () => {
    // Argon2id takes a while: the host's answer is held back for the whole test.
    const backend = fixtureBackend({
      unlockState: () => Promise.resolve(LOCKED),
      unlock: () => new Promise<UnlockState>(() => undefined),
    });
    renderWithBackend(<UnlockGate>{() => <p>main screen</p>}</UnlockGate>, backend);

    await userEvent.type(await screen.findByLabelText("Passphrase"), "right passphrase");
    await userEvent.click(screen.getByTestId("unlock-submit"));

    const button = await screen.findByRole("button", { name: "Unlocking…" });
    expect(button).toBeDisabled();
    expect(button).toHaveAttribute("aria-busy", "true");
    expect(backend.unlock).toHaveBeenCalledWith("right passphrase");
  });
});
