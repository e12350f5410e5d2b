import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import type { NamespaceNode } from "../bindings/NamespaceNode";
import { DEPLOY_TARGET } from "../test/credentialFixtures";
import { fixtureBackend, secretItem } from "../test/fixtureBackend";
import { renderWithBackend } from "../test/render";
import { MainLayout } from "./MainLayout";

const TEAM: NamespaceNode = { id: "team", segment: "team", explicit: true, secret_count: 1, access: "admin", children: [] };

describe("Main layout", () => {
  it("jumps from the header's Search to a secret's namespace, on its Secrets tab", async () => {
    const backend = fixtureBackend({
      namespaceTree: () => Promise.resolve([TEAM]),
      secretList: (_tenant, namespace) => Promise.resolve([secretItem({ namespace, key: "SMTP_PASSWORD" })]),
    });
    renderWithBackend(<MainLayout initialTenant="main" />, backend);

    await userEvent.click(await screen.findByTestId("search-button"));
    await userEvent.type(await screen.findByTestId("palette-input"), "smtp");
    await screen.findByTestId("palette-result-secret-team-SMTP_PASSWORD");
    await userEvent.keyboard("{ArrowDown}{Enter}");

    expect(await screen.findByTestId("secrets-title")).toBeInTheDocument();
    expect(screen.getByTestId("tab-secrets")).toHaveAttribute("aria-selected", "true");
    expect(screen.getByTestId("namespace-node-team")).toHaveAttribute("aria-selected", "true");
    expect(await screen.findByText("SMTP_PASSWORD")).toBeInTheDocument();
  });

  it("opens the audit log from the navigation and marks it as the current page", async () => {
    const backend = fixtureBackend({});
    renderWithBackend(<MainLayout initialTenant="main" />, backend);

    await userEvent.click(await screen.findByTestId("nav-audit"));

    expect(await screen.findByTestId("audit-title")).toHaveTextContent("Audit log of tenant main");
    expect(screen.getByTestId("nav-audit")).toHaveAttribute("aria-current", "page");
    expect(within(screen.getByTestId("audit-filters")).getByTestId("audit-filter-apply")).toBeInTheDocument();
  });

  it("opens the credential types from the navigation", async () => {
    const backend = fixtureBackend({ credentialTypes: () => Promise.resolve([DEPLOY_TARGET]) });
    renderWithBackend(<MainLayout initialTenant="main" />, backend);

    await userEvent.click(await screen.findByTestId("nav-credential-types"));

    expect(await screen.findByTestId("credential-types-title")).toHaveTextContent("Credential types of tenant main");
    expect(screen.getByTestId("nav-credential-types")).toHaveAttribute("aria-current", "page");
    expect(await screen.findByTestId("credential-type-row-deploy_target")).toBeInTheDocument();
  });
});
