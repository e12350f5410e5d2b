import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import { BackendError } from "../../backend";
import type { SecretVersionDto } from "../../bindings/SecretVersionDto";
import { fixtureBackend, secretItem, secretMeta } from "../../test/fixtureBackend";
import { renderWithBackend } from "../../test/render";
import { SecretsPanel } from "./SecretsPanel";

const API_KEY = secretItem({ namespace: "company.team", key: "API_KEY", version: 3 });
const CANARY = "canary-value-91c2";

function history(current: number): SecretVersionDto[] {
  return Array.from({ length: current }, (_, index) => ({
    version: index + 1,
    created_at: `2025-01-0${String(index + 1)}T10:00:00Z`,
    created_by: index === 0 ? "desktop:alice" : "desktop:bob",
    current: index + 1 === current,
  }));
}

async function openVersions(key = "API_KEY") {
  await userEvent.click(await screen.findByRole("button", { name: `Actions for ${key}` }));
  await userEvent.click(await screen.findByTestId(`versions-${key}`));
  return screen.findByRole("dialog", { name: `Versions of ${key} in company.team` });
}

describe("Secret versions", () => {
  it("lists versions newest first as metadata only, the current one marked and not restorable", async () => {
    const backend = fixtureBackend({
      secretList: () => Promise.resolve([API_KEY]),
      secretVersions: () => Promise.resolve(history(3)),
    });
    renderWithBackend(<SecretsPanel tenant="main" namespace="company.team" />, backend);

    const dialog = await openVersions();
    const rows = await within(dialog).findAllByTestId(/^version-row-/);
    expect(rows.map((row) => row.dataset.testid)).toEqual(["version-row-3", "version-row-2", "version-row-1"]);
    expect(rows[0]).toHaveTextContent("current");
    expect(rows[2]).toHaveTextContent("desktop:alice");
    expect(within(dialog).queryByTestId("restore-version-3")).not.toBeInTheDocument();
    expect(within(dialog).getByTestId("restore-version-1")).toBeInTheDocument();
    expect(backend.secretVersions).toHaveBeenCalledWith("main", "company.team", "API_KEY");
    expect(backend.secretGet).not.toHaveBeenCalled();
  });

  it("restores only after confirmation and shows the new version number", async () => {
    let current = 3;
    const backend = fixtureBackend({
      secretList: () => Promise.resolve([{ ...API_KEY, version: current }]),
      secretVersions: () => Promise.resolve(history(current)),
      secretRestore: () => {
        current = 4;
        return Promise.resolve(secretMeta(API_KEY, { version: 4 }));
      },
    });
    renderWithBackend(<SecretsPanel tenant="main" namespace="company.team" />, backend);

    const dialog = await openVersions();
    await userEvent.click(await within(dialog).findByTestId("restore-version-1"));
    const confirmBox = within(dialog).getByTestId("restore-confirm-box");
    expect(confirmBox).toHaveTextContent("Its value becomes version 4 of API_KEY");
    expect(backend.secretRestore).not.toHaveBeenCalled();
    await userEvent.click(within(confirmBox).getByTestId("restore-confirm"));

    await waitFor(() => {
      expect(backend.secretRestore).toHaveBeenCalledWith("main", "company.team", "API_KEY", 1);
    });
    expect(await within(dialog).findByTestId("versions-restored")).toHaveTextContent("Version 1 restored as version 4");
    // The history and the row are read again: v4 is now current.
    expect(await within(dialog).findByTestId("version-row-4")).toHaveTextContent("current");
    expect(await screen.findByTestId("secret-flags-API_KEY")).toHaveTextContent("v4");
    expect(document.body).not.toHaveTextContent(CANARY);
  });

  it("shows the core's refusal inside the confirmation", async () => {
    const backend = fixtureBackend({
      secretList: () => Promise.resolve([API_KEY]),
      secretVersions: () => Promise.resolve(history(3)),
      secretRestore: () => Promise.reject(new BackendError("read_only", "API_KEY in company.team is read-only")),
    });
    renderWithBackend(<SecretsPanel tenant="main" namespace="company.team" />, backend);

    const dialog = await openVersions();
    await userEvent.click(await within(dialog).findByTestId("restore-version-2"));
    await userEvent.click(within(dialog).getByTestId("restore-confirm"));

    expect(await within(dialog).findByTestId("restore-error")).toHaveTextContent("API_KEY in company.team is read-only");
  });

  it("explains and disables restore while the secret is read-only", async () => {
    const backend = fixtureBackend({
      secretList: () => Promise.resolve([{ ...API_KEY, read_only: true }]),
      secretVersions: () => Promise.resolve(history(3)),
    });
    renderWithBackend(<SecretsPanel tenant="main" namespace="company.team" />, backend);

    const dialog = await openVersions();
    expect(within(dialog).getByTestId("versions-read-only")).toHaveTextContent("clear the flag");
    expect(await within(dialog).findByTestId("restore-version-1")).toBeDisabled();
  });
});

describe("Copy as a secret reference", () => {
  it("copies {{ secret('KEY') }} through the host without reading the value", async () => {
    const backend = fixtureBackend({
      secretList: () => Promise.resolve([API_KEY]),
      secretReferenceCopy: () => Promise.resolve(),
    });
    renderWithBackend(<SecretsPanel tenant="main" namespace="company.team" />, backend);

    await userEvent.click(await screen.findByRole("button", { name: "Actions for API_KEY" }));
    const item = await screen.findByTestId("copy-reference-API_KEY");
    expect(item).toHaveTextContent("Copy as {{ secret('API_KEY') }}");
    await userEvent.click(item);

    expect(await screen.findByText("{{ secret('API_KEY') }} copied")).toBeInTheDocument();
    expect(backend.secretReferenceCopy).toHaveBeenCalledWith("API_KEY");
    expect(backend.secretGet).not.toHaveBeenCalled();
    expect(backend.secretCopy).not.toHaveBeenCalled();
  });

  it("is offered for an inherited row too (the reference resolves through inheritance)", async () => {
    const inherited = secretItem({ namespace: "company", key: "PARENT_KEY", origin: "company", inherited: true });
    const backend = fixtureBackend({
      secretList: () => Promise.resolve([inherited]),
      secretReferenceCopy: () => Promise.resolve(),
    });
    renderWithBackend(<SecretsPanel tenant="main" namespace="company.team" />, backend);
    await userEvent.click(await screen.findByTestId("show-inherited-switch"));

    await userEvent.click(await screen.findByRole("button", { name: "Actions for PARENT_KEY" }));
    await userEvent.click(await screen.findByTestId("copy-reference-PARENT_KEY"));
    await waitFor(() => {
      expect(backend.secretReferenceCopy).toHaveBeenCalledWith("PARENT_KEY");
    });
  });
});
