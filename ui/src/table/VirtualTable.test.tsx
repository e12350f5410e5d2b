import { act, fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import type { KvListRequest } from "../bindings/KvListRequest";
import { CredentialsPanel } from "../features/credentials/CredentialsPanel";
import { KvPanel } from "../features/kv/KvPanel";
import { SecretsPanel } from "../features/secrets/SecretsPanel";
import { SECRET_ROW_HEIGHT } from "../features/secrets/SecretsTable";
import { CLIENT_CREDENTIALS } from "../test/credentialFixtures";
import { credentialItem, fixtureBackend, secretItem } from "../test/fixtureBackend";
import { kvItem } from "../test/kvFixtures";
import { renderWithBackend } from "../test/render";

const MANY = 10_000;
const keyOf = (index: number) => `KEY_${String(index).padStart(5, "0")}`;
const SECRETS = Array.from({ length: MANY }, (_, index) => secretItem({ namespace: "big", key: keyOf(index) }));

/** jsdom lays nothing out: scrolling is setting the box's offset and telling the table. */
function scrollTo(box: HTMLElement, top: number) {
  Object.defineProperty(box, "scrollTop", { configurable: true, value: top });
  act(() => {
    fireEvent.scroll(box);
  });
}

function renderedSecretRows() {
  return document.querySelectorAll("[data-testid^='secret-row-']");
}

describe("virtualized tables", () => {
  it("keeps only a window of 10 000 secrets in the DOM, and scrolling brings later rows in", async () => {
    const backend = fixtureBackend({ secretList: () => Promise.resolve(SECRETS) });
    renderWithBackend(<SecretsPanel tenant="main" namespace="big" />, backend);

    await screen.findByTestId(`secret-row-${keyOf(0)}`);
    const table = screen.getByTestId("secrets-table");
    expect(renderedSecretRows().length).toBeGreaterThan(5);
    expect(renderedSecretRows().length).toBeLessThan(60);
    expect(screen.queryByTestId(`secret-row-${keyOf(5000)}`)).toBeNull();
    // Assistive technology still learns the table's full size and where each row sits.
    expect(table).toHaveAttribute("aria-rowcount", String(MANY + 1));
    expect(screen.getByTestId(`secret-row-${keyOf(0)}`)).toHaveAttribute("aria-rowindex", "2");

    // Rows are estimated until measured (jsdom measures nothing): row 5000 starts 5000 estimates down.
    scrollTo(screen.getByTestId("secrets-table-scroll"), SECRET_ROW_HEIGHT * 5000);
    const far = await screen.findByTestId(`secret-row-${keyOf(5000)}`);
    expect(far).toHaveAttribute("aria-rowindex", "5002");
    expect(screen.queryByTestId(`secret-row-${keyOf(0)}`)).toBeNull();
    expect(renderedSecretRows().length).toBeLessThan(60);
    // Row actions work on a row that scrolled in.
    expect(within(far).getByRole("button", { name: `Copy ${keyOf(5000)}` })).toBeInTheDocument();

    scrollTo(screen.getByTestId("secrets-table-scroll"), SECRET_ROW_HEIGHT * (MANY - 1));
    expect(await screen.findByTestId(`secret-row-${keyOf(MANY - 1)}`)).toBeInTheDocument();
  });

  it("keeps the header in the table and the focused row rendered while it scrolls away", async () => {
    const backend = fixtureBackend({ secretList: () => Promise.resolve(SECRETS) });
    renderWithBackend(<SecretsPanel tenant="main" namespace="big" />, backend);

    const copy = await screen.findByRole("button", { name: `Copy ${keyOf(0)}` });
    expect(within(screen.getByTestId("secrets-table")).getByRole("columnheader", { name: "Key" })).toBeInTheDocument();
    act(() => {
      copy.focus();
    });
    scrollTo(screen.getByTestId("secrets-table-scroll"), SECRET_ROW_HEIGHT * 3000);
    await screen.findByTestId(`secret-row-${keyOf(3000)}`);
    // The row with focus stays (focus is not dropped to the page); its neighbours went.
    expect(screen.getByTestId(`secret-row-${keyOf(0)}`)).toBeInTheDocument();
    expect(copy).toHaveFocus();
    expect(screen.queryByTestId(`secret-row-${keyOf(1)}`)).toBeNull();
  });

  it("virtualizes credentials and KV pairs the same way", async () => {
    const credentials = Array.from({ length: MANY }, (_, index) => credentialItem({ name: `cred-${index}`, namespace: "big" }));
    const backend = fixtureBackend({
      credentialTypes: () => Promise.resolve([CLIENT_CREDENTIALS]),
      credentialList: () => Promise.resolve(credentials),
      kvList: () => Promise.resolve(Array.from({ length: MANY }, (_, index) => kvItem({ namespace: "big", key: `k${index}` }))),
    });
    const { unmount } = renderWithBackend(<CredentialsPanel tenant="main" namespace="big" />, backend);
    await screen.findByTestId("credential-row-cred-0");
    expect(document.querySelectorAll("[data-testid^='credential-row-']").length).toBeLessThan(60);
    scrollTo(screen.getByTestId("credentials-table-scroll"), 72 * 7000);
    expect(await screen.findByTestId("credential-row-cred-7000")).toBeInTheDocument();
    unmount();

    renderWithBackend(<KvPanel tenant="main" namespace="big" />, backend);
    await screen.findByTestId("kv-row-k0");
    expect(document.querySelectorAll("[data-testid^='kv-row-']").length).toBeLessThan(60);
    scrollTo(screen.getByTestId("kv-table-scroll"), 76 * 9000);
    expect(await screen.findByTestId("kv-row-k9000")).toBeInTheDocument();
  });
});

describe("KV key filter", () => {
  it("asks the core for the keys starting with what is typed, and says when none do", async () => {
    const pairs = [kvItem({ namespace: "etl", key: "cursor.orders" }), kvItem({ namespace: "etl", key: "switch" })];
    const backend = fixtureBackend({
      kvList: (req: KvListRequest) => Promise.resolve(pairs.filter((pair) => pair.key.startsWith(req.prefix ?? ""))),
    });
    renderWithBackend(<KvPanel tenant="main" namespace="etl" />, backend);
    await screen.findByTestId("kv-row-switch");

    await userEvent.type(screen.getByTestId("kv-prefix-filter"), "cursor.");
    await waitFor(() => {
      expect(screen.queryByTestId("kv-row-switch")).toBeNull();
    });
    expect(screen.getByTestId("kv-row-cursor.orders")).toBeInTheDocument();
    expect(backend.kvList).toHaveBeenLastCalledWith({ tenant: "main", namespace: "etl", prefix: "cursor.", effective: false });
    // One listing per pause in typing, not one per keystroke.
    expect(backend.kvList.mock.calls.length).toBeLessThan(4);

    await userEvent.clear(screen.getByTestId("kv-prefix-filter"));
    await userEvent.type(screen.getByTestId("kv-prefix-filter"), "nope");
    expect(await screen.findByTestId("kv-empty")).toHaveTextContent("No keys start with nope.");
    await userEvent.click(screen.getByRole("button", { name: "Clear the key filter" }));
    expect(await screen.findByTestId("kv-row-switch")).toBeInTheDocument();
  });
});
