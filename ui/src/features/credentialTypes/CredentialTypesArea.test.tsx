import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";

import { BackendError, type Backend } from "../../backend";
import type { CallerInfo } from "../../bindings/CallerInfo";
import { CLIENT_CREDENTIALS, DEPLOY_TARGET } from "../../test/credentialFixtures";
import { fixtureBackend } from "../../test/fixtureBackend";
import { renderWithBackend } from "../../test/render";
import { RightsProvider } from "../rights/RightsContext";
import { CredentialTypesArea } from "./CredentialTypesArea";

const IN_USE = "credential type deploy_target is used by 2 credential(s):\n  - ops.eu/deploy\n  - shared (tenant level)\nDelete them, or save them with another type, first.";

function typesBackend(overrides: Partial<Backend> = {}) {
  return fixtureBackend({ credentialTypes: () => Promise.resolve([CLIENT_CREDENTIALS, DEPLOY_TARGET]), ...overrides });
}

describe("Credential types area", () => {
  it("lists built-in types as read-only and custom types with Edit and Delete", async () => {
    renderWithBackend(<CredentialTypesArea tenant="main" />, typesBackend());

    const builtin = await screen.findByTestId("credential-type-row-oauth2_client_credentials");
    expect(within(builtin).getByTestId("credential-type-builtin-oauth2_client_credentials")).toHaveTextContent("built-in");
    expect(within(builtin).getByTestId("credential-type-open-oauth2_client_credentials")).toHaveTextContent("View");
    expect(within(builtin).queryByText("Delete")).not.toBeInTheDocument();
    const custom = screen.getByTestId("credential-type-row-deploy_target");
    expect(within(custom).getByTestId("credential-type-open-deploy_target")).toHaveTextContent("Edit");
    expect(within(custom).getByTestId("credential-type-delete-deploy_target")).toBeInTheDocument();
  });

  it("shows a built-in type's inputs and the form it generates, without a way to save", async () => {
    renderWithBackend(<CredentialTypesArea tenant="main" />, typesBackend());

    await userEvent.click(await screen.findByTestId("credential-type-open-oauth2_client_credentials"));

    expect(await screen.findByTestId("type-inputs-readonly")).toHaveTextContent("client_secret");
    const preview = screen.getByTestId("type-preview");
    expect(within(preview).getByTestId("field-client_id")).toBeRequired();
    expect(within(preview).getByTestId("secret-picker-client_secret")).toBeInTheDocument();
    expect(screen.queryByTestId("type-save")).not.toBeInTheDocument();
    expect(screen.getByTestId("type-id-input")).toBeDisabled();
  });

  it("shows the core's refusal when the type is in use, and deletes it once it is not", async () => {
    let inUse = true;
    const backend = typesBackend({
      credentialTypeDelete: () => (inUse ? Promise.reject(new BackendError("conflict", IN_USE)) : Promise.resolve()),
    });
    renderWithBackend(<CredentialTypesArea tenant="main" />, backend);

    await userEvent.click(await screen.findByTestId("credential-type-delete-deploy_target"));
    await userEvent.click(await screen.findByTestId("type-delete-confirm"));

    const error = await screen.findByTestId("type-delete-error");
    expect(error).toHaveAttribute("data-code", "conflict");
    expect(error).toHaveTextContent("ops.eu/deploy");
    expect(error).toHaveTextContent("shared (tenant level)");

    inUse = false;
    await userEvent.click(screen.getByTestId("type-delete-confirm"));
    await waitFor(() => {
      expect(screen.queryByTestId("type-delete-confirm")).not.toBeInTheDocument();
    });
    expect(backend.credentialTypeDelete).toHaveBeenLastCalledWith("main", "deploy_target");
    // The list is asked again: forms stop offering the deleted type.
    await waitFor(() => {
      expect(backend.credentialTypes.mock.calls.length).toBeGreaterThan(1);
    });
  });

  it("offers New and Delete to tenant admins only, and asks nothing when a denied one is clicked", async () => {
    const caller: CallerInfo = {
      actor: "ns-admin",
      local_admin: false,
      tenant: "main",
      principal: "ns-admin",
      token_prefix: "kst_AbCd1234…",
      bindings: [{ role: "admin", scope: { level: "namespace", namespace: "company" } }],
      narrowing: null,
    };
    const backend = typesBackend();
    renderWithBackend(
      <RightsProvider rights={{ kind: "token", caller }}>
        <CredentialTypesArea tenant="main" />
      </RightsProvider>,
      backend,
    );

    const create = await screen.findByTestId("new-credential-type-button");
    await vi.waitFor(() => {
      expect(create).toHaveAttribute("aria-disabled", "true");
    });
    const remove = await screen.findByTestId("credential-type-delete-deploy_target");
    expect(remove).toHaveAttribute("aria-disabled", "true");
    expect(screen.getByTestId("credential-type-open-deploy_target")).toHaveTextContent("View");

    await userEvent.click(create);
    await userEvent.click(remove);
    expect(screen.queryByTestId("type-editor-modal")).not.toBeInTheDocument();
    expect(screen.queryByTestId("type-delete-confirm")).not.toBeInTheDocument();
    expect(backend.credentialTypeDelete).not.toHaveBeenCalled();
  });
});
