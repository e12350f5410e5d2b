import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";

import { BackendError, type Backend } from "../../backend";
import type { CredentialType } from "../../bindings/CredentialType";
import type { SecretSetRequest } from "../../bindings/SecretSetRequest";
import { CLIENT_CREDENTIALS, DEPLOY_TARGET } from "../../test/credentialFixtures";
import {
  credentialItem,
  fixtureBackend,
  secretItem,
  secretMeta,
  type FixtureBackend,
} from "../../test/fixtureBackend";
import { renderWithBackend } from "../../test/render";
import { CredentialFormModal } from "./CredentialFormModal";

/** The core's answers for a form in company.team offering `type`: saves answer what was sent. */
function formBackend(type: CredentialType, overrides: Partial<Backend> = {}) {
  return fixtureBackend({
    credentialTypes: () => Promise.resolve([type]),
    credentialApply: (_tenant, def) => Promise.resolve(credentialItem(def)),
    secretSet: (req: SecretSetRequest) => Promise.resolve(secretMeta(secretItem({ namespace: req.namespace, key: req.key }))),
    ...overrides,
  });
}

function renderForm(backend: FixtureBackend, onTest = vi.fn(), onClose = vi.fn()) {
  renderWithBackend(
    <CredentialFormModal
      tenant="main"
      namespace="company.team"
      mode={{ kind: "new" }}
      onClose={onClose}
      onTest={onTest}
      testing={false}
    />,
    backend,
  );
  return { onTest, onClose };
}

async function pickOption(testId: string, name: RegExp | string) {
  await userEvent.click(screen.getByTestId(testId));
  await userEvent.click(await screen.findByRole("option", { name, hidden: true }));
}

describe("CredentialFormModal", () => {
  it("generates one control per input of the type, secret inputs as a picker, required ones marked", async () => {
    const backend = formBackend(DEPLOY_TARGET);
    renderForm(backend);

    expect(await screen.findByTestId("field-host")).toBeRequired();
    expect(screen.getByTestId("field-notes").tagName).toBe("TEXTAREA");
    expect(screen.getByTestId("field-insecure")).toHaveAttribute("type", "checkbox");
    expect(screen.getByTestId("field-labels").tagName).toBe("TEXTAREA");
    expect(screen.getByTestId("secret-picker-password")).toBeInTheDocument();
    expect(screen.queryByTestId("field-password")).not.toBeInTheDocument();
    expect(screen.getByText("DNS name of the target.")).toBeInTheDocument();
    // Static types have no token cache settings.
    expect(screen.queryByTestId("credential-cache-switch")).not.toBeInTheDocument();
  });

  it("refuses an object input that is not a JSON object without calling the host", async () => {
    const backend = formBackend(DEPLOY_TARGET);
    renderForm(backend);

    await userEvent.type(await screen.findByTestId("credential-name-input"), "prod");
    await userEvent.type(screen.getByTestId("field-host"), "deploy.example");
    await userEvent.type(screen.getByTestId("field-labels"), "[[1, 2]]");
    await userEvent.click(screen.getByTestId("credential-submit"));

    expect(await screen.findByText(/Enter a JSON object/)).toBeInTheDocument();
    expect(backend.credentialApply).not.toHaveBeenCalled();
  });

  it("writes the picked secret as a reference, never a value", async () => {
    // company.team inherits OKTA_SECRET from company; only a revealing read would carry its value.
    const inherited = secretItem({ namespace: "company", key: "OKTA_SECRET", inherited: true });
    const backend = formBackend(CLIENT_CREDENTIALS, {
      secretList: () => Promise.resolve([inherited]),
      secretGet: () => Promise.resolve({ ...secretMeta(inherited), value: "canary-not-sent", revealed: true }),
    });
    const { onClose } = renderForm(backend);

    await userEvent.type(await screen.findByTestId("credential-name-input"), "okta-ci");
    await userEvent.type(screen.getByTestId("field-token_url"), "https://idp.example/token");
    await userEvent.type(screen.getByTestId("field-client_id"), "ci-client");
    await pickOption("secret-picker-client_secret", "OKTA_SECRET (from company)");
    expect(screen.getByText("{{ secret('OKTA_SECRET') }}")).toBeInTheDocument();
    await userEvent.click(screen.getByTestId("credential-submit"));

    await waitFor(() => {
      expect(onClose).toHaveBeenCalled();
    });
    expect(backend.secretList).toHaveBeenCalledWith("main", "company.team", true);
    expect(backend.credentialApply).toHaveBeenCalledTimes(1);
    const [tenant, applied] = backend.credentialApply.mock.calls[0] ?? [];
    expect(tenant).toBe("main");
    expect(applied?.namespace).toBe("company.team");
    expect(applied?.name).toBe("okta-ci");
    expect(applied?.type).toBe("oauth2_client_credentials");
    expect(applied?.inputs).toEqual({
      token_url: "https://idp.example/token",
      client_id: "ci-client",
      client_secret: "{{ secret('OKTA_SECRET') }}",
      auth_method: "client_secret_basic",
    });
    expect(JSON.stringify(applied)).not.toContain("canary-not-sent");
    expect(backend.secretGet).not.toHaveBeenCalled();
  });

  it("creates a secret inline and selects it", async () => {
    const backend = formBackend(CLIENT_CREDENTIALS);
    renderForm(backend);

    await userEvent.click(await screen.findByTestId("secret-create-client_secret"));
    await userEvent.type(screen.getByTestId("secret-create-key-client_secret"), "NEW_SECRET");
    await userEvent.type(screen.getByTestId("secret-create-value-client_secret"), "s3cret{enter}");

    expect(await screen.findByText("{{ secret('NEW_SECRET') }}")).toBeInTheDocument();
    expect(backend.secretSet.mock.calls).toEqual([
      [{ tenant: "main", namespace: "company.team", key: "NEW_SECRET", value: "s3cret", description: null, read_only: null }],
    ]);
    // Enter in the inline creator saved the secret, not the credential.
    expect(backend.credentialApply).not.toHaveBeenCalled();
  });

  it("asks for the secret of a required sensitive input before testing", async () => {
    const backend = formBackend(CLIENT_CREDENTIALS);
    const { onTest } = renderForm(backend);

    await userEvent.type(await screen.findByTestId("credential-name-input"), "okta-ci");
    await userEvent.type(screen.getByTestId("field-client_id"), "ci-client");
    await userEvent.click(screen.getByTestId("credential-form-test"));

    expect(await screen.findByText("Pick or create a secret")).toBeInTheDocument();
    expect(onTest).not.toHaveBeenCalled();
  });

  it("fills the token URL from discovery and offers only the auth methods the server supports", async () => {
    const backend = formBackend(CLIENT_CREDENTIALS, {
      credentialDiscover: () =>
        Promise.resolve({
          issuer: "https://idp.example",
          token_endpoint: "https://idp.example/oauth2/v1/token",
          token_endpoint_auth_methods_supported: ["client_secret_post", "private_key_jwt"],
          token_endpoint_auth_signing_alg_values_supported: [],
          scopes_supported: [],
        }),
    });
    renderForm(backend);

    await userEvent.type(await screen.findByTestId("field-issuer"), "https://idp.example");
    await userEvent.click(screen.getByTestId("credential-discover"));

    await waitFor(() => {
      expect(screen.getByTestId("field-token_url")).toHaveValue("https://idp.example/oauth2/v1/token");
    });
    expect(backend.credentialDiscover.mock.calls).toEqual([["main", "https://idp.example"]]);
    // client_secret_basic is not supported: the first supported method replaces it.
    expect(screen.getByTestId("field-auth_method")).toHaveValue("client_secret_post");
    const authMethod = screen.getByTestId("field-auth_method");
    await userEvent.click(authMethod);
    const listbox = document.getElementById(authMethod.getAttribute("aria-controls") ?? "");
    expect(listbox).not.toBeNull();
    const options = within(listbox as HTMLElement).getAllByRole("option", { hidden: true });
    expect(options.map((option) => option.textContent)).toEqual(["client_secret_post"]);
  });

  it("shows the server's discovery error", async () => {
    const backend = formBackend(CLIENT_CREDENTIALS, {
      credentialDiscover: () =>
        Promise.reject(new BackendError("token_mint", "https://idp.example: bad_response (HTTP 404)")),
    });
    renderForm(backend);

    await userEvent.type(await screen.findByTestId("field-issuer"), "https://idp.example");
    await userEvent.click(screen.getByTestId("credential-discover"));

    const error = await screen.findByTestId("credential-discover-error");
    expect(error).toHaveTextContent("bad_response (HTTP 404)");
    expect(screen.getByTestId("field-token_url")).toHaveValue("");
  });

  it("renders a multi-line invalid_input refusal as a list", async () => {
    const backend = formBackend(CLIENT_CREDENTIALS, {
      credentialApply: () =>
        Promise.reject(
          new BackendError(
            "invalid_input",
            "the credential does not match type oauth2_client_credentials:\n  - inputs.token_url: required unless inputs.issuer is set for discovery\n  - inputs.scope: must be a string",
          ),
        ),
    });
    renderForm(backend);

    await userEvent.type(await screen.findByTestId("credential-name-input"), "okta-ci");
    await userEvent.type(screen.getByTestId("field-client_id"), "ci-client");
    await userEvent.click(screen.getByTestId("secret-create-client_secret"));
    await userEvent.type(screen.getByTestId("secret-create-key-client_secret"), "S");
    await userEvent.type(screen.getByTestId("secret-create-value-client_secret"), "v{enter}");
    await screen.findByText("{{ secret('S') }}");
    await userEvent.click(screen.getByTestId("credential-submit"));

    const alert = await screen.findByTestId("credential-form-error");
    const items = within(alert).getAllByRole("listitem");
    expect(items).toHaveLength(2);
    expect(items[0]).toHaveTextContent("inputs.token_url required unless inputs.issuer is set for discovery");
    expect(alert).toHaveTextContent("code: invalid_input");
    expect(backend.credentialApply).toHaveBeenCalledTimes(1);
  });
});
