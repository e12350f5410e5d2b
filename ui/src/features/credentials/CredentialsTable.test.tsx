import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";

import type { CredentialDto } from "../../bindings/CredentialDto";
import { CLIENT_CREDENTIALS } from "../../test/credentialFixtures";
import { credentialItem, fixtureBackend } from "../../test/fixtureBackend";
import { renderWithBackend } from "../../test/render";
import { CredentialsPanel } from "./CredentialsPanel";

const INPUTS = { token_url: "https://idp.example/token", client_id: "ci", client_secret: "{{ secret('OKTA_SECRET') }}" };
const FROM_PARENT = credentialItem({ name: "okta-ci", namespace: "company", inherited: true, inputs: INPUTS });
const TENANT_LEVEL = credentialItem({ name: "github-bot", namespace: null, inherited: true, inputs: INPUTS });
const OWN = credentialItem({ name: "deploy-prod-eu", namespace: "company.team", shadows: [{ level: "namespace", namespace: "company" }, { level: "tenant" }], inputs: INPUTS });

function renderPanel(items: CredentialDto[], onOpenNamespace = vi.fn()) {
  const backend = fixtureBackend({
    credentialTypes: () => Promise.resolve([CLIENT_CREDENTIALS]),
    credentialList: () => Promise.resolve(items),
    credentialApply: (_tenant, def) => Promise.resolve(credentialItem({ ...def })),
  });
  renderWithBackend(<CredentialsPanel tenant="main" namespace="company.team" onOpenNamespace={onOpenNamespace} />, backend);
  return { backend, onOpenNamespace };
}

async function openActions(name: string) {
  await userEvent.click(await screen.findByRole("button", { name: `Actions for ${name}` }));
  // The dropdown may still be in its opening transition (display: none) when the test looks.
  const menu = await screen.findByRole("menu", { hidden: true });
  return within(menu).getAllByRole("menuitem", { hidden: true });
}

describe("CredentialsTable rows", () => {
  it("keeps names whole and the row's actions in one compact menu", async () => {
    renderPanel([OWN]);

    const row = await screen.findByTestId("credential-row-deploy-prod-eu");
    expect(within(row).getByText("deploy-prod-eu")).toHaveStyle({ whiteSpace: "nowrap" });
    expect(within(row).getAllByRole("button").map((button) => button.getAttribute("aria-label") ?? button.textContent))
      .toEqual(["Test", "Actions for deploy-prod-eu"]);
    expect(screen.getByTestId("credentials-table").closest("[style*='--table-min-width']")).toBeNull();
    expect(within(row).getByTestId("credential-origin-deploy-prod-eu")).toHaveTextContent(
      "company.teamshadows company, tenant level",
    );
    const items = await openActions("deploy-prod-eu");
    expect(items.map((item) => item.textContent)).toEqual(["Copy…", "Edit…", "Delete…"]);
  });

  it("says where an inherited credential is defined and offers Override here and Open in the origin only", async () => {
    const { onOpenNamespace } = renderPanel([FROM_PARENT]);

    const row = await screen.findByTestId("credential-row-okta-ci");
    expect(within(row).getByTestId("credential-origin-okta-ci")).toHaveTextContent("companyinherited");
    const items = await openActions("okta-ci");
    expect(items.map((item) => item.textContent)).toEqual(["Copy…", "Override in company.team…", "Open in company"]);

    await userEvent.click(items[2] as HTMLElement);
    expect(onOpenNamespace).toHaveBeenCalledWith("company");
  });

  it("overrides an inherited credential by saving a prefilled copy into this namespace", async () => {
    const { backend } = renderPanel([FROM_PARENT]);

    const items = await openActions("okta-ci");
    await userEvent.click(items[1] as HTMLElement);

    const dialog = await screen.findByRole("dialog", { name: "Override okta-ci in company.team" });
    expect(dialog).toHaveTextContent("okta-ci is defined in company");
    expect(within(dialog).getByTestId("credential-name-input")).toHaveValue("okta-ci");
    expect(within(dialog).getByTestId("credential-name-input")).toBeDisabled();
    expect(within(dialog).getByTestId("field-client_id")).toHaveValue("ci");
    expect(within(dialog).getByTestId("credential-tenant-level")).not.toBeChecked();
    await userEvent.click(within(dialog).getByTestId("credential-submit"));

    await waitFor(() => {
      expect(backend.credentialApply).toHaveBeenCalled();
    });
    const [tenant, def] = backend.credentialApply.mock.calls[0] ?? [];
    expect(tenant).toBe("main");
    expect(def?.namespace).toBe("company.team");
    expect(def?.name).toBe("okta-ci");
    expect(def?.inputs).toMatchObject(INPUTS);
  });

  it("labels edits and deletes of a tenant-level credential as such", async () => {
    renderPanel([TENANT_LEVEL]);

    const row = await screen.findByTestId("credential-row-github-bot");
    expect(within(row).getByTestId("credential-origin-github-bot")).toHaveTextContent("tenant levelinherited");
    const items = await openActions("github-bot");
    expect(items.map((item) => item.textContent)).toEqual([
      "Copy…",
      "Override in company.team…",
      "Edit at tenant level…",
      "Delete at tenant level…",
    ]);
    await userEvent.click(items[2] as HTMLElement);
    expect(await screen.findByRole("dialog", { name: "Edit github-bot at tenant level" })).toBeInTheDocument();
  });

  it("shows each credential's last Test outcome, and nothing for one not tested since it was saved", async () => {
    renderPanel([
      { ...OWN, last_test: { at: "2026-12-01T10:00:00.000Z", ok: false, error: "invalid_client" } },
      { ...FROM_PARENT, last_test: { at: "2026-12-01T10:00:00.000Z", ok: true, error: null } },
      TENANT_LEVEL,
    ]);

    expect(await screen.findByTestId("credential-last-test-deploy-prod-eu")).toHaveTextContent("last Test failed: invalid_client");
    expect(screen.getByTestId("credential-last-test-okta-ci")).toHaveTextContent("last Test passed");
    expect(screen.queryByTestId("credential-last-test-github-bot")).not.toBeInTheDocument();
  });
});
