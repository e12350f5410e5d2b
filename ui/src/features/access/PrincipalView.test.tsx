import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";

import { BackendError } from "../../backend";
import type { PrincipalDetail } from "../../bindings/PrincipalDetail";
import { bindingItem, principalDetail, principalItem } from "../../test/accessFixtures";
import { fixtureBackend, namespaceNode } from "../../test/fixtureBackend";
import { renderWithBackend } from "../../test/render";
import { PrincipalView } from "./PrincipalView";

const CI = principalItem({ name: "ci-deployer" });
const TREE = [namespaceNode("company", [namespaceNode("company.team"), namespaceNode("company.data")], false)];
const USE_ON_COMPANY = bindingItem({ principal: "ci-deployer", role: "use", scope: { level: "namespace", namespace: "company" } });

function renderView(detail: () => PrincipalDetail, overrides: Parameters<typeof fixtureBackend>[0] = {}) {
  const backend = fixtureBackend({
    principalShow: () => Promise.resolve(detail()),
    namespaceTree: () => Promise.resolve(TREE),
    ...overrides,
  });
  renderWithBackend(<PrincipalView tenant="main" name="ci-deployer" onBack={vi.fn()} />, backend);
  return backend;
}

async function pickOption(testId: string, label: string) {
  await userEvent.click(await screen.findByTestId(testId));
  await userEvent.click(await screen.findByRole("option", { name: label, hidden: true }));
}

describe("Role bindings of a principal", () => {
  it("grants a role on a namespace picked from the tree, then shows the new binding", async () => {
    let detail = principalDetail(CI);
    const backend = renderView(() => detail, {
      roleGrant: () => {
        detail = principalDetail(CI, { bindings: [bindingItem({ ...USE_ON_COMPANY, scope: { level: "namespace", namespace: "company.team" } })] });
        return Promise.resolve(true);
      },
    });
    expect(await screen.findByTestId("bindings-empty")).toHaveTextContent("ci-deployer may do nothing yet");

    await pickOption("grant-role-select", "use");
    expect(screen.getByTestId("grant-role-meaning")).toHaveTextContent("use: read, plus resolve values for jobs");
    const scope = screen.getByTestId("grant-scope-select");
    await userEvent.click(scope);
    const listbox = await waitFor(() => {
      const element = document.getElementById(scope.getAttribute("aria-controls") ?? "");
      if (element === null) throw new Error("the scope list did not open");
      return element;
    });
    const options = within(listbox).getAllByRole("option", { hidden: true });
    expect(options.map((option) => option.textContent)).toEqual([
      "Whole tenant",
      "company (implicit)",
      "company.team",
      "company.data",
    ]);
    await userEvent.click(screen.getByRole("option", { name: "company.team", hidden: true }));
    await userEvent.click(screen.getByTestId("grant-submit"));

    expect(await screen.findByTestId("binding-use-namespace:company.team")).toHaveTextContent("use");
    expect(backend.roleGrant).toHaveBeenCalledWith({
      tenant: "main",
      principal: "ci-deployer",
      role: "use",
      namespace: "company.team",
    });
  });

  it("grants on the whole tenant as a tenant-level binding", async () => {
    const backend = renderView(() => principalDetail(CI), { roleGrant: () => Promise.resolve(true) });

    await pickOption("grant-scope-select", "Whole tenant");
    await userEvent.click(screen.getByTestId("grant-submit"));

    await waitFor(() => {
      expect(backend.roleGrant).toHaveBeenCalledWith({ tenant: "main", principal: "ci-deployer", role: "read", namespace: null });
    });
  });

  it("asks where before granting", async () => {
    const backend = renderView(() => principalDetail(CI));

    await userEvent.click(await screen.findByTestId("grant-submit"));

    expect(await screen.findByText("Pick the whole tenant or a namespace")).toBeInTheDocument();
    expect(backend.roleGrant).not.toHaveBeenCalled();
  });

  it("shows a refused grant with the core's message", async () => {
    renderView(() => principalDetail(CI), {
      roleGrant: () => Promise.reject(new BackendError("forbidden", "role.grant needs admin on company.team")),
    });

    await pickOption("grant-scope-select", "company.team");
    await userEvent.click(screen.getByTestId("grant-submit"));

    const error = await screen.findByTestId("grant-error");
    expect(error).toHaveTextContent("role.grant needs admin on company.team");
    expect(error).toHaveAttribute("data-code", "forbidden");
  });

  it("revokes a binding with its role and scope", async () => {
    let detail = principalDetail(CI, { bindings: [USE_ON_COMPANY] });
    const backend = renderView(() => detail, {
      roleRevoke: () => {
        detail = principalDetail(CI);
        return Promise.resolve();
      },
    });

    await userEvent.click(await screen.findByRole("button", { name: "Revoke use on company" }));

    expect(await screen.findByTestId("bindings-empty")).toBeInTheDocument();
    expect(backend.roleRevoke).toHaveBeenCalledWith({ tenant: "main", principal: "ci-deployer", role: "use", namespace: "company" });
  });
});

describe("Effective rights of a principal", () => {
  it("shows each scope's role with the binding that grants it, as the core resolved them", async () => {
    const readOnTenant = bindingItem({ principal: "ci-deployer", role: "read" });
    renderView(() =>
      principalDetail(CI, {
        bindings: [readOnTenant, USE_ON_COMPANY],
        effective: [
          { scope: { level: "tenant" }, role: "read", granted_by: { role: "read", scope: { level: "tenant" } } },
          { scope: { level: "namespace", namespace: "company" }, role: "use", granted_by: { role: "use", scope: USE_ON_COMPANY.scope } },
          {
            scope: { level: "namespace", namespace: "company.team" },
            role: "use",
            granted_by: { role: "use", scope: USE_ON_COMPANY.scope },
          },
        ],
      }),
    );

    const team = await screen.findByTestId("effective-namespace:company.team");
    expect(within(team).getAllByRole("cell").map((cell) => cell.textContent)).toEqual([
      "company.team",
      "use",
      "use on companyinherited",
    ]);
    const company = screen.getByTestId("effective-namespace:company");
    expect(company).toHaveTextContent("use on company");
    expect(company).not.toHaveTextContent("inherited");
    expect(screen.getByTestId("effective-tenant")).toHaveTextContent("whole tenantreadread on whole tenant");
  });
});
