import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import { newQueryClient } from "../../AppProviders";
import { BackendError } from "../../backend";
import type { ApiTokenDto } from "../../bindings/ApiTokenDto";
import { createdToken, PLAINTEXT, principalItem, tokenItem } from "../../test/accessFixtures";
import { fixtureBackend, namespaceNode } from "../../test/fixtureBackend";
import { renderWithBackend } from "../../test/render";
import { TokensSection } from "./TokensSection";

const DAY = 86_400_000;
const inDays = (days: number) => new Date(Date.now() + days * DAY).toISOString();
const PRINCIPALS = [principalItem({ name: "ci-deployer" }), principalItem({ name: "alice", kind: "user" })];

async function pickOption(testId: string, label: string) {
  await userEvent.click(await screen.findByTestId(testId));
  await userEvent.click(await screen.findByRole("option", { name: label, hidden: true }));
}

describe("New API token", () => {
  it("sends owner, name, max age, extended and narrowing, then shows the token once; Copy goes through the host", async () => {
    const backend = fixtureBackend({
      principalList: () => Promise.resolve(PRINCIPALS),
      namespaceTree: () => Promise.resolve([namespaceNode("company", [namespaceNode("company.team")], false)]),
      tokenCreate: (req) => Promise.resolve(createdToken({ name: req.name, principal: req.principal, extended: true })),
      tokenCopy: () => Promise.resolve({ clear_after_secs: 30 }),
    });
    const queryClient = newQueryClient();
    renderWithBackend(<TokensSection tenant="main" owner={null} />, backend, queryClient);

    await userEvent.click(await screen.findByTestId("new-token-button"));
    await pickOption("token-owner-select", "ci-deployer (service account)");
    await userEvent.type(screen.getByTestId("token-name-input"), "github-actions deploy");
    await userEvent.type(screen.getByTestId("token-description-input"), "deploys main");
    await userEvent.click(screen.getByRole("radio", { name: "90 days" }));
    await userEvent.click(screen.getByRole("switch", { name: /^Extended expiry/ }));
    expect(screen.getByText(/each use moves the expiry to now \+ max age/)).toBeInTheDocument();
    await userEvent.click(screen.getByTestId("token-narrow-checkbox"));
    await pickOption("token-narrow-role", "use");
    await pickOption("token-narrow-scope", "company.team");
    await userEvent.click(screen.getByTestId("token-submit"));

    const panel = await screen.findByTestId("issued-token-panel");
    expect(backend.tokenCreate).toHaveBeenCalledWith({
      tenant: "main",
      principal: "ci-deployer",
      name: "github-actions deploy",
      description: "deploys main",
      max_age: "P90D",
      extended: true,
      narrowing: { role: "use", scope: { level: "namespace", namespace: "company.team" } },
    });
    expect(within(panel).getByTestId("issued-token-value")).toHaveValue(PLAINTEXT);
    expect(within(panel).getByTestId("issued-token-warning")).toHaveTextContent("it will not be shown again");

    await userEvent.click(within(panel).getByRole("button", { name: "Copy" }));
    expect(backend.tokenCopy).toHaveBeenCalledWith(PLAINTEXT);
    expect(await within(panel).findByRole("status")).toHaveTextContent("it is cleared in 30 s");

    await userEvent.click(within(panel).getByTestId("issued-token-close"));
    await waitFor(() => {
      expect(screen.queryByTestId("issued-token-panel")).not.toBeInTheDocument();
    });
    expect(document.body.innerHTML).not.toContain(PLAINTEXT);
    // Nothing kept it: not the query caches (where a mutation's result and variables live for minutes)…
    const cached = JSON.stringify([
      queryClient.getMutationCache().getAll().map((mutation) => mutation.state),
      queryClient.getQueryCache().getAll().map((query) => query.state.data),
    ]);
    expect(cached).not.toContain(PLAINTEXT);
    // …and the list it returns to offers no way to show it again.
    await waitFor(() => {
      expect(backend.tokenList).toHaveBeenCalledTimes(2);
    });
    expect(screen.queryByTestId("issued-token-value")).not.toBeInTheDocument();
    expect(backend.tokenCopy).toHaveBeenCalledTimes(1);
  });

  it("never expires: no max age, and extended cannot be chosen", async () => {
    const backend = fixtureBackend({
      tokenCreate: () => Promise.resolve(createdToken({ max_age: null, expires_at: null })),
    });
    renderWithBackend(<TokensSection tenant="main" owner="ci-deployer" />, backend);

    await userEvent.click(await screen.findByTestId("new-token-button"));
    expect(screen.getByTestId("token-owner-select")).toHaveValue("ci-deployer");
    await userEvent.type(screen.getByTestId("token-name-input"), "nightly backup");
    await userEvent.click(screen.getByRole("switch", { name: /^Extended expiry/ }));
    await userEvent.click(screen.getByRole("radio", { name: "Never" }));
    expect(screen.getByRole("switch", { name: /^Extended expiry/ })).toBeDisabled();
    await userEvent.click(screen.getByTestId("token-submit"));

    await screen.findByTestId("issued-token-panel");
    expect(backend.tokenCreate).toHaveBeenCalledWith(
      expect.objectContaining({ principal: "ci-deployer", max_age: null, extended: false, narrowing: null }),
    );
  });

  it("shows a refusal with the core's message, and creates nothing", async () => {
    const backend = fixtureBackend({
      tokenCreate: () =>
        Promise.reject(new BackendError("forbidden", "forbidden: token.create needs admin on the tenant main")),
    });
    renderWithBackend(<TokensSection tenant="main" owner="ci-deployer" />, backend);

    await userEvent.click(await screen.findByTestId("new-token-button"));
    await userEvent.type(screen.getByTestId("token-name-input"), "deploy");
    await userEvent.click(screen.getByTestId("token-submit"));

    const error = await screen.findByTestId("token-create-error");
    expect(error).toHaveTextContent("forbidden: token.create needs admin on the tenant main");
    expect(error).toHaveAttribute("data-code", "forbidden");
    expect(screen.queryByTestId("issued-token-panel")).not.toBeInTheDocument();
  });
});

describe("Keyboard", () => {
  it("creates a token, copies it and closes the panel without a mouse", async () => {
    const backend = fixtureBackend({
      tokenCreate: () => Promise.resolve(createdToken()),
      tokenCopy: () => Promise.resolve({ clear_after_secs: 30 }),
    });
    renderWithBackend(<TokensSection tenant="main" owner="ci-deployer" />, backend);

    (await screen.findByTestId("new-token-button")).focus();
    await userEvent.keyboard("{Enter}");
    await waitFor(() => {
      expect(screen.getByTestId("token-name-input")).toHaveFocus();
    });
    await userEvent.keyboard("deploy{Enter}");

    const copy = await screen.findByRole("button", { name: "Copy" });
    await waitFor(() => {
      expect(copy).toHaveFocus();
    });
    await userEvent.keyboard("{Enter}");
    expect(backend.tokenCopy).toHaveBeenCalledWith(PLAINTEXT);
    await userEvent.keyboard("{Escape}");
    await waitFor(() => {
      expect(document.body.innerHTML).not.toContain(PLAINTEXT);
    });
  });
});

describe("Token list", () => {
  it("flags a usable token that expires within 7 days, and no other", async () => {
    const tokens: ApiTokenDto[] = [
      tokenItem({ id: "soon0001", name: "soon", expires_at: inDays(3) }),
      tokenItem({ id: "later001", name: "later", expires_at: inDays(20) }),
      tokenItem({ id: "never001", name: "forever", max_age: null, expires_at: null }),
      tokenItem({ id: "gone0001", name: "gone", expires_at: inDays(2), revoked: true, revoked_at: inDays(-1) }),
    ];
    renderWithBackend(<TokensSection tenant="main" owner={null} />, fixtureBackend({ tokenList: () => Promise.resolve(tokens) }));

    const soon = await screen.findByTestId("token-row-soon0001");
    expect(within(soon).getByTestId("token-expires-soon-soon0001")).toHaveTextContent("expires within 7 days");
    expect(within(soon).getByTestId("token-expiry-soon0001")).toHaveTextContent(/\(in 2 d 23 h\)|\(in 3 d\)/);
    for (const id of ["later001", "never001", "gone0001"]) {
      expect(screen.queryByTestId(`token-expires-soon-${id}`), id).not.toBeInTheDocument();
    }
  });

  it("shows owner, prefix, created, expiry, extended and last use; a revoked token is marked and has no actions", async () => {
    const tokens: ApiTokenDto[] = [
      tokenItem({
        id: "used0001",
        prefix: "kst_used0001…",
        extended: true,
        last_used_at: "2025-01-02T10:00:00Z",
        last_used_from: "127.0.0.1",
        expires_at: inDays(29),
      }),
      tokenItem({ id: "gone0001", revoked: true, revoked_at: inDays(-1), revoked_by: "desktop:alice" }),
    ];
    renderWithBackend(<TokensSection tenant="main" owner={null} />, fixtureBackend({ tokenList: () => Promise.resolve(tokens) }));

    const used = await screen.findByTestId("token-row-used0001");
    expect(used).toHaveTextContent("github-actions deploy");
    expect(used).toHaveTextContent("owner ci-deployer");
    expect(within(used).getByTestId("token-prefix-used0001")).toHaveTextContent("kst_used0001…");
    expect(used).toHaveTextContent(/created .* by desktop:test/);
    expect(within(used).getByTestId("token-settings-used0001")).toHaveTextContent("max age 30 days · extended");
    expect(within(used).getByTestId("token-expiry-used0001")).toHaveTextContent(/\(in 2[89] d/);
    expect(within(used).getByTestId("token-last-used-used0001")).toHaveTextContent(/last used .* from 127\.0\.0\.1/);

    const gone = screen.getByTestId("token-row-gone0001");
    expect(gone).toHaveAttribute("data-state", "revoked");
    expect(within(gone).getByTestId("token-revoked-gone0001")).toHaveTextContent("revoked");
    expect(gone).toHaveTextContent("by desktop:alice");
    expect(within(gone).queryByRole("button")).not.toBeInTheDocument();
  });
});

describe("Revoke and rotate", () => {
  const TOKEN = tokenItem({ id: "Ab3dEf6h", expires_at: inDays(20) });

  it("revokes only after the confirmation, which says clients are refused from their next request", async () => {
    let listed = [TOKEN];
    const backend = fixtureBackend({
      tokenList: () => Promise.resolve(listed),
      tokenRevoke: () => {
        listed = [{ ...TOKEN, revoked: true, revoked_at: new Date().toISOString() }];
        return Promise.resolve(listed[0] ?? TOKEN);
      },
    });
    renderWithBackend(<TokensSection tenant="main" owner={null} />, backend);

    await userEvent.click(await screen.findByRole("button", { name: "Revoke github-actions deploy (kst_Ab3dEf6h…)" }));
    const dialog = await screen.findByRole("dialog", { name: "Revoke API token" });
    expect(dialog).toHaveTextContent("refused from its next request. This cannot be undone.");
    await userEvent.click(within(dialog).getByRole("button", { name: "Cancel" }));
    expect(backend.tokenRevoke).not.toHaveBeenCalled();

    await userEvent.click(screen.getByRole("button", { name: "Revoke github-actions deploy (kst_Ab3dEf6h…)" }));
    await userEvent.click(await screen.findByTestId("revoke-token-confirm"));
    expect(backend.tokenRevoke).toHaveBeenCalledWith("main", "Ab3dEf6h");
    expect(await screen.findByTestId("token-revoked-Ab3dEf6h")).toBeInTheDocument();
  });

  it("shows a conflict with its message and keeps the dialog open", async () => {
    const backend = fixtureBackend({
      tokenList: () => Promise.resolve([TOKEN]),
      tokenRevoke: () => Promise.reject(new BackendError("conflict", "API token kst_Ab3dEf6h… is already revoked")),
    });
    renderWithBackend(<TokensSection tenant="main" owner={null} />, backend);

    await userEvent.click(await screen.findByTestId("revoke-token-Ab3dEf6h"));
    await userEvent.click(await screen.findByTestId("revoke-token-confirm"));

    const error = await screen.findByTestId("revoke-token-error");
    expect(error).toHaveTextContent("API token kst_Ab3dEf6h… is already revoked");
    expect(error).toHaveAttribute("data-code", "conflict");
    expect(screen.getByRole("dialog", { name: "Revoke API token" })).toBeInTheDocument();
  });

  it("rotates with the chosen grace and shows the new token once, in the same panel", async () => {
    const NEW = "kst_Zy9xWv8uTs7rQp6oNm5lKj4iHg3fEd2cBa1zY0";
    const backend = fixtureBackend({
      tokenList: () => Promise.resolve([TOKEN]),
      tokenRotate: () => Promise.resolve(createdToken({ id: "Zy9xWv8u", prefix: "kst_Zy9xWv8u…" }, NEW)),
    });
    renderWithBackend(<TokensSection tenant="main" owner={null} />, backend);

    await userEvent.click(await screen.findByTestId("rotate-token-Ab3dEf6h"));
    const dialog = await screen.findByRole("dialog", { name: "Rotate API token" });
    await userEvent.click(within(dialog).getByRole("radio", { name: "1 day" }));
    await userEvent.click(within(dialog).getByTestId("rotate-token-confirm"));

    const panel = await screen.findByTestId("issued-token-panel");
    expect(backend.tokenRotate).toHaveBeenCalledWith({ tenant: "main", id: "Ab3dEf6h", grace: "P1D" });
    expect(screen.getByRole("dialog", { name: "Token github-actions deploy rotated" })).toBeInTheDocument();
    expect(within(panel).getByTestId("issued-token-value")).toHaveValue(NEW);
    expect(within(panel).getByTestId("issued-token-note")).toHaveTextContent(
      "The old token kst_Ab3dEf6h… keeps working for 1 day.",
    );
    await userEvent.click(within(panel).getByTestId("issued-token-close"));
    await waitFor(() => {
      expect(document.body.innerHTML).not.toContain(NEW);
    });
  });
});
