import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";

import { BackendError } from "../../backend";
import type { SecretSetRequest } from "../../bindings/SecretSetRequest";
import { fixtureBackend, secretItem, secretMeta } from "../../test/fixtureBackend";
import { renderWithBackend } from "../../test/render";
import { NewSecretModal } from "./NewSecretModal";
import { SecretsPanel } from "./SecretsPanel";
import { EXPOSURE_MS } from "./useRevealedValue";

const CANARY = "canary-value-7f3a";

/**
 * The core's answers for company.team holding API_KEY: the listing masks the value; only a revealing
 * `secretGet` carries it, so the canary can reach the page through that call alone.
 */
function backendWithSecret(readOnly = false) {
  const item = secretItem({ namespace: "company.team", key: "API_KEY", read_only: readOnly });
  return fixtureBackend({
    secretList: () => Promise.resolve([item]),
    secretGet: (_tenant, _namespace, _key, reveal) =>
      Promise.resolve({ ...secretMeta(item), value: reveal ? CANARY : "••••••••", revealed: reveal }),
    secretCopy: () => Promise.resolve({ clear_after_secs: 30 }),
  });
}

afterEach(() => {
  vi.useRealTimers();
});

describe("SecretsPanel", () => {
  it("shows values masked and never the value before reveal", async () => {
    const backend = backendWithSecret();
    renderWithBackend(<SecretsPanel tenant="main" namespace="company.team" />, backend);

    const cell = await screen.findByTestId("secret-value-API_KEY");
    expect(cell).toHaveTextContent("••••••••");
    expect(document.body).not.toHaveTextContent(CANARY);
    expect(backend.secretGet).not.toHaveBeenCalled();
    expect(backend.secretList).toHaveBeenCalledWith("main", "company.team", expect.any(Boolean));
  });

  it("reveals on click through the host and masks again on a second click", async () => {
    const backend = backendWithSecret();
    renderWithBackend(<SecretsPanel tenant="main" namespace="company.team" />, backend);

    await userEvent.click(await screen.findByTestId("reveal-API_KEY"));
    await waitFor(() => {
      expect(screen.getByTestId("secret-value-API_KEY")).toHaveTextContent(CANARY);
    });
    expect(backend.secretGet.mock.calls).toEqual([["main", "company.team", "API_KEY", true]]);

    await userEvent.click(screen.getByTestId("reveal-API_KEY"));
    expect(screen.getByTestId("secret-value-API_KEY")).toHaveTextContent("••••••••");
    expect(document.body).not.toHaveTextContent(CANARY);
  });

  it("reveals an inherited secret from the namespace it comes from", async () => {
    // As the core lists it in company.team: namespace and origin name where it is defined.
    const inherited = secretItem({ namespace: "company", key: "API_KEY", inherited: true });
    const backend = fixtureBackend({
      secretList: () => Promise.resolve([inherited]),
      secretGet: () => Promise.resolve({ ...secretMeta(inherited), value: CANARY, revealed: true }),
    });
    renderWithBackend(<SecretsPanel tenant="main" namespace="company.team" />, backend);

    await userEvent.click(await screen.findByTestId("reveal-API_KEY"));
    await waitFor(() => {
      expect(screen.getByTestId("secret-value-API_KEY")).toHaveTextContent(CANARY);
    });
    expect(backend.secretGet.mock.calls).toEqual([["main", "company", "API_KEY", true]]);
  });

  it("re-masks a revealed value after the exposure timeout", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const backend = backendWithSecret();
    renderWithBackend(<SecretsPanel tenant="main" namespace="company.team" />, backend);
    const user = userEvent.setup({ advanceTimers: (ms) => vi.advanceTimersByTime(ms) });

    await user.click(await screen.findByTestId("reveal-API_KEY"));
    await waitFor(() => {
      expect(screen.getByTestId("secret-value-API_KEY")).toHaveTextContent(CANARY);
    });
    act(() => {
      vi.advanceTimersByTime(EXPOSURE_MS + 1);
    });
    expect(screen.getByTestId("secret-value-API_KEY")).toHaveTextContent("••••••••");
    expect(document.body).not.toHaveTextContent(CANARY);
  });

  it("copies through the host without the value reaching the page", async () => {
    const backend = backendWithSecret();
    const writeText = vi.fn(() => Promise.resolve());
    Object.defineProperty(navigator, "clipboard", { value: { writeText, write: writeText }, configurable: true });
    renderWithBackend(<SecretsPanel tenant="main" namespace="company.team" />, backend);

    await userEvent.click(await screen.findByTestId("copy-API_KEY"));

    expect(await screen.findByText("API_KEY copied; the clipboard clears in 30 s")).toBeInTheDocument();
    // The host copies the value itself: the page only names the secret and never fetches its value.
    expect(backend.secretCopy.mock.calls).toEqual([["main", "company.team", "API_KEY"]]);
    expect(backend.secretGet).not.toHaveBeenCalled();
    expect(writeText).not.toHaveBeenCalled();
    expect(document.body).not.toHaveTextContent(CANARY);
    expect(screen.getByTestId("secret-value-API_KEY")).toHaveTextContent("••••••••");
  });

  it("reports a host that has no clipboard", async () => {
    const backend = backendWithSecret();
    backend.secretCopy.mockImplementation(() =>
      Promise.reject(new BackendError("internal", "could not copy to the clipboard: no system clipboard is available")),
    );
    renderWithBackend(<SecretsPanel tenant="main" namespace="company.team" />, backend);

    await userEvent.click(await screen.findByTestId("copy-API_KEY"));

    expect(await screen.findByText("Could not copy API_KEY")).toBeInTheDocument();
    expect(screen.getByText(/no system clipboard is available/)).toBeInTheDocument();
    expect(screen.queryByText(/Clipboard not cleared/)).not.toBeInTheDocument();
  });

  it("shows the read_only message when deleting a read-only secret", async () => {
    const backend = backendWithSecret(true);
    backend.secretDelete.mockImplementation(() =>
      Promise.reject(new BackendError("read_only", "API_KEY in company.team is read-only")),
    );
    renderWithBackend(<SecretsPanel tenant="main" namespace="company.team" />, backend);

    const row = await screen.findByTestId("secret-row-API_KEY");
    expect(within(row).getByText("read-only")).toBeInTheDocument();
    await userEvent.click(within(row).getByRole("button", { name: "Actions for API_KEY" }));
    await userEvent.click(await screen.findByTestId("delete-API_KEY"));
    await userEvent.click(await screen.findByTestId("delete-confirm"));

    expect(await screen.findByTestId("delete-error")).toHaveTextContent("API_KEY in company.team is read-only");
    expect(backend.secretDelete.mock.calls).toEqual([["main", "company.team", "API_KEY"]]);
    expect(screen.getByTestId("secret-row-API_KEY")).toBeInTheDocument();
  });
});

describe("NewSecretModal", () => {
  it("refuses a key that is not an identifier without calling the host", async () => {
    const backend = fixtureBackend();
    renderWithBackend(<NewSecretModal tenant="main" namespace="company.team" onClose={vi.fn()} onEdit={vi.fn()} />, backend);

    await userEvent.type(await screen.findByTestId("secret-key-input"), "1-bad key");
    await userEvent.type(screen.getByTestId("secret-value-input"), "value");
    await userEvent.click(screen.getByTestId("secret-submit"));

    expect(await screen.findByText(/Use letters, digits and _ only/)).toBeInTheDocument();
    expect(backend.secretSet).not.toHaveBeenCalled();
  });

  it("saves a valid secret through the host", async () => {
    const backend = fixtureBackend({
      secretSet: (req: SecretSetRequest) =>
        Promise.resolve(secretMeta(secretItem({ namespace: req.namespace, key: req.key, read_only: req.read_only ?? false }))),
    });
    const onClose = vi.fn();
    renderWithBackend(<NewSecretModal tenant="main" namespace="company.team" onClose={onClose} onEdit={vi.fn()} />, backend);

    await userEvent.type(await screen.findByTestId("secret-key-input"), "DB_PASSWORD");
    await userEvent.type(screen.getByTestId("secret-value-input"), "s3cret");
    await userEvent.click(screen.getByTestId("secret-read-only-checkbox"));
    await userEvent.click(screen.getByTestId("secret-submit"));

    await waitFor(() => {
      expect(onClose).toHaveBeenCalled();
    });
    expect(backend.secretSet.mock.calls).toEqual([
      [{ tenant: "main", namespace: "company.team", key: "DB_PASSWORD", value: "s3cret", description: "", read_only: true }],
    ]);
    expect(await screen.findByText("DB_PASSWORD saved in company.team (v1)")).toBeInTheDocument();
  });
});
