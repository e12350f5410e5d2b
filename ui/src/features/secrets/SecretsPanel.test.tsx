import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";

import { BackendError } from "../../backend";
import { MemoryBackend } from "../../test/memoryBackend";
import { renderWithBackend } from "../../test/render";
import { NewSecretModal } from "./NewSecretModal";
import { SecretsPanel } from "./SecretsPanel";
import { EXPOSURE_MS } from "./useRevealedValue";

const CANARY = "canary-value-7f3a";

function backendWithSecret(readOnly = false) {
  return new MemoryBackend({
    secrets: [{ namespace: "company.team", key: "API_KEY", value: CANARY, readOnly }],
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
    expect(backend.calls.some((call) => call.startsWith("secretGet"))).toBe(false);
  });

  it("reveals on click through the host and masks again on a second click", async () => {
    const backend = backendWithSecret();
    renderWithBackend(<SecretsPanel tenant="main" namespace="company.team" />, backend);

    await userEvent.click(await screen.findByTestId("reveal-API_KEY"));
    await waitFor(() => {
      expect(screen.getByTestId("secret-value-API_KEY")).toHaveTextContent(CANARY);
    });
    expect(backend.calls).toContain("secretGet:company.team/API_KEY:true");

    await userEvent.click(screen.getByTestId("reveal-API_KEY"));
    expect(screen.getByTestId("secret-value-API_KEY")).toHaveTextContent("••••••••");
    expect(document.body).not.toHaveTextContent(CANARY);
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
    expect(backend.calls).toContain("secretCopy:company.team/API_KEY");
    expect(backend.clipboard).toBe(CANARY);
    expect(backend.calls.some((call) => call.startsWith("secretGet"))).toBe(false);
    expect(writeText).not.toHaveBeenCalled();
    expect(document.body).not.toHaveTextContent(CANARY);
    expect(screen.getByTestId("secret-value-API_KEY")).toHaveTextContent("••••••••");
  });

  it("reports a host that has no clipboard", async () => {
    const backend = backendWithSecret();
    backend.secretCopy = () =>
      Promise.reject(new BackendError("internal", "could not copy to the clipboard: no system clipboard is available"));
    renderWithBackend(<SecretsPanel tenant="main" namespace="company.team" />, backend);

    await userEvent.click(await screen.findByTestId("copy-API_KEY"));

    expect(await screen.findByText("Could not copy API_KEY")).toBeInTheDocument();
    expect(screen.getByText(/no system clipboard is available/)).toBeInTheDocument();
    expect(screen.queryByText(/Clipboard not cleared/)).not.toBeInTheDocument();
  });

  it("shows the read_only message when deleting a read-only secret", async () => {
    const backend = backendWithSecret(true);
    renderWithBackend(<SecretsPanel tenant="main" namespace="company.team" />, backend);

    const row = await screen.findByTestId("secret-row-API_KEY");
    expect(within(row).getByText("read-only")).toBeInTheDocument();
    await userEvent.click(within(row).getByRole("button", { name: "Actions for API_KEY" }));
    await userEvent.click(await screen.findByTestId("delete-API_KEY"));
    await userEvent.click(await screen.findByTestId("delete-confirm"));

    expect(await screen.findByTestId("delete-error")).toHaveTextContent("API_KEY in company.team is read-only");
    expect(backend.secrets.has("company.team/API_KEY")).toBe(true);
  });
});

describe("NewSecretModal", () => {
  it("refuses a key that is not an identifier without calling the host", async () => {
    const backend = new MemoryBackend({ namespaces: ["company.team"] });
    renderWithBackend(<NewSecretModal tenant="main" namespace="company.team" onClose={vi.fn()} onEdit={vi.fn()} />, backend);

    await userEvent.type(await screen.findByTestId("secret-key-input"), "1-bad key");
    await userEvent.type(screen.getByTestId("secret-value-input"), "value");
    await userEvent.click(screen.getByTestId("secret-submit"));

    expect(await screen.findByText(/Use letters, digits and _ only/)).toBeInTheDocument();
    expect(backend.secrets.size).toBe(0);
  });

  it("saves a valid secret through the host", async () => {
    const backend = new MemoryBackend({ namespaces: ["company.team"] });
    const onClose = vi.fn();
    renderWithBackend(<NewSecretModal tenant="main" namespace="company.team" onClose={onClose} onEdit={vi.fn()} />, backend);

    await userEvent.type(await screen.findByTestId("secret-key-input"), "DB_PASSWORD");
    await userEvent.type(screen.getByTestId("secret-value-input"), "s3cret");
    await userEvent.click(screen.getByTestId("secret-read-only-checkbox"));
    await userEvent.click(screen.getByTestId("secret-submit"));

    await waitFor(() => {
      expect(onClose).toHaveBeenCalled();
    });
    const stored = backend.secrets.get("company.team/DB_PASSWORD");
    expect(stored?.value).toBe("s3cret");
    expect(stored?.meta.read_only).toBe(true);
  });
});
