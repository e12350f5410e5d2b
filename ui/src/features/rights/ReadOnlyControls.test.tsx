// What a token holder with less than admin sees: the same screens, with the controls it may not use
// disabled and explained, and no request made when they are clicked. The tree is the server's answer
// as a fixture (its `access` is computed by the core, not here).
import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { ReactElement } from "react";
import { describe, expect, it, vi } from "vitest";

import type { CallerInfo } from "../../bindings/CallerInfo";
import type { NamespaceNode } from "../../bindings/NamespaceNode";
import type { Role } from "../../bindings/Role";
import { credentialItem, fixtureBackend, secretItem, type FixtureBackend } from "../../test/fixtureBackend";
import { renderWithBackend } from "../../test/render";
import { CredentialsPanel } from "../credentials/CredentialsPanel";
import { NamespaceTree } from "../namespaces/NamespaceTree";
import { SecretsPanel } from "../secrets/SecretsPanel";
import { RightsProvider } from "./RightsContext";

const CALLER: CallerInfo = {
  actor: "reader",
  local_admin: false,
  tenant: "main",
  principal: "reader",
  token_prefix: "kst_AbCd1234…",
  bindings: [{ role: "read", scope: { level: "namespace", namespace: "company.team" } }],
  narrowing: null,
};

function treeWith(access: Role): NamespaceNode[] {
  const team: NamespaceNode = { id: "company.team", segment: "team", explicit: true, secret_count: 1, access, children: [] };
  return [{ id: "company", segment: "company", explicit: true, secret_count: 0, access: null, children: [team] }];
}

function renderAsToken(ui: ReactElement, access: Role): FixtureBackend {
  const backend = fixtureBackend({
    namespaceTree: () => Promise.resolve(treeWith(access)),
    secretList: () => Promise.resolve([secretItem({ namespace: "company.team", key: "API_KEY" })]),
    credentialList: () => Promise.resolve([credentialItem({ name: "aws-deploy", namespace: "company.team" })]),
  });
  renderWithBackend(<RightsProvider rights={{ kind: "token", caller: CALLER }}>{ui}</RightsProvider>, backend);
  return backend;
}

describe("controls a token's role does not allow", () => {
  it("are disabled with the role they need, and clicking them asks nothing", async () => {
    const backend = renderAsToken(<SecretsPanel tenant="main" namespace="company.team" />, "read");
    await screen.findByTestId("secret-row-API_KEY");
    const newSecret = await screen.findByTestId("new-secret-button");
    await vi.waitFor(() => {
      expect(newSecret).toHaveAttribute("aria-disabled", "true");
    });
    expect(newSecret).toHaveAccessibleDescription("Needs the admin role on company.team; this token has only read there.");
    expect(screen.getByTestId("reveal-API_KEY")).toHaveAttribute("aria-disabled", "true");
    expect(screen.getByTestId("copy-API_KEY")).toHaveAttribute("aria-disabled", "true");

    await userEvent.click(newSecret);
    await userEvent.click(screen.getByTestId("reveal-API_KEY"));
    await userEvent.click(screen.getByTestId("copy-API_KEY"));

    expect(backend.secretGet).not.toHaveBeenCalled();
    expect(backend.secretCopy).not.toHaveBeenCalled();
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
  });

  it("are offered where the server reports admin", async () => {
    renderAsToken(<SecretsPanel tenant="main" namespace="company.team" />, "admin");
    await screen.findByTestId("secret-row-API_KEY");
    await vi.waitFor(() => {
      expect(screen.getByTestId("new-secret-button")).not.toHaveAttribute("aria-disabled");
    });
    expect(screen.getByTestId("reveal-API_KEY")).not.toHaveAttribute("aria-disabled");
  });

  it("lets use run a credential Test but not create one", async () => {
    const backend = renderAsToken(<CredentialsPanel tenant="main" namespace="company.team" />, "use");
    const test = await screen.findByTestId("test-aws-deploy");
    await vi.waitFor(() => {
      expect(screen.getByTestId("new-credential-button")).toHaveAttribute("aria-disabled", "true");
    });
    expect(test).not.toHaveAttribute("aria-disabled");
    expect(backend.credentialTest).not.toHaveBeenCalled();
  });

  it("keeps Test from a read-only token", async () => {
    renderAsToken(<CredentialsPanel tenant="main" namespace="company.team" />, "read");
    const test = await screen.findByTestId("test-aws-deploy");
    await vi.waitFor(() => {
      expect(test).toHaveAttribute("aria-disabled", "true");
    });
    expect(test).toHaveAccessibleDescription(/Needs the use role on company\.team/);
  });

  it("keeps a parent shown only as a path from being opened", async () => {
    const onSelect = vi.fn();
    renderAsToken(<NamespaceTree tenant="main" selected={null} onSelect={onSelect} />, "read");
    const parent = await screen.findByTestId("namespace-node-company");
    expect(parent).toHaveAttribute("aria-disabled", "true");
    await userEvent.click(parent);
    expect(onSelect).not.toHaveBeenCalled();
    await userEvent.click(screen.getByTestId("namespace-node-company.team"));
    expect(onSelect).toHaveBeenCalledWith("company.team");
  });
});
