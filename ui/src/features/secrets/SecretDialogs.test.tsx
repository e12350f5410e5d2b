import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import type { SecretListItem } from "../../bindings/SecretListItem";
import type { SecretSetRequest } from "../../bindings/SecretSetRequest";
import { fixtureBackend, secretItem, secretMeta } from "../../test/fixtureBackend";
import { renderWithBackend } from "../../test/render";
import { SecretsPanel } from "./SecretsPanel";

function listing(own: SecretListItem[], inherited: SecretListItem[] = []) {
  return (_tenant: string, _namespace: string, effective: boolean) =>
    Promise.resolve(effective ? [...own, ...inherited] : own);
}

const API_KEY = secretItem({ namespace: "company.team", key: "API_KEY", version: 3, description: "old words" });

async function openMenuItem(key: string, testId: string) {
  await userEvent.click(await screen.findByRole("button", { name: `Actions for ${key}` }));
  await userEvent.click(await screen.findByTestId(testId));
}

describe("Edit secret", () => {
  it("writes version N+1 with the new value and description, the key fixed", async () => {
    const backend = fixtureBackend({
      secretList: listing([API_KEY]),
      secretSet: (req: SecretSetRequest) => Promise.resolve(secretMeta(API_KEY, { version: 4, description: req.description ?? "" })),
    });
    renderWithBackend(<SecretsPanel tenant="main" namespace="company.team" />, backend);

    await openMenuItem("API_KEY", "edit-secret-API_KEY");
    const dialog = await screen.findByRole("dialog", { name: "Edit API_KEY in company.team" });
    expect(within(dialog).getByTestId("secret-key-input")).toHaveValue("API_KEY");
    expect(within(dialog).getByTestId("secret-key-input")).toHaveAttribute("readonly");
    expect(dialog).toHaveTextContent("Saving creates version 4 of API_KEY");
    const description = within(dialog).getByTestId("secret-description-input");
    expect(description).toHaveValue("old words");
    await userEvent.type(within(dialog).getByTestId("secret-value-input"), "rotated-value");
    await userEvent.clear(description);
    await userEvent.type(description, "new words");
    await userEvent.click(within(dialog).getByTestId("secret-submit"));

    await waitFor(() => {
      expect(backend.secretSet).toHaveBeenCalledWith({
        tenant: "main",
        namespace: "company.team",
        key: "API_KEY",
        value: "rotated-value",
        description: "new words",
        read_only: null,
      });
    });
    expect(await screen.findByText("API_KEY saved in company.team (v4)")).toBeInTheDocument();
  });

  it("asks for the new value instead of writing an empty one", async () => {
    const backend = fixtureBackend({ secretList: listing([API_KEY]) });
    renderWithBackend(<SecretsPanel tenant="main" namespace="company.team" />, backend);

    await openMenuItem("API_KEY", "edit-secret-API_KEY");
    await userEvent.click(await screen.findByTestId("secret-submit"));

    expect(await screen.findByText(/Enter the new value/)).toBeInTheDocument();
    expect(backend.secretSet).not.toHaveBeenCalled();
  });
});

describe("New secret", () => {
  it("refuses a key that already exists in this namespace and offers Edit", async () => {
    const backend = fixtureBackend({ secretList: listing([API_KEY]) });
    renderWithBackend(<SecretsPanel tenant="main" namespace="company.team" />, backend);
    await screen.findByTestId("secret-row-API_KEY");

    await userEvent.click(screen.getByTestId("new-secret-button"));
    await userEvent.type(await screen.findByTestId("secret-key-input"), "API_KEY");
    await userEvent.type(screen.getByTestId("secret-value-input"), "would-overwrite");
    await userEvent.click(screen.getByTestId("secret-submit"));

    expect(await screen.findByText("API_KEY already exists in company.team (v3)")).toBeInTheDocument();
    expect(backend.secretSet).not.toHaveBeenCalled();
    await userEvent.click(screen.getByRole("button", { name: "Edit API_KEY" }));
    expect(await screen.findByRole("dialog", { name: "Edit API_KEY in company.team" })).toHaveTextContent(
      "Saving creates version 4 of API_KEY",
    );
  });

  it("creates a key that a parent defines, saying that it will shadow the parent's", async () => {
    const parent = secretItem({ namespace: "company", key: "API_KEY", origin: "company", inherited: true });
    const backend = fixtureBackend({
      secretList: listing([], [parent]),
      secretSet: (req: SecretSetRequest) =>
        Promise.resolve(secretMeta(secretItem({ namespace: req.namespace, key: req.key }))),
    });
    renderWithBackend(<SecretsPanel tenant="main" namespace="company.team" />, backend);

    await userEvent.click(await screen.findByTestId("new-secret-button"));
    await userEvent.type(await screen.findByTestId("secret-key-input"), "API_KEY");
    expect(await screen.findByTestId("secret-shadow-notice")).toHaveTextContent(
      "Saving here shadows API_KEY from company: company.team and the namespaces below it will use this value",
    );
    await userEvent.type(screen.getByTestId("secret-value-input"), "team-value");
    await userEvent.click(screen.getByTestId("secret-submit"));

    await waitFor(() => {
      expect(backend.secretSet).toHaveBeenCalledWith(
        expect.objectContaining({ namespace: "company.team", key: "API_KEY", value: "team-value" }),
      );
    });
  });
});

describe("Read-only toggle", () => {
  it("sets and clears the flag from the row, with a one-line explanation", async () => {
    let current = API_KEY;
    const backend = fixtureBackend({
      secretList: () => Promise.resolve([current]),
      secretSetReadOnly: (_tenant, _namespace, _key, readOnly) => {
        current = { ...current, read_only: readOnly };
        return Promise.resolve(secretMeta(current));
      },
    });
    renderWithBackend(<SecretsPanel tenant="main" namespace="company.team" />, backend);

    await userEvent.click(await screen.findByRole("button", { name: "Actions for API_KEY" }));
    const set = await screen.findByTestId("read-only-API_KEY");
    expect(set).toHaveTextContent("Set read-only");
    expect(set).toHaveTextContent("Refuses new values and deletion until cleared");
    await userEvent.click(set);
    await waitFor(() => {
      expect(backend.secretSetReadOnly).toHaveBeenLastCalledWith("main", "company.team", "API_KEY", true);
    });
    expect(await screen.findByTestId("secret-flags-API_KEY")).toHaveTextContent("read-only");

    await userEvent.click(screen.getByRole("button", { name: "Actions for API_KEY" }));
    const clear = await screen.findByTestId("read-only-API_KEY");
    expect(clear).toHaveTextContent("Clear read-only");
    await userEvent.click(clear);
    await waitFor(() => {
      expect(backend.secretSetReadOnly).toHaveBeenLastCalledWith("main", "company.team", "API_KEY", false);
    });
    await waitFor(() => {
      expect(screen.getByTestId("secret-row-API_KEY")).not.toHaveTextContent("read-only");
    });
  });
});

describe("Delete secret", () => {
  it("says the parent's value comes back when the deleted secret shadows one", async () => {
    const shadowing = { ...API_KEY, shadows: ["company"] };
    const backend = fixtureBackend({ secretList: listing([shadowing]) });
    renderWithBackend(<SecretsPanel tenant="main" namespace="company.team" />, backend);

    await openMenuItem("API_KEY", "delete-API_KEY");

    const dialog = await screen.findByRole("dialog", { name: "Delete secret" });
    expect(dialog).toHaveTextContent(
      "company.team and the namespaces below it then use API_KEY from company again",
    );
    expect(dialog).not.toHaveTextContent("lose it");
  });

  it("says children lose a secret that shadows nothing", async () => {
    const backend = fixtureBackend({ secretList: listing([API_KEY]) });
    renderWithBackend(<SecretsPanel tenant="main" namespace="company.team" />, backend);

    await openMenuItem("API_KEY", "delete-API_KEY");

    expect(await screen.findByRole("dialog", { name: "Delete secret" })).toHaveTextContent(
      "Namespaces below company.team that inherit it lose it too",
    );
  });
});
