import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";

import { BackendError, type Backend } from "../../backend";
import type { CustomTypeDefinition } from "../../bindings/CustomTypeDefinition";
import { DEPLOY_TARGET } from "../../test/credentialFixtures";
import { fixtureBackend } from "../../test/fixtureBackend";
import { renderWithBackend } from "../../test/render";
import { TypeEditorModal, type EditorMode } from "./TypeEditorModal";

const STRANDED =
  "credential type deploy_target was not changed: credentials saved with it would no longer match it:\n" +
  "  - ops.eu/deploy: has a value for host, an input this change removes or renames\n" +
  "Change or delete those credentials first.";

function renderEditor(mode: EditorMode, overrides: Partial<Backend> = {}) {
  const backend = fixtureBackend({
    credentialTypeCreate: (_tenant, def: CustomTypeDefinition) =>
      Promise.resolve({ ...def, kind: "static" as const, managed: false }),
    ...overrides,
  });
  const onClose = vi.fn();
  renderWithBackend(<TypeEditorModal tenant="main" mode={mode} builtinIds={["aws"]} onClose={onClose} />, backend);
  return { backend, onClose };
}

const preview = () => within(screen.getByTestId("type-preview"));

/** Enters `text` as one paste: each keystroke re-renders the whole editor, which jsdom makes slow. */
async function fill(input: HTMLElement, text: string) {
  await userEvent.click(input);
  await userEvent.paste(text);
}

/** The preview's controls, in order, by the input id they stand for. */
function previewOrder(): string[] {
  return Array.from(screen.getByTestId("type-preview").querySelectorAll("[data-testid^='field-']")).map(
    (node) => node.getAttribute("data-testid")?.replace("field-", "") ?? "",
  );
}

describe("TypeEditorModal", () => {
  it("builds a type whose preview is the generated credential form, then creates it", async () => {
    const { backend, onClose } = renderEditor({ kind: "new" });

    await fill(await screen.findByTestId("type-id-input"), "vault_approle");
    await fill(screen.getByTestId("type-label-input"), "Vault AppRole");
    await fill(screen.getByTestId("type-input-0-id"), "role_id");
    await fill(screen.getByTestId("type-input-0-label"), "Role ID");
    await userEvent.click(screen.getByTestId("type-input-0-required"));
    await fill(screen.getByTestId("type-input-0-help"), "From Vault.");
    expect(preview().getByTestId("field-role_id")).toBeRequired();
    expect(preview().getByText("From Vault.")).toBeInTheDocument();

    await userEvent.click(screen.getByTestId("type-add-input"));
    await fill(screen.getByTestId("type-input-1-id"), "secret_id");
    await fill(screen.getByTestId("type-input-1-label"), "Secret ID");
    await userEvent.click(screen.getByTestId("type-input-1-secret"));
    // A sensitive input previews as the secret picker; the preview lists no namespace's secrets.
    expect(preview().getByTestId("secret-picker-secret_id")).toBeInTheDocument();
    expect(backend.secretList).not.toHaveBeenCalled();

    // The preview checks as the real form does.
    await userEvent.click(preview().getByTestId("type-preview-check"));
    expect(await preview().findByText("Role ID is required")).toBeInTheDocument();

    await userEvent.click(screen.getByTestId("type-save"));
    await waitFor(() => {
      expect(onClose).toHaveBeenCalled();
    });
    const [tenant, def] = backend.credentialTypeCreate.mock.calls[0] ?? [];
    expect(tenant).toBe("main");
    expect(def?.id).toBe("vault_approle");
    expect(def?.inputs.map((input) => [input.id, input.required, input.secret, input.help])).toEqual([
      ["role_id", true, false, "From Vault."],
      ["secret_id", false, true, ""],
    ]);
  }, 20_000);

  it("checks ids as the core does before asking it", async () => {
    const { backend } = renderEditor({ kind: "new" });

    await fill(await screen.findByTestId("type-id-input"), "aws");
    await fill(screen.getByTestId("type-label-input"), "Mine");
    await fill(screen.getByTestId("type-input-0-id"), "Bad-Id");
    await userEvent.click(screen.getByTestId("type-save"));

    expect(await screen.findByText("aws is a built-in type: choose another id")).toBeInTheDocument();
    expect(screen.getByText("Use a-z, 0-9 and '_', starting with a letter")).toBeInTheDocument();
    expect(backend.credentialTypeCreate).not.toHaveBeenCalled();
  });

  it("reorders and removes inputs, and the preview follows", async () => {
    renderEditor({ kind: "edit", type: DEPLOY_TARGET });

    expect(await screen.findByTestId("type-id-input")).toBeDisabled();
    expect(previewOrder().slice(0, 3)).toEqual(["host", "notes", "insecure"]);
    await userEvent.click(screen.getByTestId("type-input-0-down"));
    expect(previewOrder().slice(0, 3)).toEqual(["notes", "host", "insecure"]);
    await userEvent.click(screen.getByTestId("type-input-0-remove"));
    expect(previewOrder().slice(0, 2)).toEqual(["host", "insecure"]);
    expect(screen.getByTestId("type-input-0-up")).toBeDisabled();
  }, 20_000);

  it("shows the core's refusal inline and stays open", async () => {
    const { backend, onClose } = renderEditor(
      { kind: "edit", type: DEPLOY_TARGET },
      { credentialTypeUpdate: () => Promise.reject(new BackendError("conflict", STRANDED)) },
    );

    await userEvent.click(await screen.findByTestId("type-input-0-remove"));
    await userEvent.click(screen.getByTestId("type-save"));

    const error = await screen.findByTestId("type-save-error");
    expect(error).toHaveAttribute("data-code", "conflict");
    expect(error).toHaveTextContent("ops.eu/deploy: has a value for host");
    const [, id, def] = backend.credentialTypeUpdate.mock.calls[0] ?? [];
    expect(id).toBe("deploy_target");
    expect(def?.inputs.map((input) => input.id)).not.toContain("host");
    expect(onClose).not.toHaveBeenCalled();
  }, 20_000);
});
