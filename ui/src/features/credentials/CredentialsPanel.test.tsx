import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import { DEPLOY_TARGET, OK_RESULT } from "../../test/credentialFixtures";
import { fixtureBackend } from "../../test/fixtureBackend";
import { renderWithBackend } from "../../test/render";
import { CredentialsPanel } from "./CredentialsPanel";

describe("CredentialsPanel layers", () => {
  it("closes only the Test drawer on Escape and keeps the unsaved form underneath", async () => {
    const backend = fixtureBackend({
      credentialTypes: () => Promise.resolve([DEPLOY_TARGET]),
      credentialTestDefinition: (_tenant, def) => Promise.resolve({ ...OK_RESULT, credential: def.name }),
    });
    renderWithBackend(<CredentialsPanel tenant="main" namespace="company.team" />, backend);

    await userEvent.click(await screen.findByTestId("new-credential-button"));
    await userEvent.type(await screen.findByTestId("credential-name-input"), "deploy-prod");
    await userEvent.type(screen.getByTestId("field-host"), "deploy.example");
    await userEvent.click(screen.getByTestId("credential-form-test"));
    expect(await screen.findByTestId("test-result")).toHaveTextContent("deploy-prod");

    await userEvent.keyboard("{Escape}");

    await waitFor(() => {
      expect(screen.queryByTestId("test-result")).not.toBeInTheDocument();
    });
    expect(screen.getByTestId("credential-name-input")).toHaveValue("deploy-prod");
    expect(screen.getByTestId("field-host")).toHaveValue("deploy.example");

    // With the drawer gone, Escape closes the form as usual.
    await userEvent.keyboard("{Escape}");
    await waitFor(() => {
      expect(screen.queryByTestId("credential-name-input")).not.toBeInTheDocument();
    });
  });
});
