import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";

import { MemoryBackend } from "../../test/memoryBackend";
import { renderWithBackend } from "../../test/render";
import { NamespaceTree } from "./NamespaceTree";
import { NewNamespaceModal } from "./NewNamespaceModal";

describe("NamespaceTree", () => {
  it("renders implicit parents of a nested namespace, marked as implicit", async () => {
    const backend = new MemoryBackend({ namespaces: ["company.team.etl"] });
    renderWithBackend(<NamespaceTree tenant="main" selected={null} onSelect={vi.fn()} />, backend);

    const leaf = await screen.findByTestId("namespace-node-company.team.etl");
    const parent = screen.getByTestId("namespace-node-company");
    const middle = screen.getByTestId("namespace-node-company.team");
    expect(leaf).toHaveAttribute("data-explicit", "true");
    expect(parent).toHaveAttribute("data-explicit", "false");
    expect(middle).toHaveAttribute("data-explicit", "false");
    expect(middle).toHaveAttribute("aria-level", "2");
    expect(leaf).toHaveAttribute("aria-level", "3");
  });

  it("selects a namespace on click", async () => {
    const onSelect = vi.fn();
    const backend = new MemoryBackend({ namespaces: ["company.team"] });
    renderWithBackend(<NamespaceTree tenant="main" selected={null} onSelect={onSelect} />, backend);

    await userEvent.click(await screen.findByTestId("namespace-node-company.team"));
    expect(onSelect).toHaveBeenCalledWith("company.team");
  });
});

describe("NewNamespaceModal", () => {
  it("refuses an id with uppercase letters or empty segments before calling the host", async () => {
    const backend = new MemoryBackend();
    const onCreated = vi.fn();
    renderWithBackend(
      <NewNamespaceModal tenant="main" opened onClose={vi.fn()} onCreated={onCreated} />,
      backend,
    );

    await userEvent.type(await screen.findByTestId("namespace-input"), "Company..team");
    await userEvent.click(screen.getByTestId("namespace-submit"));

    expect(await screen.findByText(/dot-separated segments of lowercase/)).toBeInTheDocument();
    expect(onCreated).not.toHaveBeenCalled();
    expect(backend.namespaces.size).toBe(0);
  });
});
