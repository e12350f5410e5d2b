import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";

import { BackendError } from "../../backend";
import type { ExpiringItem } from "../../bindings/ExpiringItem";
import type { ExpiringReport } from "../../bindings/ExpiringReport";
import { fixtureBackend } from "../../test/fixtureBackend";
import { renderWithBackend } from "../../test/render";
import { ExpiringArea } from "./ExpiringArea";

const NOW = "2026-12-01T12:00:00.000Z";
const DAY = 86_400;

function item(fields: Partial<ExpiringItem> & Pick<ExpiringItem, "kind" | "name">): ExpiringItem {
  return {
    namespace: "prod",
    principal: null,
    token_prefix: null,
    at: NOW,
    seconds_left: 0,
    overdue: false,
    reason: "",
    written_at: null,
    test_error: null,
    ...fields,
  };
}

function report(items: ExpiringItem[], within = "P30D"): ExpiringReport {
  return { now: NOW, until: "2026-12-31T12:00:00.000Z", within, secret_age: "P90D", items };
}

const ITEMS: ExpiringItem[] = [
  item({
    kind: "api_token",
    name: "deploy",
    namespace: null,
    principal: "ci",
    token_prefix: "kst_abcd…",
    at: "2026-11-30T12:00:00.000Z",
    seconds_left: -DAY,
    overdue: true,
    reason: "API token expired (still listed until revoked)",
  }),
  item({
    kind: "credential",
    name: "okta",
    at: "2026-11-29T12:00:00.000Z",
    seconds_left: -2 * DAY,
    overdue: true,
    reason: "last Test failed: invalid_client",
    test_error: "invalid_client",
  }),
  item({ kind: "kv", name: "lease", at: "2026-12-03T12:00:00.000Z", seconds_left: 2 * DAY + 3600, reason: "KV pair expires (TTL)" }),
  item({
    kind: "secret",
    name: "DB_PASSWORD",
    namespace: "prod.db",
    at: "2026-12-20T12:00:00.000Z",
    seconds_left: 19 * DAY,
    reason: "value (version 3) will be older than P90D",
  }),
];

describe("Expiring soon", () => {
  it("lists the core's items in its order with the time left, overdue ones marked, under a timeline", async () => {
    renderWithBackend(<ExpiringArea tenant="main" onNavigate={vi.fn()} />, fixtureBackend({ expiring: () => Promise.resolve(report(ITEMS)) }));

    const table = await screen.findByTestId("expiring-table");
    const rows = within(table).getAllByTestId(/^expiring-row-/);
    const [token, failed, lease] = rows as [HTMLElement, HTMLElement, HTMLElement];
    expect(rows.map((row) => row.dataset.testid)).toEqual([
      "expiring-row-api_token-tenant-kst_abcd…",
      "expiring-row-credential-prod-okta",
      "expiring-row-kv-prod-lease",
      "expiring-row-secret-prod.db-DB_PASSWORD",
    ]);
    expect(token).toHaveTextContent("deploy (kst_abcd… of ci)");
    expect(within(token).getByTestId("expiring-left")).toHaveTextContent("1 d overdue");
    expect(within(failed).getByTestId("expiring-left")).toHaveTextContent("tested 2 d ago");
    expect(failed).toHaveTextContent("last Test failed: invalid_client");
    expect(within(lease).getByTestId("expiring-left")).toHaveTextContent("in 2 d 1 h");
    // The chart library is a chunk of its own: under a loaded test run its first import takes a while.
    expect(await screen.findByTestId("expiring-chart", {}, { timeout: 15_000 })).toHaveTextContent("4 items");
    expect(screen.getByTestId("expiring-count")).toHaveTextContent("4 items, 2 overdue");
  });

  it("asks the core again when the horizon or the secret age changes", async () => {
    const backend = fixtureBackend({ expiring: (query) => Promise.resolve(report([], query.within ?? "")) });
    renderWithBackend(<ExpiringArea tenant="main" onNavigate={vi.fn()} />, backend);

    await screen.findByTestId("expiring-empty");
    expect(backend.expiring).toHaveBeenLastCalledWith({ tenant: "main", within: "P30D", secret_age: "P90D" });

    await userEvent.click(within(screen.getByTestId("expiring-within")).getByText("7 days"));
    await userEvent.click(screen.getByTestId("expiring-secret-age"));
    await userEvent.click(await screen.findByRole("option", { name: "1 year", hidden: true }));

    expect(backend.expiring).toHaveBeenLastCalledWith({ tenant: "main", within: "P7D", secret_age: "P365D" });
    expect(await screen.findByTestId("expiring-empty")).toHaveTextContent(
      "Nothing needs attention within 7 days. Tracked here: API tokens with an expiry, KV pairs with a TTL, secrets whose value is older than 1 year, and credentials whose last Test failed.",
    );
  });

  it("opens a row's item: a KV pair on its namespace's KV tab, a token at its owner", async () => {
    const onNavigate = vi.fn();
    renderWithBackend(<ExpiringArea tenant="main" onNavigate={onNavigate} />, fixtureBackend({ expiring: () => Promise.resolve(report(ITEMS)) }));

    await userEvent.click(await screen.findByTestId("expiring-row-kv-prod-lease"));
    expect(onNavigate).toHaveBeenLastCalledWith({ kind: "namespace", namespace: "prod", tab: "kv" });

    screen.getByTestId("expiring-row-secret-prod.db-DB_PASSWORD").focus();
    await userEvent.keyboard("{Enter}");
    expect(onNavigate).toHaveBeenLastCalledWith({ kind: "namespace", namespace: "prod.db", tab: "secrets" });

    await userEvent.click(screen.getByTestId("expiring-row-api_token-tenant-kst_abcd…"));
    expect(onNavigate).toHaveBeenLastCalledWith({ kind: "principal", name: "ci" });
  });

  it("shows the core's refusal instead of an empty list", async () => {
    const backend = fixtureBackend({ expiring: () => Promise.reject(new BackendError("forbidden", "ci may not do this")) });
    renderWithBackend(<ExpiringArea tenant="main" onNavigate={vi.fn()} />, backend);

    expect(await screen.findByTestId("expiring-error")).toHaveTextContent("ci may not do this");
    expect(screen.queryByTestId("expiring-empty")).not.toBeInTheDocument();
  });
});
