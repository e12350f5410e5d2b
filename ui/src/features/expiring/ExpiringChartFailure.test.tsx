import { screen, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";

import { fixtureBackend } from "../../test/fixtureBackend";
import { renderWithBackend } from "../../test/render";
import { ExpiringArea } from "./ExpiringArea";

// As in a window whose frozen built-in prototypes stop the chart library from initialising.
vi.mock("./ExpiringTimeline", () => {
  throw new TypeError("Attempted to assign to readonly property.");
});

describe("Expiring soon without its chart", () => {
  it("keeps the table when the timeline cannot be loaded", async () => {
    vi.spyOn(console, "error").mockImplementation(() => undefined);
    const backend = fixtureBackend({
      expiring: () =>
        Promise.resolve({
          now: "2026-12-01T12:00:00.000Z",
          until: "2026-12-31T12:00:00.000Z",
          within: "P30D",
          secret_age: "P90D",
          items: [
            {
              kind: "kv",
              namespace: "prod",
              name: "lease",
              principal: null,
              token_prefix: null,
              at: "2026-12-01T13:00:00.000Z",
              seconds_left: 3600,
              overdue: false,
              reason: "KV pair expires (TTL)",
              written_at: null,
              test_error: null,
            },
          ],
        }),
    });
    renderWithBackend(<ExpiringArea tenant="main" onNavigate={vi.fn()} />, backend);

    expect(await screen.findByTestId("expiring-chart-unavailable")).toHaveTextContent("the table below lists the same items");
    expect(within(screen.getByTestId("expiring-table")).getAllByTestId(/^expiring-row-/)).toHaveLength(1);
  });
});
