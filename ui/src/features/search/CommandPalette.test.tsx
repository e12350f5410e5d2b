import { createSpotlight } from "@mantine/spotlight";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";

import type { NamespaceNode } from "../../bindings/NamespaceNode";
import { principalItem, tokenItem } from "../../test/accessFixtures";
import { credentialItem, fixtureBackend, secretItem } from "../../test/fixtureBackend";
import { kvItem } from "../../test/kvFixtures";
import type { CallerInfo } from "../../bindings/CallerInfo";
import { RightsProvider } from "../rights/RightsContext";
import { renderWithBackend } from "../../test/render";
import { CommandPalette } from "./CommandPalette";

function node(id: string, fields: Partial<NamespaceNode> = {}): NamespaceNode {
  return { id, segment: id.split(".").pop() ?? id, explicit: true, secret_count: 0, access: "admin", children: [], ...fields };
}

const TREE: NamespaceNode[] = [
  node("company", { secret_count: 1, children: [node("company.team", { secret_count: 1 })] }),
  node("billing", { explicit: false, children: [node("billing.jobs")] }),
];

// Values and previews that must never reach the palette.
const KV_PREVIEW = "kv-preview-canary";
const DESCRIPTION = "description-canary";

function backendWithNames() {
  return fixtureBackend({
    namespaceTree: () => Promise.resolve(TREE),
    secretList: (_tenant, namespace) =>
      Promise.resolve(
        namespace === "company.team"
          ? [secretItem({ namespace, key: "DB_PASSWORD", description: DESCRIPTION })]
          : [secretItem({ namespace, key: "API_KEY" })],
      ),
    credentialList: () =>
      Promise.resolve([
        credentialItem({ name: "okta-ci", namespace: "company", description: DESCRIPTION }),
        credentialItem({ name: "github-bot", namespace: null }),
      ]),
    kvList: ({ namespace }) =>
      Promise.resolve(namespace === "billing.jobs" ? [kvItem({ namespace, key: "db_cursor", preview: KV_PREVIEW })] : []),
    principalList: () => Promise.resolve([principalItem({ name: "ci-deployer", kind: "service_account" })]),
    tokenList: () => Promise.resolve([tokenItem({ name: "deploy token", principal: "ci-deployer" })]),
  });
}

function renderPalette(backend = backendWithNames()) {
  const [store] = createSpotlight();
  const onNavigate = vi.fn();
  renderWithBackend(<CommandPalette tenant="main" store={store} onNavigate={onNavigate} />, backend);
  return { backend, onNavigate };
}

async function openWithShortcut() {
  await userEvent.keyboard("{Control>}k{/Control}");
  return screen.findByTestId("palette-input");
}

describe("Command palette", () => {
  it("fetches nothing until it is opened, then only the lists that can hold names", async () => {
    const { backend } = renderPalette();
    expect(backend.namespaceTree).not.toHaveBeenCalled();
    expect(backend.secretList).not.toHaveBeenCalled();

    await openWithShortcut();
    await screen.findByTestId("palette-result-kv-billing.jobs-db_cursor");

    // Secrets only where the tree counts some; KV only in namespaces that exist in their own right.
    expect(backend.secretList.mock.calls.map((call) => call[1]).sort()).toEqual(["company", "company.team"]);
    expect(backend.kvList.mock.calls.map((call) => call[0].namespace).sort()).toEqual(["billing.jobs", "company", "company.team"]);
    expect(backend.credentialList).toHaveBeenCalledTimes(1);
    expect(backend.credentialList).toHaveBeenCalledWith(expect.objectContaining({ namespace: null, effective: false }));
  });

  it("finds every kind of name in the tenant, and shows names and places only", async () => {
    renderPalette();
    await openWithShortcut();

    const results = await screen.findByTestId("palette-results");
    await within(results).findByTestId("palette-result-token-Ab3dEf6h");
    for (const name of ["company.team", "DB_PASSWORD", "okta-ci", "github-bot", "db_cursor", "ci-deployer", "deploy token"]) {
      expect(within(results).getAllByText(name, { exact: false }).length).toBeGreaterThan(0);
    }
    expect(results).not.toHaveTextContent(KV_PREVIEW);
    expect(results).not.toHaveTextContent(DESCRIPTION);
    expect(results).not.toHaveTextContent("••••");
    expect(results).not.toHaveTextContent("kst_");
  });

  it("narrows to names containing what is typed", async () => {
    renderPalette();
    const input = await openWithShortcut();
    await screen.findByTestId("palette-result-secret-company.team-DB_PASSWORD");

    await userEvent.type(input, "password");

    const results = screen.getByTestId("palette-results");
    await waitFor(() => {
      expect(within(results).queryByTestId("palette-result-secret-company-API_KEY")).not.toBeInTheDocument();
    });
    expect(within(results).getByTestId("palette-result-secret-company.team-DB_PASSWORD")).toBeInTheDocument();
    expect(within(results).getAllByRole("button", { hidden: true })).toHaveLength(1);

    await userEvent.clear(input);
    await userEvent.type(input, "no-such-name");
    expect(await screen.findByTestId("palette-empty")).toBeInTheDocument();
  });

  it("opens the chosen result with the keyboard: a secret's namespace on its Secrets tab", async () => {
    const { onNavigate } = renderPalette();
    const input = await openWithShortcut();
    await screen.findByTestId("palette-result-secret-company.team-DB_PASSWORD");

    await userEvent.type(input, "DB_PASS");
    await userEvent.keyboard("{ArrowDown}{Enter}");

    expect(onNavigate).toHaveBeenCalledWith({ kind: "namespace", namespace: "company.team", tab: "secrets" });
    await waitFor(() => {
      expect(screen.queryByTestId("palette-input")).not.toBeInTheDocument();
    });
  });

  it("opens a token's owner and a KV key's tab", async () => {
    const { onNavigate } = renderPalette();
    const input = await openWithShortcut();
    await screen.findByTestId("palette-result-token-Ab3dEf6h");

    await userEvent.type(input, "deploy token");
    await userEvent.keyboard("{ArrowDown}{Enter}");
    expect(onNavigate).toHaveBeenLastCalledWith({ kind: "principal", name: "ci-deployer" });

    await openWithShortcut();
    await userEvent.type(screen.getByTestId("palette-input"), "db_cursor");
    await userEvent.click(await screen.findByTestId("palette-result-kv-billing.jobs-db_cursor"));
    expect(onNavigate).toHaveBeenLastCalledWith({ kind: "namespace", namespace: "billing.jobs", tab: "kv" });
  });

  it("asks a token holder's server only for lists its roles cover", async () => {
    const caller: CallerInfo = {
      actor: "reader",
      local_admin: false,
      tenant: "main",
      principal: "reader",
      token_prefix: "kst_Zz",
      bindings: [{ role: "read", scope: { level: "namespace", namespace: "company" } }],
      narrowing: null,
    };
    const tree: NamespaceNode[] = [
      node("company", { access: "read", secret_count: 1, children: [node("company.team", { access: "read" })] }),
      node("billing", { access: null, secret_count: 0 }),
    ];
    const backend = fixtureBackend({
      namespaceTree: () => Promise.resolve(tree),
      // Both namespaces list the tenant-level credential (inherited): it is shown once.
      credentialList: () => Promise.resolve([credentialItem({ name: "github-bot", namespace: null, inherited: true })]),
    });
    const [store] = createSpotlight();
    renderWithBackend(
      <RightsProvider rights={{ kind: "token", caller }}>
        <CommandPalette tenant="main" store={store} onNavigate={vi.fn()} />
      </RightsProvider>,
      backend,
    );

    await openWithShortcut();
    await screen.findByTestId("palette-result-credential--github-bot");

    expect(backend.principalList).not.toHaveBeenCalled();
    expect(backend.tokenList).not.toHaveBeenCalled();
    expect(backend.credentialList.mock.calls.map((call) => call[0].namespace).sort()).toEqual(["company", "company.team"]);
    expect(backend.kvList.mock.calls.map((call) => call[0].namespace)).not.toContain("billing");
    expect(screen.getAllByTestId("palette-result-credential--github-bot")).toHaveLength(1);
  });
});
