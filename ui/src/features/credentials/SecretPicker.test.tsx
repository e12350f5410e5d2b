import { fireEvent, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";

import type { CredentialType } from "../../bindings/CredentialType";
import type { InputField } from "../../bindings/InputField";
import type { SecretSetRequest } from "../../bindings/SecretSetRequest";
import { CLIENT_CREDENTIALS } from "../../test/credentialFixtures";
import { fixtureBackend, secretItem, type FixtureBackend } from "../../test/fixtureBackend";
import { renderWithBackend } from "../../test/render";
import { CredentialFormModal } from "./CredentialFormModal";

function renderForm(backend: FixtureBackend) {
  renderWithBackend(
    <CredentialFormModal
      tenant="main"
      namespace="company.team"
      mode={{ kind: "new" }}
      onClose={vi.fn()}
      onTest={vi.fn()}
      testing={false}
    />,
    backend,
  );
}

describe("SecretPicker", () => {
  it("does not submit the credential form on Enter in its filter", async () => {
    const backend = fixtureBackend({
      credentialTypes: () => Promise.resolve([CLIENT_CREDENTIALS]),
      secretList: () => Promise.resolve([secretItem({ namespace: "company.team", key: "OKTA_SECRET" })]),
    });
    renderForm(backend);

    await userEvent.type(await screen.findByTestId("secret-picker-client_secret"), "NOPE{Enter}");

    expect(screen.queryByText(/Use a-z, 0-9/)).not.toBeInTheDocument();
    expect(screen.queryByText("Pick or create a secret")).not.toBeInTheDocument();
    expect(backend.credentialApply).not.toHaveBeenCalled();
  });

  it("still picks the highlighted secret with Enter", async () => {
    const backend = fixtureBackend({
      credentialTypes: () => Promise.resolve([CLIENT_CREDENTIALS]),
      secretList: () => Promise.resolve([secretItem({ namespace: "company.team", key: "OKTA_SECRET" })]),
    });
    renderForm(backend);

    const picker = await screen.findByTestId("secret-picker-client_secret");
    await userEvent.type(picker, "OKTA");
    await userEvent.keyboard("{ArrowDown}{Enter}");

    expect(await screen.findByText("{{ secret('OKTA_SECRET') }}")).toBeInTheDocument();
    expect(backend.credentialApply).not.toHaveBeenCalled();
  });
});

const PEM = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\nBKcwggSjAgEAAoIBAQC7\n-----END PRIVATE KEY-----\n";

describe("Inline secret creation", () => {
  it("keeps the line breaks of a pasted PEM exactly", async () => {
    const backend = fixtureBackend({
      credentialTypes: () => Promise.resolve([CLIENT_CREDENTIALS]),
      secretSet: (req: SecretSetRequest) =>
        Promise.resolve({ ...secretItem({ namespace: req.namespace, key: req.key }), version: 1 }),
    });
    renderForm(backend);

    await userEvent.click(await screen.findByTestId("secret-create-client_secret"));
    await userEvent.type(screen.getByTestId("secret-create-key-client_secret"), "SIGNING_KEY");
    const value = screen.getByTestId("secret-create-value-client_secret");
    await userEvent.click(value);
    await userEvent.paste(PEM);
    await userEvent.click(screen.getByTestId("secret-create-save-client_secret"));

    await waitFor(() => {
      expect(backend.secretSet).toHaveBeenCalled();
    });
    expect(backend.secretSet.mock.calls[0]?.[0].value).toBe(PEM);
  });

  it("offers a monospace multi-line value for a PEM input and Enter adds a line there", async () => {
    const privateKey: InputField = {
      ...{ id: "private_key", label: "Private key", type: "string", secret: true, multiline: true, format: "pem" },
      ...{ choices: [], default: null, required: false, help: "" },
    };
    const withKey: CredentialType = { ...CLIENT_CREDENTIALS, inputs: [...CLIENT_CREDENTIALS.inputs, privateKey] };
    const backend = fixtureBackend({ credentialTypes: () => Promise.resolve([withKey]) });
    renderForm(backend);

    await userEvent.click(await screen.findByTestId("secret-create-private_key"));
    const value = screen.getByTestId("secret-create-value-private_key");
    expect(value.tagName).toBe("TEXTAREA");
    expect(value).toHaveStyle({ fontFamily: "var(--mantine-font-family-monospace)" });
    fireEvent.change(value, { target: { value: "line one" } });
    await userEvent.type(value, "{Enter}line two");

    expect(value).toHaveValue("line one\nline two");
    expect(backend.secretSet).not.toHaveBeenCalled();
    expect(backend.credentialApply).not.toHaveBeenCalled();
  });
});
