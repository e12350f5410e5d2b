import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import type { RoleListRequest } from "../../bindings/RoleListRequest";
import { MainLayout } from "../../layout/MainLayout";
import { bindingItem, principalDetail, principalItem } from "../../test/accessFixtures";
import { fixtureBackend, namespaceNode } from "../../test/fixtureBackend";
import { renderWithBackend } from "../../test/render";

const TREE = [namespaceNode("company", [namespaceNode("company.team")], false)];
const CI = principalItem({ name: "ci-deployer" });
const ALICE = principalItem({ name: "alice", kind: "user", disabled: true });
// What the core answers for "who reaches company.team": a binding on it, one on a parent, one tenant-wide.
const REACHING = [
  bindingItem({ principal: "ci-deployer", role: "use", scope: { level: "namespace", namespace: "company.team" } }),
  bindingItem({ principal: "alice", role: "admin", scope: { level: "namespace", namespace: "company" } }),
  bindingItem({ principal: "auditor", role: "read" }),
];

function renderApp() {
  const backend = fixtureBackend({
    namespaceTree: () => Promise.resolve(TREE),
    roleList: (req: RoleListRequest) => Promise.resolve(req.namespace === "company.team" ? REACHING : []),
    principalList: () => Promise.resolve([CI, ALICE]),
    principalShow: () => Promise.resolve(principalDetail(CI, { bindings: [REACHING[0] ?? bindingItem({ principal: "x" })] })),
  });
  renderWithBackend(<MainLayout initialTenant="main" />, backend);
  return backend;
}

describe("Who can see a namespace", () => {
  it("is the Access tab of the namespace screen, listing the bindings the core says reach it", async () => {
    const backend = renderApp();

    await userEvent.click(await screen.findByTestId("namespace-node-company.team"));
    await userEvent.click(await screen.findByRole("tab", { name: "Access" }));

    expect(await screen.findByTestId("namespace-access-title")).toHaveTextContent("Who can see company.team");
    await screen.findByTestId("namespace-access-table");
    expect(backend.roleList).toHaveBeenCalledWith({ tenant: "main", principal: null, namespace: "company.team" });
    const rows = screen.getAllByRole("row").slice(1);
    expect(rows.map((row) => within(row).getAllByRole("cell").map((cell) => cell.textContent))).toEqual([
      ["ci-deployerService account", "use", "company.team"],
      ["aliceUserdisabled", "admin", "companya parent: covers this one"],
      ["auditor", "read", "whole tenantcovers every namespace"],
    ]);
  });

  it("opens a principal from there in the Access area, to change its bindings", async () => {
    renderApp();

    await userEvent.click(await screen.findByTestId("namespace-node-company.team"));
    await userEvent.click(await screen.findByRole("tab", { name: "Access" }));
    await userEvent.click(await screen.findByRole("button", { name: "ci-deployer" }));

    expect(await screen.findByTestId("principal-view-ci-deployer")).toBeInTheDocument();
    expect(screen.getByTestId("nav-access")).toHaveAttribute("aria-current", "page");
    await waitFor(() => {
      expect(screen.getByTestId("binding-use-namespace:company.team")).toBeInTheDocument();
    });

    await userEvent.click(screen.getByTestId("namespace-node-company.team"));
    expect(await screen.findByTestId("tab-secrets")).toBeInTheDocument();
    expect(screen.queryByTestId("principal-view-ci-deployer")).not.toBeInTheDocument();
  });
});
