import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import { BackendError } from "../../backend";
import type { NamespaceDeleted } from "../../bindings/NamespaceDeleted";
import type { NamespaceNode } from "../../bindings/NamespaceNode";
import { MainLayout } from "../../layout/MainLayout";
import { fixtureBackend, namespaceNode } from "../../test/fixtureBackend";
import { renderWithBackend } from "../../test/render";

function deleted(namespace: string, fields: Partial<NamespaceDeleted> = {}): NamespaceDeleted {
  return { namespace, namespaces: 1, secrets: 0, credentials: 0, kv_pairs: 0, role_bindings: 0, ...fields };
}

type Delete = (tenant: string, namespace: string, recursive: boolean) => Promise<NamespaceDeleted>;

function renderApp(tree: NamespaceNode[], namespaceDelete: Delete = (_tenant, namespace) => Promise.resolve(deleted(namespace))) {
  const backend = fixtureBackend({ namespaceTree: () => Promise.resolve(tree), namespaceDelete });
  renderWithBackend(<MainLayout initialTenant="main" />, backend);
  return backend;
}

async function chooseDelete(id: string) {
  await userEvent.click(await screen.findByTestId(`namespace-actions-${id}`));
  await userEvent.click(await screen.findByTestId(`namespace-delete-${id}`));
  return screen.findByRole("dialog", { name: "Delete namespace" });
}

describe("Deleting a namespace", () => {
  it("asks a plain confirmation for an empty one, then closes it if it was open", async () => {
    const backend = renderApp([namespaceNode("scratch"), namespaceNode("prod")]);
    await userEvent.click(await screen.findByTestId("namespace-node-scratch"));
    expect(await screen.findByTestId("tab-secrets")).toBeInTheDocument();

    const dialog = await chooseDelete("scratch");
    expect(within(dialog).getByTestId("namespace-delete-question")).toHaveTextContent("Delete the empty namespace scratch?");
    expect(within(dialog).queryByTestId("namespace-delete-typed")).toBeNull();
    await userEvent.click(within(dialog).getByTestId("namespace-delete-confirm"));

    expect(backend.namespaceDelete).toHaveBeenCalledWith("main", "scratch", false);
    await waitFor(() => {
      expect(screen.queryByTestId("tab-secrets")).toBeNull();
    });
    expect(await screen.findByText(/Deleted scratch: 0 secrets/)).toBeInTheDocument();
  });

  it("needs the name typed for one with children, and then deletes recursively", async () => {
    const backend = renderApp([namespaceNode("prod", [namespaceNode("prod.eng")]), namespaceNode("prod2")]);
    const dialog = await chooseDelete("prod");
    expect(within(dialog).getByTestId("namespace-delete-holdings")).toHaveTextContent("prod holds child namespace prod.eng.");
    const confirm = within(dialog).getByTestId("namespace-delete-confirm");
    expect(confirm).toHaveTextContent("Delete everything");
    expect(confirm).toBeDisabled();

    await userEvent.type(within(dialog).getByTestId("namespace-delete-typed"), "prod2");
    expect(confirm).toBeDisabled();
    await userEvent.clear(within(dialog).getByTestId("namespace-delete-typed"));
    await userEvent.type(within(dialog).getByTestId("namespace-delete-typed"), "prod");
    expect(confirm).toBeEnabled();
    await userEvent.click(confirm);
    expect(backend.namespaceDelete).toHaveBeenCalledWith("main", "prod", true);
    expect(backend.namespaceDelete).toHaveBeenCalledTimes(1);
  });

  it("shows what the core says it holds when it refuses a plain delete, and asks for the name", async () => {
    const message = "namespace prod is not empty: it holds 1 credential, 2 KV pairs. Delete those first, or delete it recursively";
    const backend = renderApp([namespaceNode("prod")], (_tenant, namespace, recursive) =>
      recursive ? Promise.resolve(deleted(namespace, { credentials: 1, kv_pairs: 2 })) : Promise.reject(new BackendError("conflict", message)),
    );
    const dialog = await chooseDelete("prod");
    await userEvent.click(within(dialog).getByTestId("namespace-delete-confirm"));

    expect(await within(dialog).findByTestId("namespace-delete-holdings")).toHaveTextContent(message);
    expect(within(dialog).queryByTestId("namespace-delete-error")).toBeNull();
    await userEvent.type(within(dialog).getByTestId("namespace-delete-typed"), "prod");
    await userEvent.click(within(dialog).getByTestId("namespace-delete-confirm"));
    expect(backend.namespaceDelete).toHaveBeenLastCalledWith("main", "prod", true);
    expect(await screen.findByText(/Deleted prod: 0 secrets, 1 credential, 2 KV pairs/)).toBeInTheDocument();
  });

  it("opens from the keyboard with Delete on a tree item the caller administers, not on one it only reads", async () => {
    const readOnly: NamespaceNode = { ...namespaceNode("shared"), access: "read" };
    const backend = renderApp([namespaceNode("prod"), readOnly]);
    await screen.findByTestId("namespace-node-shared");
    screen.getByTestId("namespace-node-prod").focus();
    await userEvent.keyboard("{ArrowDown}{Delete}");
    expect(screen.getByTestId("namespace-node-shared")).toHaveFocus();
    expect(screen.queryByRole("dialog", { name: "Delete namespace" })).toBeNull();

    await userEvent.keyboard("{ArrowUp}{Delete}");
    const dialog = await screen.findByRole("dialog", { name: "Delete namespace" });
    expect(within(dialog).getByTestId("namespace-delete-question")).toHaveTextContent("prod");
    expect(backend.namespaceDelete).not.toHaveBeenCalled();
  });

  it("shows Delete disabled, with the role it needs, where the caller is not admin", async () => {
    renderApp([{ ...namespaceNode("shared"), access: "use" }]);
    await userEvent.click(await screen.findByTestId("namespace-actions-shared"));
    const entry = await screen.findByTestId("namespace-delete-shared");
    expect(entry).toBeDisabled();
    expect(entry).toHaveTextContent(/admin/);
  });
});
