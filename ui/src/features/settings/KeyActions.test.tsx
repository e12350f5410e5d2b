import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import { BackendError } from "../../backend";
import type { KeyStatusDto } from "../../bindings/KeyStatusDto";
import { fixtureBackend } from "../../test/fixtureBackend";
import { keyStatus, NEW_RECOVERY_KEY } from "../../test/keyFixtures";
import { renderWithBackend } from "../../test/render";
import { KeysSection } from "./KeysSection";

const NEW_PASSPHRASE = "four unrelated words here";

/** A host answer that the test releases when it has looked at the busy state. */
function deferred<T>() {
  let resolve: (value: T) => void = () => undefined;
  const promise = new Promise<T>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

describe("Key status", () => {
  it("shows the mode, the dates, the data keys per tenant and the recovery-key session warning", async () => {
    const backend = fixtureBackend({
      keyStatus: () =>
        Promise.resolve(
          keyStatus({
            generation: 3,
            rotated_at: "2025-03-01T08:00:00Z",
            recovery_key_created_at: "2025-01-05T08:00:00Z",
            opened_with_recovery_key: true,
            data_keys: [
              { tenant: "main", version: 2, created_at: "2025-03-02T08:00:00Z" },
              { tenant: "acme", version: 1, created_at: "2025-01-01T10:00:00Z" },
            ],
          }),
        ),
    });
    renderWithBackend(<KeysSection />, backend);

    expect(await screen.findByTestId("key-mode")).toHaveTextContent("Passphrase");
    expect(screen.getByTestId("key-mode-description")).toHaveTextContent("Argon2id");
    expect(screen.getByTestId("key-generation")).toHaveTextContent(/^generation 3, created /);
    expect(screen.getByTestId("key-rotated-at")).not.toHaveTextContent("never");
    expect(screen.getByTestId("passphrase-changed-at")).toHaveTextContent("never");
    expect(screen.getByTestId("data-key-main")).toHaveTextContent(/^main: version 2, created /);
    expect(screen.getByTestId("data-key-acme")).toHaveTextContent(/^acme: version 1, created /);
    expect(screen.getByTestId("opened-with-recovery")).toHaveTextContent("Set a new passphrase now");
    expect(screen.queryByTestId("no-recovery-key")).not.toBeInTheDocument();
  });

  it("offers no passphrase change in keyring mode, and moving behind a passphrase instead", async () => {
    const backend = fixtureBackend({ keyStatus: () => Promise.resolve(keyStatus({ mode: "keyring" })) });
    renderWithBackend(<KeysSection />, backend);

    expect(await screen.findByTestId("key-mode")).toHaveTextContent("OS keyring");
    expect(screen.queryByTestId("change-passphrase")).not.toBeInTheDocument();
    expect(screen.queryByTestId("passphrase-changed-at")).not.toBeInTheDocument();
    expect(screen.getByTestId("move-key")).toHaveTextContent("Move behind a passphrase");
  });
});

describe("Change passphrase", () => {
  it("refuses a short or mismatched passphrase without asking the host", async () => {
    const backend = fixtureBackend({ keyStatus: () => Promise.resolve(keyStatus()) });
    renderWithBackend(<KeysSection />, backend);

    await userEvent.click(await screen.findByTestId("change-passphrase"));
    await userEvent.type(screen.getByTestId("new-passphrase-input"), "too short");
    expect(screen.getByTestId("new-passphrase-strength")).toHaveAttribute("data-level", "too_short");
    await userEvent.type(screen.getByTestId("new-passphrase-confirm-input"), "too short");
    await userEvent.click(screen.getByTestId("passphrase-change-submit"));
    expect(await screen.findByText("Use at least 12 characters")).toBeInTheDocument();

    await userEvent.clear(screen.getByTestId("new-passphrase-input"));
    await userEvent.type(screen.getByTestId("new-passphrase-input"), NEW_PASSPHRASE);
    expect(screen.getByTestId("new-passphrase-input")).toHaveAccessibleDescription("Strong: hard to guess.");
    await userEvent.click(screen.getByTestId("passphrase-change-submit"));
    expect(await screen.findByText("The passphrases differ")).toBeInTheDocument();
    expect(backend.keyPassphraseChange).not.toHaveBeenCalled();
  });

  it("says it is deriving the key while the host works, then closes with the new dates", async () => {
    const answer = deferred<KeyStatusDto>();
    const backend = fixtureBackend({
      keyStatus: () => Promise.resolve(keyStatus()),
      keyPassphraseChange: () => answer.promise,
    });
    renderWithBackend(<KeysSection />, backend);

    await userEvent.click(await screen.findByTestId("change-passphrase"));
    await userEvent.type(screen.getByTestId("new-passphrase-input"), NEW_PASSPHRASE);
    await userEvent.type(screen.getByTestId("new-passphrase-confirm-input"), NEW_PASSPHRASE);
    await userEvent.click(screen.getByTestId("passphrase-change-submit"));

    const busy = await screen.findByRole("button", { name: "Deriving the new key…" });
    expect(busy).toBeDisabled();
    expect(busy).toHaveAttribute("aria-busy", "true");
    expect(screen.getByTestId("new-passphrase-input")).toBeDisabled();
    expect(backend.keyPassphraseChange).toHaveBeenCalledWith(NEW_PASSPHRASE);

    answer.resolve(keyStatus({ passphrase_changed_at: "2025-04-01T12:00:00Z" }));
    await waitFor(() => {
      expect(screen.queryByTestId("new-passphrase-input")).not.toBeInTheDocument();
    });
    expect(screen.getByTestId("passphrase-changed-at")).not.toHaveTextContent("never");
  });

  it("shows the host's refusal and keeps the dialog open", async () => {
    const backend = fixtureBackend({
      keyStatus: () => Promise.resolve(keyStatus()),
      keyPassphraseChange: () =>
        Promise.reject(new BackendError("invalid_input", "the new passphrase has 11 characters: use at least 12")),
    });
    renderWithBackend(<KeysSection />, backend);

    await userEvent.click(await screen.findByTestId("change-passphrase"));
    await userEvent.type(screen.getByTestId("new-passphrase-input"), NEW_PASSPHRASE);
    await userEvent.type(screen.getByTestId("new-passphrase-confirm-input"), NEW_PASSPHRASE);
    await userEvent.click(screen.getByTestId("passphrase-change-submit"));

    const error = await screen.findByTestId("passphrase-change-error");
    expect(error).toHaveTextContent("The passphrase was not changed");
    expect(error).toHaveTextContent("use at least 12");
    expect(error).toHaveAttribute("data-code", "invalid_input");
    expect(screen.getByTestId("passphrase-change-submit")).toBeEnabled();
  });
});

describe("Move the master key", () => {
  it("says clearly when the OS keyring is not reachable, and how to fix it", async () => {
    const backend = fixtureBackend({
      keyStatus: () => Promise.resolve(keyStatus()),
      keyMove: () =>
        Promise.reject(
          new BackendError("key_unavailable", "no OS keyring is reachable from here: the master key stays behind the passphrase"),
        ),
    });
    renderWithBackend(<KeysSection />, backend);

    await userEvent.click(await screen.findByTestId("move-key"));
    await userEvent.click(screen.getByTestId("key-move-submit"));

    const error = await screen.findByTestId("key-move-error");
    expect(error).toHaveTextContent("The OS keyring is not reachable");
    expect(error).toHaveTextContent("the master key stays behind the passphrase");
    expect(screen.getByTestId("keyring-help")).toHaveTextContent("Secret Service");
    expect(backend.keyMove).toHaveBeenCalledWith("keyring", null);
  });

  it("moves behind a new passphrase from keyring mode", async () => {
    const backend = fixtureBackend({
      keyStatus: () => Promise.resolve(keyStatus({ mode: "keyring" })),
      keyMove: () => Promise.resolve(keyStatus({ mode: "passphrase", passphrase_changed_at: "2025-04-01T12:00:00Z" })),
    });
    renderWithBackend(<KeysSection />, backend);

    await userEvent.click(await screen.findByTestId("move-key"));
    await userEvent.click(screen.getByTestId("key-move-submit"));
    expect(await screen.findByText("Enter a passphrase")).toBeInTheDocument();
    await userEvent.type(screen.getByTestId("move-passphrase-input"), NEW_PASSPHRASE);
    await userEvent.type(screen.getByTestId("move-passphrase-confirm-input"), NEW_PASSPHRASE);
    await userEvent.click(screen.getByTestId("key-move-submit"));

    await waitFor(() => {
      expect(screen.getByTestId("key-mode")).toHaveTextContent("Passphrase");
    });
    expect(backend.keyMove).toHaveBeenCalledWith("passphrase", NEW_PASSPHRASE);
  });
});

describe("Rotate master key", () => {
  it("asks for the passphrase, reports a wrong one at the field, then shows the replaced recovery key once", async () => {
    const backend = fixtureBackend({
      keyStatus: () => Promise.resolve(keyStatus({ recovery_key_created_at: "2025-01-05T08:00:00Z" })),
      keyRotate: (passphrase) =>
        passphrase === "the right passphrase"
          ? Promise.resolve({
              status: keyStatus({ generation: 2, rotated_at: "2025-04-01T12:00:00Z", recovery_key_created_at: "2025-04-01T12:00:00Z" }),
              recovery_key: NEW_RECOVERY_KEY,
            })
          : Promise.reject(new BackendError("wrong_passphrase", "the passphrase does not unlock the master key")),
    });
    renderWithBackend(<KeysSection />, backend);

    await userEvent.click(await screen.findByTestId("rotate-master-key"));
    expect(screen.getByTestId("rotate-replaces-recovery")).toHaveTextContent("the old one stops working");
    await userEvent.type(screen.getByTestId("rotate-passphrase-input"), "a wrong passphrase");
    await userEvent.click(screen.getByTestId("key-rotate-submit"));
    await waitFor(() => {
      expect(screen.getByTestId("rotate-passphrase-input")).toHaveAccessibleDescription(/does not unlock the master key/);
    });

    await userEvent.type(screen.getByTestId("rotate-passphrase-input"), "the right passphrase");
    await userEvent.click(screen.getByTestId("key-rotate-submit"));
    expect(await screen.findByTestId("recovery-key-value")).toHaveValue(NEW_RECOVERY_KEY);
    expect(screen.getByTestId("key-generation")).toHaveTextContent("generation 2");
    expect(backend.keyRotate).toHaveBeenLastCalledWith("the right passphrase");
  });
});

describe("Rotate data keys", () => {
  it("asks first, shows that it is re-sealing, then what it did", async () => {
    const answer = deferred<{ tenants: number; values: number; elapsed_ms: number }>();
    const backend = fixtureBackend({
      keyStatus: () => Promise.resolve(keyStatus()),
      keyRotateDataKeys: () => answer.promise,
    });
    renderWithBackend(<KeysSection />, backend);

    await userEvent.click(await screen.findByTestId("rotate-data-keys"));
    expect(backend.keyRotateDataKeys).not.toHaveBeenCalled();
    await userEvent.click(screen.getByTestId("rotate-data-keys-confirm"));
    const busy = await screen.findByRole("button", { name: "Re-sealing every value…" });
    expect(busy).toHaveAttribute("aria-busy", "true");
    expect(screen.getByRole("button", { name: "Cancel" })).toBeDisabled();

    answer.resolve({ tenants: 2, values: 1234, elapsed_ms: 87 });
    expect(await screen.findByTestId("rotate-data-keys-result")).toHaveTextContent("1234 values in 2 tenants re-sealed in 87 ms");
    await userEvent.click(screen.getByTestId("rotate-data-keys-close"));
    await waitFor(() => {
      expect(screen.queryByTestId("rotate-data-keys-result")).not.toBeInTheDocument();
    });
    expect(backend.keyStatus.mock.calls.length).toBeGreaterThan(1);
  });

  it("shows the host's error", async () => {
    const backend = fixtureBackend({
      keyStatus: () => Promise.resolve(keyStatus()),
      keyRotateDataKeys: () => Promise.reject(new BackendError("integrity", "a value of main/company/API_KEY does not decrypt")),
    });
    renderWithBackend(<KeysSection />, backend);

    await userEvent.click(await screen.findByTestId("rotate-data-keys"));
    await userEvent.click(screen.getByTestId("rotate-data-keys-confirm"));
    const error = await screen.findByTestId("rotate-data-keys-error");
    expect(error).toHaveTextContent("The data keys were not rotated");
    expect(error).toHaveTextContent("does not decrypt");
  });
});
