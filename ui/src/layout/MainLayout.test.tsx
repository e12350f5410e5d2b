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

  it("opens Expiring soon from the navigation, and a KV row there on its namespace's KV tab", async () => {
    const backend = fixtureBackend({
      namespaceTree: () => Promise.resolve([TEAM]),
      expiring: () =>
        Promise.resolve({
          now: "2026-12-01T12:00:00.000Z",
          until: "2026-12-31T12:00:00.000Z",
          within: "P30D",
          secret_age: "P90D",
          items: [
            {
              kind: "kv",
              namespace: "team",
              name: "lease",
              principal: null,
              token_prefix: null,
              at: "2026-12-01T13:00:00.000Z",
              seconds_left: 3600,
              overdue: false,
              reason: "KV pair expires (TTL)",
              written_at: null,
              test_error: null,
            },
          ],
        }),
    });
    renderWithBackend(<MainLayout initialTenant="main" />, backend);

    await userEvent.click(await screen.findByTestId("nav-expiring"));
    expect(await screen.findByTestId("expiring-title")).toHaveTextContent("Expiring soon in tenant main");
    expect(screen.getByTestId("nav-expiring")).toHaveAttribute("aria-current", "page");

    await userEvent.click(await screen.findByTestId("expiring-row-kv-team-lease"));
    expect(await screen.findByTestId("tab-kv")).toHaveAttribute("aria-selected", "true");
    expect(screen.getByTestId("namespace-node-team")).toHaveAttribute("aria-selected", "true");
  });
});
