import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";

import { BackendError } from "../../backend";
import { fixtureBackend, namespaceNode } from "../../test/fixtureBackend";
import { renderWithBackend } from "../../test/render";
import { NamespaceTree } from "./NamespaceTree";
import { NewNamespaceModal } from "./NewNamespaceModal";

describe("NamespaceTree", () => {
  it("renders the implicit parents the core sends for a nested namespace, marked as implicit", async () => {
    // The core's tree after creating only company.team.etl: its parents exist implicitly.
    const backend = fixtureBackend({
      namespaceTree: () =>
        Promise.resolve([
          namespaceNode("company", [namespaceNode("company.team", [namespaceNode("company.team.etl")], false)], false),
        ]),
    });
    renderWithBackend(<NamespaceTree tenant="main" selected={null} onSelect={vi.fn()} />, backend);

    const leaf = await screen.findByTestId("namespace-node-company.team.etl");
    const parent = screen.getByTestId("namespace-node-company");
    const middle = screen.getByTestId("namespace-node-company.team");
    expect(leaf).toHaveAttribute("data-explicit", "true");
    expect(parent).toHaveAttribute("data-explicit", "false");
    expect(middle).toHaveAttribute("data-explicit", "false");
    expect(parent).toHaveAttribute("aria-level", "1");
    expect(middle).toHaveAttribute("aria-level", "2");
    expect(leaf).toHaveAttribute("aria-level", "3");
    expect(backend.namespaceTree).toHaveBeenCalledWith("main");
  });

  it("selects a namespace on click", async () => {
    const onSelect = vi.fn();
    const backend = fixtureBackend({
      namespaceTree: () => Promise.resolve([namespaceNode("company", [namespaceNode("company.team")], false)]),
    });
    renderWithBackend(<NamespaceTree tenant="main" selected={null} onSelect={onSelect} />, backend);

    await userEvent.click(await screen.findByTestId("namespace-node-company.team"));
    expect(onSelect).toHaveBeenCalledWith("company.team");
  });
});

describe("NewNamespaceModal", () => {
  it("refuses an id with uppercase letters or empty segments before calling the host", async () => {
    const backend = fixtureBackend();
    const onCreated = vi.fn();
    renderWithBackend(
      <NewNamespaceModal tenant="main" opened onClose={vi.fn()} onCreated={onCreated} />,
      backend,
    );

    await userEvent.type(await screen.findByTestId("namespace-input"), "Company..team");
    await userEvent.click(screen.getByTestId("namespace-submit"));

    expect(await screen.findByText(/dot-separated segments of lowercase/)).toBeInTheDocument();
    expect(onCreated).not.toHaveBeenCalled();
    expect(backend.namespaceCreate).not.toHaveBeenCalled();
  });

  it("sends the trimmed id to the host and reports the namespace created", async () => {
    const backend = fixtureBackend({ namespaceCreate: () => Promise.resolve() });
    const onCreated = vi.fn();
    renderWithBackend(
      <NewNamespaceModal tenant="main" opened onClose={vi.fn()} onCreated={onCreated} />,
      backend,
    );

    await userEvent.type(await screen.findByTestId("namespace-input"), "  company.team ");
    await userEvent.click(screen.getByTestId("namespace-submit"));

    await waitFor(() => {
      expect(onCreated).toHaveBeenCalledWith("company.team");
    });
    expect(backend.namespaceCreate.mock.calls).toEqual([["main", "company.team"]]);
  });

  it("shows the core's refusal under the field", async () => {
    const backend = fixtureBackend({
      namespaceCreate: () => Promise.reject(new BackendError("conflict", "namespace company.team already exists")),
    });
    const onCreated = vi.fn();
    renderWithBackend(
      <NewNamespaceModal tenant="main" opened onClose={vi.fn()} onCreated={onCreated} />,
      backend,
    );

    await userEvent.type(await screen.findByTestId("namespace-input"), "company.team");
    await userEvent.click(screen.getByTestId("namespace-submit"));

    expect(await screen.findByText("namespace company.team already exists")).toBeInTheDocument();
    expect(screen.getByTestId("namespace-input")).toHaveAccessibleDescription(/already exists/);
    expect(onCreated).not.toHaveBeenCalled();
  });
});
