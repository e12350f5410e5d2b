// A KV pair, a credential or a principal deleted leaves its listing at once and comes back when the host refuses: put
// back by the UI (the listing's refetch is held open), in its place.
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";

import { BackendError } from "../backend";
import { principalDetail, principalItem } from "../test/accessFixtures";
import { DEPLOY_TARGET } from "../test/credentialFixtures";
import { credentialItem, fixtureBackend } from "../test/fixtureBackend";
import { firstThenHeld } from "../test/firstThenHeld";
import { gate } from "../test/gate";
import { kvItem } from "../test/kvFixtures";
import { renderWithBackend } from "../test/render";
import { PrincipalsPanel } from "./access/PrincipalsPanel";
import { CredentialsPanel } from "./credentials/CredentialsPanel";
import { KvPanel } from "./kv/KvPanel";

describe("optimistic deletes", () => {
  it("a KV pair leaves at once and comes back with the conflict when the core refuses", async () => {
    const answer = gate<never>();
    const backend = fixtureBackend({
      kvList: firstThenHeld([kvItem({ namespace: "company", key: "cursor", version: 3 }), kvItem({ namespace: "company", key: "lease", version: 1 })]),
      kvDelete: () => answer.promise,
    });
    renderWithBackend(<KvPanel tenant="main" namespace="company" />, backend);

    await userEvent.click(await screen.findByRole("button", { name: "Actions for cursor" }));
    await userEvent.click(await screen.findByTestId("delete-kv-cursor"));
    const dialog = await screen.findByRole("dialog", { name: "Delete KV pair" });
    await userEvent.click(within(dialog).getByTestId("kv-delete-confirm"));
    await waitFor(() => {
      expect(screen.queryByTestId("kv-row-cursor")).not.toBeInTheDocument();
    });
    // The dialog stays until the core answers, so its outcome is seen.
    expect(within(dialog).getByRole("button", { name: "Cancel" })).toBeDisabled();
    expect(screen.getByTestId("kv-row-lease")).toBeInTheDocument();

    answer.settle()?.reject(new BackendError("conflict", "KV pair cursor in company is at version 4, not 3"));
    expect(await screen.findByTestId("kv-row-cursor")).toBeInTheDocument();
    expect(screen.getAllByTestId(/^kv-row-/).map((row) => row.dataset.testid)).toEqual(["kv-row-cursor", "kv-row-lease"]);
    expect(await within(dialog).findByTestId("kv-delete-error")).toHaveTextContent("is at version 4, not 3");
  });

  it("a credential leaves at once and comes back when the delete fails", async () => {
    const answer = gate<never>();
    const backend = fixtureBackend({
      credentialTypes: () => Promise.resolve([DEPLOY_TARGET]),
      credentialList: firstThenHeld([
        credentialItem({ name: "okta", namespace: "company", type: DEPLOY_TARGET.id }),
        credentialItem({ name: "github", namespace: "company", type: DEPLOY_TARGET.id }),
      ]),
      credentialDelete: () => answer.promise,
    });
    renderWithBackend(<CredentialsPanel tenant="main" namespace="company" />, backend);

    await userEvent.click(await screen.findByTestId("credential-actions-okta"));
    await userEvent.click(await screen.findByTestId("delete-credential-okta"));
    await userEvent.click(await screen.findByTestId("credential-delete-confirm"));
    await waitFor(() => {
      expect(screen.queryByTestId("credential-row-okta")).not.toBeInTheDocument();
    });
    expect(screen.getByTestId("credential-row-github")).toBeInTheDocument();

    answer.settle()?.reject(new BackendError("forbidden", "credential.delete needs admin on company"));
    expect(await screen.findByTestId("credential-row-okta")).toBeInTheDocument();
    expect(await screen.findByTestId("credential-delete-error")).toHaveTextContent("needs admin on company");
  });

  it("a principal leaves the list at once and comes back when the delete is refused", async () => {
    const answer = gate<never>();
    const backend = fixtureBackend({
      principalList: firstThenHeld([principalItem({ name: "ci-deployer" }), principalItem({ name: "nightly" })]),
      principalShow: (_tenant, name) => Promise.resolve(principalDetail(principalItem({ name }))),
      principalDelete: () => answer.promise,
    });
    renderWithBackend(<PrincipalsPanel tenant="main" onOpen={vi.fn()} />, backend);

    await userEvent.click(await screen.findByRole("button", { name: "Actions for ci-deployer" }));
    await userEvent.click(await screen.findByTestId("delete-principal-ci-deployer"));
    const dialog = await screen.findByRole("dialog", { name: "Delete service account" });
    await userEvent.click(within(dialog).getByTestId("delete-principal-confirm"));
    await waitFor(() => {
      expect(screen.queryByRole("button", { name: "Actions for ci-deployer" })).not.toBeInTheDocument();
    });
    expect(screen.getByRole("button", { name: "Actions for nightly" })).toBeInTheDocument();

    answer.settle()?.reject(new BackendError("forbidden", "principal.delete needs admin on the tenant"));
    expect(await screen.findByRole("button", { name: "Actions for ci-deployer" })).toBeInTheDocument();
    expect(await within(dialog).findByTestId("delete-principal-error")).toHaveTextContent("needs admin on the tenant");
  });
});
