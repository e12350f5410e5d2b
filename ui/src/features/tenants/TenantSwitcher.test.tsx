import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import { BackendError } from "../../backend";
import type { CallerInfo } from "../../bindings/CallerInfo";
import { MainLayout } from "../../layout/MainLayout";
import { fixtureBackend } from "../../test/fixtureBackend";
import { renderWithBackend } from "../../test/render";
import { RightsProvider } from "../rights/RightsContext";

const NOW = "2026-11-25T10:00:00Z";
const TENANTS = [
  { id: "main", created_at: NOW },
  { id: "acme", created_at: NOW },
];

async function openMenu() {
  await userEvent.click(await screen.findByTestId("tenant-switcher"));
  // Mantine's dropdowns never finish their transition under jsdom: query them as hidden.
  return screen.findByRole("menu", { hidden: true });
}

describe("Tenant switcher", () => {
  it("lists the tenants and switches every view to the chosen one", async () => {
    const backend = fixtureBackend({ tenantList: () => Promise.resolve(TENANTS) });
    renderWithBackend(<MainLayout initialTenant="main" />, backend);
    await waitFor(() => {
      expect(backend.namespaceTree).toHaveBeenCalledWith("main");
    });

    const menu = await openMenu();
    expect(within(menu).getByTestId("tenant-option-main")).toHaveAttribute("aria-current", "true");
    await userEvent.click(within(menu).getByTestId("tenant-option-acme"));

    expect(await screen.findByTestId("tenant-switcher")).toHaveTextContent("tenant: acme");
    await waitFor(() => {
      expect(backend.namespaceTree).toHaveBeenLastCalledWith("acme");
    });
    await userEvent.click(screen.getByTestId("nav-audit"));
    expect(await screen.findByTestId("audit-title")).toHaveTextContent("Audit log of tenant acme");
    expect(backend.auditList).toHaveBeenLastCalledWith(expect.objectContaining({ tenant: "acme" }));
  });

  it("creates a tenant at the Keystead machine and switches to it", async () => {
    const backend = fixtureBackend({
      tenantCreate: (id) => Promise.resolve({ id, created_at: NOW }),
    });
    renderWithBackend(<MainLayout initialTenant="main" />, backend);

    const menu = await openMenu();
    await userEvent.click(within(menu).getByTestId("new-tenant-button"));
    await userEvent.type(await screen.findByTestId("tenant-id-input"), "Acme Prod");
    await userEvent.click(screen.getByTestId("tenant-submit"));
    expect(await screen.findByText(/Use 1 to 63 lowercase letters/)).toBeInTheDocument();
    expect(backend.tenantCreate).not.toHaveBeenCalled();

    await userEvent.clear(screen.getByTestId("tenant-id-input"));
    await userEvent.type(screen.getByTestId("tenant-id-input"), "acme-prod");
    await userEvent.click(screen.getByTestId("tenant-submit"));

    await waitFor(() => {
      expect(screen.getByTestId("tenant-switcher")).toHaveTextContent("tenant: acme-prod");
    });
    expect(backend.tenantCreate).toHaveBeenCalledWith("acme-prod");
    // The list is read again so the new tenant is offered.
    expect(backend.tenantList).toHaveBeenCalledTimes(2);
  });

  it("shows the core's refusal under the field", async () => {
    const taken = "tenant acme already exists";
    const backend = fixtureBackend({ tenantCreate: () => Promise.reject(new BackendError("conflict", taken)) });
    renderWithBackend(<MainLayout initialTenant="main" />, backend);

    const menu = await openMenu();
    await userEvent.click(within(menu).getByTestId("new-tenant-button"));
    await userEvent.type(await screen.findByTestId("tenant-id-input"), "acme");
    await userEvent.click(screen.getByTestId("tenant-submit"));

    expect(await screen.findByText(taken)).toBeInTheDocument();
    expect(screen.getByTestId("tenant-switcher")).toHaveTextContent("tenant: main");
  });

  it("does not offer tenant creation to a token holder", async () => {
    const caller: CallerInfo = {
      actor: "ci-deployer",
      local_admin: false,
      tenant: "main",
      principal: "ci-deployer",
      token_prefix: "kst_Ab3dEf6h…",
      bindings: [{ role: "admin", scope: { level: "tenant" } }],
      narrowing: null,
    };
    const backend = fixtureBackend({});
    renderWithBackend(
      <RightsProvider rights={{ kind: "token", caller }}>
        <MainLayout initialTenant="main" />
      </RightsProvider>,
      backend,
    );

    const menu = await openMenu();
    const item = within(menu).getByTestId("new-tenant-button");
    expect(item).toBeDisabled();
    expect(item).toHaveTextContent("Only at the Keystead machine");
  });
});
