import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";

import { BackendError } from "../../backend";
import type { PrincipalCreateRequest } from "../../bindings/PrincipalCreateRequest";
import { bindingItem, principalDetail, principalItem, tokenItem } from "../../test/accessFixtures";
import { fixtureBackend } from "../../test/fixtureBackend";
import { renderWithBackend } from "../../test/render";
import { PrincipalsPanel } from "./PrincipalsPanel";

const CI = principalItem({ name: "ci-deployer", description: "GitHub Actions" });

function renderPanel(overrides: Parameters<typeof fixtureBackend>[0]) {
  const backend = fixtureBackend(overrides);
  const onOpen = vi.fn();
  renderWithBackend(<PrincipalsPanel tenant="main" onOpen={onOpen} />, backend);
  return { backend, onOpen };
}

async function fillNewPrincipal(kind: "Service account" | "User", name: string, description = "") {
  await userEvent.click(await screen.findByTestId("new-principal-button"));
  await userEvent.click(await screen.findByRole("radio", { name: kind }));
  await userEvent.type(screen.getByTestId("principal-name-input"), name);
  if (description !== "") await userEvent.type(screen.getByTestId("principal-description-input"), description);
  await userEvent.click(screen.getByTestId("principal-submit"));
}

describe("New user or service account", () => {
  it("creates one with its kind, name and description, then opens it", async () => {
    const { backend, onOpen } = renderPanel({
      principalCreate: (req: PrincipalCreateRequest) => Promise.resolve(principalItem({ ...req })),
    });

    await fillNewPrincipal("User", "alice", "on-call lead");

    await waitFor(() => {
      expect(onOpen).toHaveBeenCalledWith("alice");
    });
    expect(backend.principalCreate).toHaveBeenCalledWith({
      tenant: "main",
      kind: "user",
      name: "alice",
      description: "on-call lead",
    });
    expect(backend.principalList).toHaveBeenCalledTimes(2);
  });

  it("refuses a name the core would refuse, without asking it", async () => {
    const { backend } = renderPanel({});

    await fillNewPrincipal("Service account", "CI_Deployer");

    expect(await screen.findByText(/Use lowercase letters, digits and '-'/)).toBeInTheDocument();
    expect(backend.principalCreate).not.toHaveBeenCalled();
  });

  it("shows a taken name under the field, with the core's message", async () => {
    renderPanel({
      principalCreate: () =>
        Promise.reject(new BackendError("conflict", "a user or service account ci-deployer already exists in main")),
    });

    await fillNewPrincipal("Service account", "ci-deployer");

    const name = screen.getByTestId("principal-name-input");
    await waitFor(() => {
      expect(name).toHaveAttribute("aria-invalid", "true");
      expect(name).toHaveAccessibleDescription(
        expect.stringContaining("a user or service account ci-deployer already exists in main"),
      );
    });
  });

  it("shows a refusal with its message and code", async () => {
    renderPanel({
      principalCreate: () => Promise.reject(new BackendError("forbidden", "principal.create needs admin on tenant main")),
    });

    await fillNewPrincipal("Service account", "ci-deployer");

    const error = await screen.findByTestId("principal-create-error");
    expect(error).toHaveTextContent("principal.create needs admin on tenant main");
    expect(error).toHaveTextContent("code: forbidden");
  });
});

describe("Principal list", () => {
  it("disables from the row's menu and shows the state", async () => {
    let current = CI;
    const { backend } = renderPanel({
      principalList: () => Promise.resolve([current]),
      principalSetDisabled: (_tenant, _name, disabled) => {
        current = { ...current, disabled };
        return Promise.resolve(current);
      },
    });

    await userEvent.click(await screen.findByRole("button", { name: "Actions for ci-deployer" }));
    await userEvent.click(await screen.findByTestId("toggle-disabled-ci-deployer"));

    expect(await screen.findByTestId("principal-disabled-ci-deployer")).toHaveTextContent("disabled");
    expect(backend.principalSetDisabled).toHaveBeenCalledWith("main", "ci-deployer", true);
  });

  it("deletes only after a confirmation that says its tokens and bindings go too", async () => {
    const { backend } = renderPanel({
      principalList: () => Promise.resolve([CI]),
      principalShow: () =>
        Promise.resolve(
          principalDetail(CI, {
            tokens: [tokenItem(), tokenItem({ id: "second01" })],
            bindings: [bindingItem({ principal: "ci-deployer", role: "use" })],
          }),
        ),
      principalDelete: () => Promise.resolve(),
    });

    await userEvent.click(await screen.findByRole("button", { name: "Actions for ci-deployer" }));
    await userEvent.click(await screen.findByTestId("delete-principal-ci-deployer"));
    const dialog = await screen.findByRole("dialog", { name: "Delete service account" });
    await waitFor(() => {
      expect(within(dialog).getByTestId("delete-principal-question")).toHaveTextContent(
        "Its API tokens and role bindings are deleted with it (2 tokens, 1 binding)",
      );
    });
    expect(backend.principalDelete).not.toHaveBeenCalled();
    await userEvent.click(within(dialog).getByTestId("delete-principal-confirm"));

    await waitFor(() => {
      expect(backend.principalDelete).toHaveBeenCalledWith("main", "ci-deployer");
    });
  });
});
