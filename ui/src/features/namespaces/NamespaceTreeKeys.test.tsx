import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";

import type { NamespaceNode } from "../../bindings/NamespaceNode";
import { fixtureBackend } from "../../test/fixtureBackend";
import { renderWithBackend } from "../../test/render";
import { NamespaceTree } from "./NamespaceTree";

function node(id: string, children: NamespaceNode[] = [], fields: Partial<NamespaceNode> = {}): NamespaceNode {
  return { id, segment: id.split(".").at(-1) ?? id, explicit: true, secret_count: 0, access: "admin", children, ...fields };
}

// company ▾ (company.ops, company.team ▾ (company.team.etl)), prod
const TREE = [
  node("company", [node("company.ops"), node("company.team", [node("company.team.etl")])], { explicit: false }),
  node("prod"),
];

async function renderTree(selected: string | null = null, tree = TREE) {
  const onSelect = vi.fn();
  renderWithBackend(<NamespaceTree tenant="main" selected={selected} onSelect={onSelect} />, fixtureBackend({ namespaceTree: () => Promise.resolve(tree) }));
  await screen.findByTestId("namespace-node-prod");
  return onSelect;
}

const item = (id: string) => screen.getByTestId(`namespace-node-${id}`);

describe("NamespaceTree keyboard", () => {
  it("is one Tab stop, at the open namespace", async () => {
    await renderTree("company.team");
    expect(screen.getAllByRole("treeitem").filter((element) => element.tabIndex === 0)).toEqual([item("company.team")]);
    await userEvent.tab();
    expect(item("company.team")).toHaveFocus();
    await userEvent.tab();
    expect(document.activeElement?.closest("[role='tree']")).toBeNull();
  });

  it("moves down and up through the visible nodes with the arrow keys", async () => {
    await renderTree();
    await userEvent.tab();
    expect(item("company")).toHaveFocus();
    await userEvent.keyboard("{ArrowDown}");
    expect(item("company.ops")).toHaveFocus();
    await userEvent.keyboard("{ArrowDown}{ArrowDown}{ArrowDown}");
    expect(item("prod")).toHaveFocus();
    await userEvent.keyboard("{ArrowDown}");
    expect(item("prod")).toHaveFocus();
    await userEvent.keyboard("{ArrowUp}");
    expect(item("company.team.etl")).toHaveFocus();
    // The focused node is now the Tab stop.
    expect(item("company.team.etl")).toHaveAttribute("tabindex", "0");
    expect(item("company")).toHaveAttribute("tabindex", "-1");
  });

  it("closes a parent with Left, then goes to the parent; Right opens it, then enters its first child", async () => {
    await renderTree();
    await userEvent.tab();
    await userEvent.keyboard("{ArrowDown}{ArrowDown}");
    expect(item("company.team")).toHaveFocus();
    expect(item("company.team")).toHaveAttribute("aria-expanded", "true");

    await userEvent.keyboard("{ArrowLeft}");
    expect(item("company.team")).toHaveAttribute("aria-expanded", "false");
    expect(screen.queryByTestId("namespace-node-company.team.etl")).toBeNull();
    expect(item("company.team")).toHaveFocus();
    await userEvent.keyboard("{ArrowLeft}");
    expect(item("company")).toHaveFocus();

    await userEvent.keyboard("{ArrowDown}{ArrowDown}{ArrowRight}");
    expect(item("company.team")).toHaveAttribute("aria-expanded", "true");
    expect(item("company.team")).toHaveFocus();
    await userEvent.keyboard("{ArrowRight}");
    expect(item("company.team.etl")).toHaveFocus();
    // A leaf has no children to open: Right leaves focus where it is.
    await userEvent.keyboard("{ArrowRight}");
    expect(item("company.team.etl")).toHaveFocus();
    expect(item("company.team.etl")).not.toHaveAttribute("aria-expanded");
  });

  it("jumps to the first and last visible node with Home and End", async () => {
    await renderTree();
    await userEvent.tab();
    await userEvent.keyboard("{End}");
    expect(item("prod")).toHaveFocus();
    await userEvent.keyboard("{Home}");
    expect(item("company")).toHaveFocus();
    // With company closed, End still lands on the last node shown.
    await userEvent.keyboard("{ArrowLeft}{End}");
    expect(item("prod")).toHaveFocus();
    await userEvent.keyboard("{ArrowUp}");
    expect(item("company")).toHaveFocus();
  });

  it("opens the focused namespace with Enter and with Space, but not a parent shown only as a path", async () => {
    const tree = [node("company", [node("company.team")], { access: null, explicit: false })];
    const onSelect = await renderTree(null, [...tree, node("prod")]);
    await userEvent.tab();
    await userEvent.keyboard("{Enter}");
    expect(onSelect).not.toHaveBeenCalled();
    await userEvent.keyboard("{ArrowDown}{Enter}");
    expect(onSelect).toHaveBeenLastCalledWith("company.team");
    await userEvent.keyboard("{ArrowDown} ");
    expect(onSelect).toHaveBeenLastCalledWith("prod");
    expect(onSelect).toHaveBeenCalledTimes(2);
  });

  it("tells assistive technology each node's level, place among its siblings and state", async () => {
    await renderTree("prod");
    expect(item("company.team")).toHaveAttribute("aria-level", "2");
    expect(item("company.team")).toHaveAttribute("aria-posinset", "2");
    expect(item("company.team")).toHaveAttribute("aria-setsize", "2");
    expect(item("prod")).toHaveAttribute("aria-selected", "true");
    expect(item("company")).toHaveAttribute("aria-selected", "false");
  });

  it("opens and closes a parent with a click on its chevron, without opening the namespace", async () => {
    const onSelect = await renderTree();
    await userEvent.click(screen.getByTestId("namespace-toggle-company"));
    expect(item("company")).toHaveAttribute("aria-expanded", "false");
    expect(screen.queryByTestId("namespace-node-company.ops")).toBeNull();
    await userEvent.click(screen.getByTestId("namespace-toggle-company"));
    expect(item("company.ops")).toBeInTheDocument();
    expect(onSelect).not.toHaveBeenCalled();
  });
});
