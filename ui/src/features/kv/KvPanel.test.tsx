import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";

import { BackendError } from "../../backend";
import type { KvListItem } from "../../bindings/KvListItem";
import type { KvListRequest } from "../../bindings/KvListRequest";
import { fixtureBackend } from "../../test/fixtureBackend";
import { inSeconds, kvItem } from "../../test/kvFixtures";
import { renderWithBackend } from "../../test/render";
import { formatTime } from "../../formatTime";
import { KvPanel } from "./KvPanel";

function listing(own: KvListItem[], inherited: KvListItem[] = []) {
  return (req: KvListRequest) => Promise.resolve(req.effective ? [...own, ...inherited] : own);
}

afterEach(() => {
  vi.useRealTimers();
});

describe("KV table", () => {
  it("shows each pair's type, preview and absolute expiry, with a countdown that runs", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const expiresAt = inSeconds(3600);
    const backend = fixtureBackend({
      kvList: listing([
        kvItem({ namespace: "company.team", key: "cursor", type: "number", preview: "42", expires_at: expiresAt, expires_in: 3600 }),
        kvItem({ namespace: "company.team", key: "config", type: "json", preview: '{"a":1}', description: "sync settings" }),
      ]),
    });
    renderWithBackend(<KvPanel tenant="main" namespace="company.team" />, backend);

    const row = await screen.findByTestId("kv-row-cursor");
    expect(within(row).getByTestId("kv-type-cursor")).toHaveTextContent("number");
    expect(within(row).getByTestId("kv-preview-cursor")).toHaveTextContent("42");
    expect(within(row).getByTestId("kv-expires-at-cursor")).toHaveTextContent(formatTime(expiresAt));
    expect(within(row).getByTestId("kv-countdown-cursor")).toHaveTextContent("in 1 h");
    expect(screen.getByTestId("kv-row-config")).toHaveTextContent("sync settings");
    expect(screen.getByTestId("kv-expires-at-config")).toHaveTextContent("never");
    expect(backend.kvList).toHaveBeenCalledWith({ tenant: "main", namespace: "company.team", prefix: null, effective: false });

    act(() => {
      vi.advanceTimersByTime(61_000);
    });
    expect(within(row).getByTestId("kv-countdown-cursor")).toHaveTextContent("in 58 min 59 s");
    // The absolute time does not move while the countdown runs.
    expect(within(row).getByTestId("kv-expires-at-cursor")).toHaveTextContent(formatTime(expiresAt));
  });

  it("marks a pair expired when its countdown ends and reads the listing again (the core no longer returns it)", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    let reads = 0;
    const backend = fixtureBackend({
      kvList: () => {
        reads += 1;
        return Promise.resolve(
          reads === 1
            ? [kvItem({ namespace: "company.team", key: "lock", expires_at: inSeconds(2), expires_in: 2 })]
            : [],
        );
      },
    });
    renderWithBackend(<KvPanel tenant="main" namespace="company.team" />, backend);
    expect(await screen.findByTestId("kv-countdown-lock")).toHaveTextContent("in 2 s");

    act(() => {
      vi.advanceTimersByTime(2_000);
    });
    expect(screen.getByTestId("kv-countdown-lock")).toHaveTextContent("expired");
    act(() => {
      vi.advanceTimersByTime(1_000);
    });
    await waitFor(() => {
      expect(screen.queryByTestId("kv-row-lock")).not.toBeInTheDocument();
    });
    expect(backend.kvList).toHaveBeenCalledTimes(2);
    expect(screen.getByTestId("kv-empty")).toBeInTheDocument();
  });

  it("says that sensitive values belong in secrets, with a way there", async () => {
    const onOpenSecrets = vi.fn();
    renderWithBackend(<KvPanel tenant="main" namespace="company.team" onOpenSecrets={onOpenSecrets} />, fixtureBackend());

    const note = await screen.findByTestId("kv-sensitive-note");
    expect(note).toHaveTextContent("not encrypted");
    expect(note).toHaveTextContent(/passwords, keys and tokens belong in Secrets/);
    await userEvent.click(within(note).getByRole("button", { name: "Open Secrets" }));
    expect(onOpenSecrets).toHaveBeenCalledTimes(1);
  });

  it("shows inherited pairs with their origin on request; they are overridden here, never edited from here", async () => {
    const onOpenNamespace = vi.fn();
    const backend = fixtureBackend({
      kvList: listing(
        [kvItem({ namespace: "company.team", key: "batch_size", type: "number", preview: "50", shadows: ["company"] })],
        [kvItem({ namespace: "company", key: "region", preview: "eu-west-1", inherited: true })],
      ),
    });
    renderWithBackend(<KvPanel tenant="main" namespace="company.team" onOpenNamespace={onOpenNamespace} />, backend);
    await screen.findByTestId("kv-row-batch_size");
    expect(screen.queryByTestId("kv-row-region")).not.toBeInTheDocument();

    await userEvent.click(screen.getByRole("switch", { name: "Show inherited" }));

    const inherited = await screen.findByTestId("kv-row-region");
    expect(backend.kvList).toHaveBeenLastCalledWith({ tenant: "main", namespace: "company.team", prefix: null, effective: true });
    expect(within(inherited).getByTestId("kv-facts-region")).toHaveTextContent("inherited from company");
    expect(screen.getByTestId("kv-facts-batch_size")).toHaveTextContent("shadows company");
    expect(within(inherited).queryByRole("button", { name: "Edit region" })).not.toBeInTheDocument();
    await userEvent.click(within(inherited).getByRole("button", { name: "Actions for region" }));
    expect(screen.queryByTestId("delete-kv-region")).not.toBeInTheDocument();
    await userEvent.click(await screen.findByTestId("open-origin-kv-region"));
    expect(onOpenNamespace).toHaveBeenCalledWith("company");
  });

  it("shows a refused listing with the core's message", async () => {
    const backend = fixtureBackend({
      kvList: () => Promise.reject(new BackendError("forbidden", "forbidden: kv.list needs read on company.team")),
    });
    renderWithBackend(<KvPanel tenant="main" namespace="company.team" />, backend);

    const alert = await screen.findByTestId("kv-list-error");
    expect(alert).toHaveTextContent("forbidden: kv.list needs read on company.team");
    expect(alert).toHaveAttribute("data-code", "forbidden");
  });
});
