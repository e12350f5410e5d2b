import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";

import type { NamespaceNode } from "../../bindings/NamespaceNode";
import { credentialItem, fixtureBackend, namespaceNode } from "../../test/fixtureBackend";
import { renderWithBackend } from "../../test/render";
import { NamespaceTree } from "../namespaces/NamespaceTree";
import { CopyCredentialModal } from "./CopyCredentialModal";

const SOURCE = credentialItem({ name: "okta-ci", namespace: "company.team" });
const TREE = [namespaceNode("company", [namespaceNode("company.team"), namespaceNode("company.data")], false)];

function renderCopy(tree: () => NamespaceNode[]) {
  const backend = fixtureBackend({
    namespaceTree: () => Promise.resolve(tree()),
    credentialCopy: (req) =>
      Promise.resolve(credentialItem({ name: req.target_name ?? "okta-ci", namespace: req.target_namespace })),
  });
  const onClose = vi.fn();
  renderWithBackend(
    <>
      <NamespaceTree tenant="main" selected={null} onSelect={vi.fn()} />
      <CopyCredentialModal tenant="main" namespace="company.team" source={SOURCE} onClose={onClose} />
    </>,
    backend,
  );
  return { backend, onClose };
}

describe("CopyCredentialModal", () => {
  it("copies into a namespace chosen among those that exist", async () => {
    const { backend, onClose } = renderCopy(() => TREE);

    const target = await screen.findByTestId("copy-target-namespace");
    await userEvent.click(target);
    const options = await screen.findAllByRole("option", { hidden: true });
    expect(options.map((option) => option.textContent)).toEqual(["company (implicit)", "company.team", "company.data"]);
    await userEvent.click(screen.getByRole("option", { name: "company.data", hidden: true }));
    await userEvent.click(screen.getByTestId("copy-submit"));

    await waitFor(() => {
      expect(onClose).toHaveBeenCalled();
    });
    expect(backend.credentialCopy).toHaveBeenCalledWith({
      tenant: "main",
      namespace: "company.team",
      name: "okta-ci",
      target_namespace: "company.data",
      target_name: "okta-ci-copy",
    });
  });

  it("cannot copy into a namespace that does not exist unless creating one is chosen", async () => {
    const { backend } = renderCopy(() => TREE);

    const target = await screen.findByTestId("copy-target-namespace");
    await userEvent.clear(target);
    await userEvent.type(target, "company.daat");
    expect(await screen.findByText(/No namespace company\.daat/)).toBeInTheDocument();
    await userEvent.click(screen.getByTestId("copy-submit"));

    expect(await screen.findByText("Choose a namespace, or choose to create a new one")).toBeInTheDocument();
    expect(backend.credentialCopy).not.toHaveBeenCalled();
  });

  it("creates a new namespace only when asked, and the tree shows it after the copy", async () => {
    let tree = TREE;
    const { backend } = renderCopy(() => tree);
    expect(await screen.findByTestId("namespace-node-company.data")).toBeInTheDocument();

    await userEvent.click(screen.getByRole("radio", { name: /A new namespace/ }));
    const created = screen.getByTestId("copy-new-namespace");
    await userEvent.type(created, "company.data");
    await userEvent.click(screen.getByTestId("copy-submit"));
    expect(await screen.findByText(/company\.data already exists/)).toBeInTheDocument();
    expect(backend.credentialCopy).not.toHaveBeenCalled();

    await userEvent.clear(created);
    await userEvent.type(created, "sandbox");
    expect(screen.getByTestId("copy-new-namespace-hint")).toHaveTextContent("This copy creates sandbox");
    tree = [...TREE, namespaceNode("sandbox")];
    await userEvent.click(screen.getByTestId("copy-submit"));

    expect(await screen.findByTestId("namespace-node-sandbox")).toBeInTheDocument();
    expect(backend.credentialCopy).toHaveBeenCalledWith(expect.objectContaining({ target_namespace: "sandbox" }));
  });

  it("copies to tenant level as an explicit choice", async () => {
    const { backend } = renderCopy(() => TREE);

    await userEvent.click(await screen.findByRole("radio", { name: /Tenant level/ }));
    await userEvent.click(screen.getByTestId("copy-submit"));

    await waitFor(() => {
      expect(backend.credentialCopy).toHaveBeenCalledWith(expect.objectContaining({ target_namespace: null }));
    });
  });
});
