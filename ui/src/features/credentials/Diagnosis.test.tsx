import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import type { CredentialDefinition } from "../../bindings/CredentialDefinition";
import { CLIENT_CREDENTIALS, INVALID_CLIENT_RESULT, OK_RESULT } from "../../test/credentialFixtures";
import { credentialItem, fixtureBackend } from "../../test/fixtureBackend";
import { renderWithBackend } from "../../test/render";
import { CredentialsPanel } from "./CredentialsPanel";
import { TestResultView } from "./TestResultView";

const credential = credentialItem({
  namespace: "company",
  name: "okta-ci",
  inputs: {
    token_url: "https://idp.example/token",
    client_id: "ci",
    client_secret: "{{ secret('S') }}",
    auth_method: "client_secret_basic",
  },
  inherited: true,
});

describe("Test diagnosis", () => {
  it("shows the finding, the facts it rests on and, without a way to apply it, the fix in words", () => {
    renderWithBackend(<TestResultView result={INVALID_CLIENT_RESULT} />, fixtureBackend());

    const card = screen.getByTestId("diagnosis-auth_method");
    expect(card).toHaveTextContent("Diagnosis: Client authentication");
    expect(within(card).getByTestId("diagnosis-finding")).toHaveTextContent("accepts client_secret_post, not client_secret_basic");
    expect(within(card).getByTestId("diagnosis-facts")).toHaveTextContent("token_endpoint_auth_methods_supported");
    expect(within(card).getByTestId("diagnosis-fix-words")).toHaveTextContent("Fix: set auth_method to client_secret_post.");
  });

  it("applies the fix to the saved credential where it is defined, then Tests again", async () => {
    const saved: CredentialDefinition[] = [];
    let tests = 0;
    const backend = fixtureBackend({
      credentialTypes: () => Promise.resolve([CLIENT_CREDENTIALS]),
      credentialList: () => Promise.resolve([credential]),
      credentialShow: () => Promise.resolve(credential),
      credentialApply: (_tenant, def) => {
        saved.push(def);
        return Promise.resolve({ ...credential, inputs: def.inputs });
      },
      credentialTest: () => Promise.resolve(tests++ === 0 ? INVALID_CLIENT_RESULT : OK_RESULT),
    });
    renderWithBackend(<CredentialsPanel tenant="main" namespace="company.team" />, backend);

    await userEvent.click(await screen.findByTestId("test-okta-ci"));
    await userEvent.click(await screen.findByRole("button", { name: "Switch to client_secret_post" }));

    expect(await screen.findByTestId("test-result-status")).toHaveTextContent("ok");
    expect(backend.credentialShow).toHaveBeenCalledWith("main", "company.team", "okta-ci");
    expect(saved).toHaveLength(1);
    expect(saved[0]?.namespace).toBe("company");
    expect(saved[0]?.inputs).toEqual({ ...credential.inputs, auth_method: "client_secret_post" });
    expect(backend.credentialTest.mock.calls).toEqual([
      ["main", "company.team", "okta-ci"],
      ["main", "company.team", "okta-ci"],
    ]);
  });

  it("applies the fix to the open form and Tests the unsaved definition again", async () => {
    const own = { ...credential, namespace: "company.team", inherited: false };
    const tested: CredentialDefinition[] = [];
    const backend = fixtureBackend({
      credentialTypes: () => Promise.resolve([CLIENT_CREDENTIALS]),
      credentialList: () => Promise.resolve([own]),
      secretList: () => Promise.resolve([]),
      credentialTestDefinition: (_tenant, def) => {
        tested.push(def);
        return Promise.resolve(tested.length === 1 ? INVALID_CLIENT_RESULT : OK_RESULT);
      },
    });
    renderWithBackend(<CredentialsPanel tenant="main" namespace="company.team" />, backend);

    await userEvent.click(await screen.findByTestId("credential-actions-okta-ci"));
    await userEvent.click(await screen.findByTestId("edit-okta-ci"));
    await userEvent.click(await screen.findByTestId("credential-form-test"), { pointerEventsCheck: 0 });
    await userEvent.click(await screen.findByTestId("diagnosis-fix"), { pointerEventsCheck: 0 });

    expect(await screen.findByTestId("test-result-status")).toHaveTextContent("ok");
    expect(tested.map((def) => def.inputs.auth_method)).toEqual(["client_secret_basic", "client_secret_post"]);
    // The form under the drawer shows the fix, ready to save.
    expect(backend.credentialApply).not.toHaveBeenCalled();
  });
});
