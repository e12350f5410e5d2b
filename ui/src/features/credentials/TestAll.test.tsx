import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import { BackendError } from "../../backend";
import { CLIENT_CREDENTIALS, INVALID_CLIENT_RESULT, OK_RESULT } from "../../test/credentialFixtures";
import { credentialItem, fixtureBackend } from "../../test/fixtureBackend";
import { renderWithBackend } from "../../test/render";
import { CredentialsPanel } from "./CredentialsPanel";
import { TEST_ALL_CONCURRENCY } from "./TestAllModal";

describe("Test all", () => {
  it("tests every listed credential as the namespace resolves it, a few at a time, and sums up", async () => {
    const names = ["a", "b", "c", "d", "e", "f"];
    let inFlight = 0;
    let most = 0;
    const backend = fixtureBackend({
      credentialTypes: () => Promise.resolve([CLIENT_CREDENTIALS]),
      credentialList: () => Promise.resolve(names.map((name) => credentialItem({ namespace: "company", name }))),
      credentialTest: async (_tenant, _namespace, name) => {
        inFlight += 1;
        most = Math.max(most, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 20));
        inFlight -= 1;
        if (name === "c") throw new BackendError("forbidden", "needs use on prod");
        return name === "e" ? { ...INVALID_CLIENT_RESULT, credential: name } : { ...OK_RESULT, credential: name };
      },
    });
    renderWithBackend(<CredentialsPanel tenant="main" namespace="company.team" />, backend);

    await screen.findByTestId("credential-row-a");
    await userEvent.click(screen.getByTestId("test-all-button"));

    expect(await screen.findByTestId("test-all-close")).toBeInTheDocument();
    expect(screen.getByTestId("test-all-summary")).toHaveTextContent(/^4 ok, 2 failed in \d+\.\d s$/);
    expect(backend.credentialTest.mock.calls.map((call) => call.slice(1))).toEqual(
      names.map((name) => ["company.team", name]),
    );
    expect(most).toBeLessThanOrEqual(TEST_ALL_CONCURRENCY);
    expect(most).toBeGreaterThan(1);
    const failed = screen.getByTestId("test-all-row-c");
    expect(failed).toHaveTextContent("needs use on prod");
    const diagnosed = screen.getByTestId("test-all-row-e");
    expect(diagnosed).toHaveTextContent("invalid_client");
    expect(diagnosed).toHaveTextContent("diagnosed");

    await userEvent.click(within(diagnosed).getByRole("button", { name: "Show the result of e" }));
    expect(await screen.findByTestId("diagnosis-auth_method")).toBeInTheDocument();
  });
});
