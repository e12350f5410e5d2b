import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import { CLIENT_CREDENTIALS, INVALID_CLIENT_RESULT, OK_RESULT } from "../../test/credentialFixtures";
import { credentialItem, fixtureBackend } from "../../test/fixtureBackend";
import { renderWithBackend } from "../../test/render";
import { CredentialsPanel } from "./CredentialsPanel";
import { describeExpiry } from "./expiry";
import { TestResultView } from "./TestResultView";

describe("TestResultView", () => {
  it("shows what a successful test got: token type, expiry, scopes, claims, preview, timing", () => {
    renderWithBackend(<TestResultView result={OK_RESULT} />, fixtureBackend());

    expect(screen.getByTestId("test-result-status")).toHaveTextContent("ok");
    expect(screen.getByText("Bearer")).toBeInTheDocument();
    expect(screen.getByTestId("test-result-expiry")).toHaveTextContent(/^expires in (59m|1h 0m)/);
    expect(screen.getByTestId("test-result-scope-granted")).toHaveTextContent("readdiffers");
    expect(screen.getByTestId("test-result-token-preview")).toHaveTextContent("eyJhbG••••••••");
    expect(screen.getByTestId("test-result-claims")).toHaveTextContent('"sub": "ci-client"');
    expect(screen.getByTestId("test-result-elapsed")).toHaveTextContent("HTTP 200 · 42 ms");
    expect(screen.queryByTestId("test-result-hint")).not.toBeInTheDocument();
  });

  it("shows the error code, the description, the hint and the masked request of a failure", () => {
    renderWithBackend(<TestResultView result={INVALID_CLIENT_RESULT} />, fixtureBackend());

    expect(screen.getByTestId("test-result-status")).toHaveTextContent("failed");
    expect(screen.getByTestId("test-result-error")).toHaveTextContent("invalid_client");
    expect(screen.getByText("HTTP 401")).toBeInTheDocument();
    expect(screen.getByTestId("test-result-error-description")).toHaveTextContent("client authentication failed");
    expect(screen.getByTestId("test-result-hint")).toHaveTextContent("try client_secret_post");
    expect(screen.getByTestId("test-result-request-line")).toHaveTextContent("POST https://idp.example/oauth2/token");
    const headers = screen.getByTestId("test-result-request-headers");
    expect(within(headers).getByText("Basic ••••••••")).toBeInTheDocument();
    expect(screen.getByTestId("test-result-request-body")).toHaveTextContent("grant_typeclient_credentials");
    expect(screen.queryByTestId("test-result-token-preview")).not.toBeInTheDocument();
  });
});

describe("TestResultView hint", () => {
  it("shows What to check in a light alert whose text follows the theme (not white on amber)", () => {
    renderWithBackend(<TestResultView result={INVALID_CLIENT_RESULT} />, fixtureBackend());

    const hint = screen.getByTestId("test-result-hint");
    expect(hint).toHaveAttribute("data-variant", "light");
    expect(hint).toHaveTextContent("What to check");
  });
});

describe("describeExpiry", () => {
  it("counts down and then reports how long ago the token expired", () => {
    const at = Date.parse("2025-01-01T01:00:00Z");
    expect(describeExpiry("2025-01-01T01:00:00Z", at - 3_661_000)).toBe("expires in 1h 1m 1s");
    expect(describeExpiry("2025-01-01T01:00:00Z", at - 5_000)).toBe("expires in 5s");
    expect(describeExpiry("2025-01-01T01:00:00Z", at + 3_000)).toBe("expired 3s ago");
  });
});

describe("CredentialsPanel", () => {
  // The core's listing of company.team with a tenant-level credential it inherits.
  const credential = credentialItem({
    namespace: null,
    name: "okta-ci",
    description: "CI pipelines",
    inputs: { token_url: "https://idp.example/token", client_id: "ci", client_secret: "{{ secret('S') }}" },
    inherited: true,
  });

  it("lists inherited tenant-level credentials and opens the Test result for a row", async () => {
    const backend = fixtureBackend({
      credentialTypes: () => Promise.resolve([CLIENT_CREDENTIALS]),
      credentialList: () => Promise.resolve([credential]),
      credentialTest: () => Promise.resolve(INVALID_CLIENT_RESULT),
    });
    renderWithBackend(<CredentialsPanel tenant="main" namespace="company.team" />, backend);

    const row = await screen.findByTestId("credential-row-okta-ci");
    expect(within(row).getByText("tenant level")).toBeInTheDocument();
    expect(within(row).getByText("inherited")).toBeInTheDocument();
    expect(within(row).getByText("OAuth2 client credentials")).toBeInTheDocument();
    // The panel asks for the effective listing: what company.team sees, inherited rows included.
    expect(backend.credentialList).toHaveBeenCalledWith({
      tenant: "main",
      namespace: "company.team",
      effective: true,
      type: null,
      order_by: null,
    });
    await userEvent.click(within(row).getByTestId("test-okta-ci"));

    expect(await screen.findByTestId("test-result-hint")).toHaveTextContent("client_secret_post");
    expect(screen.getByTestId("test-result")).toHaveTextContent("okta-ci");
    // Test runs the credential as the open namespace resolves it: the core picks the nearest definition.
    expect(backend.credentialTest.mock.calls).toEqual([["main", "company.team", "okta-ci"]]);
  });
});
