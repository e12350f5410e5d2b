import { act, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";

import { newQueryClient } from "../../AppProviders";
import type { UnlockState } from "../../bindings/UnlockState";
import { MainLayout } from "../../layout/MainLayout";
import { fixtureBackend, namespaceNode, secretItem, type FixtureBackend } from "../../test/fixtureBackend";
import { keyStatus, LOCKED, unlocked } from "../../test/keyFixtures";
import { renderWithBackend } from "../../test/render";
import { AUTO_LOCK_STORAGE_KEY, SCREEN_LOCK_STORAGE_KEY } from "./autoLock";
import { UnlockGate } from "./UnlockGate";

const CANARY = "canary-revealed-value";
const PASSPHRASE = "the right passphrase";

/** A host that starts unlocked and follows lock and unlock, with one namespace holding one secret. */
function desktopBackend(overrides: Parameters<typeof fixtureBackend>[0] = {}): FixtureBackend {
  let state: UnlockState = unlocked();
  return fixtureBackend({
    unlockState: () => Promise.resolve(state),
    lock: () => {
      state = LOCKED;
      return Promise.resolve(state);
    },
    unlock: (passphrase) => {
      state = unlocked();
      expect(passphrase).toBe(PASSPHRASE);
      return Promise.resolve(state);
    },
    namespaceTree: () => Promise.resolve([namespaceNode("company")]),
    secretList: () => Promise.resolve([secretItem({ namespace: "company", key: "API_KEY" })]),
    secretGet: () => Promise.resolve({ ...secretItem({ namespace: "company", key: "API_KEY" }), value: CANARY, revealed: true }),
    ...overrides,
  });
}

function renderApp(backend: FixtureBackend) {
  const queryClient = newQueryClient();
  renderWithBackend(<UnlockGate>{(status) => <MainLayout initialTenant={status?.default_tenant ?? "main"} />}</UnlockGate>, backend, queryClient);
  return queryClient;
}

afterEach(() => {
  vi.useRealTimers();
});

describe("Lock", () => {
  it("returns to the unlock screen and forgets what was shown and cached; unlocking starts afresh", async () => {
    const backend = desktopBackend();
    const queryClient = renderApp(backend);

    await userEvent.click(await screen.findByTestId("namespace-node-company"));
    await userEvent.click(await screen.findByTestId("reveal-API_KEY"));
    await waitFor(() => {
      expect(screen.getByTestId("secret-value-API_KEY")).toHaveTextContent(CANARY);
    });

    await userEvent.click(screen.getByTestId("lock-button"));

    expect(await screen.findByRole("heading", { name: "Unlock Keystead" })).toBeInTheDocument();
    expect(screen.getByTestId("locked-notice")).toHaveTextContent("Keystead is locked");
    expect(backend.lock).toHaveBeenCalledTimes(1);
    expect(document.body).not.toHaveTextContent(CANARY);
    expect(queryClient.getQueryCache().getAll().map((query) => query.queryKey)).toEqual([["unlock-state"]]);
    expect(queryClient.getMutationCache().getAll()).toHaveLength(0);

    await userEvent.type(screen.getByLabelText("Passphrase"), PASSPHRASE);
    await userEvent.click(screen.getByTestId("unlock-submit"));
    expect(await screen.findByTestId("app-title")).toBeInTheDocument();
    // The main screen starts over: no namespace open, nothing revealed, the listing asked for again.
    expect(screen.queryByTestId("secret-row-API_KEY")).not.toBeInTheDocument();
    expect(document.body).not.toHaveTextContent(CANARY);
    await userEvent.click(await screen.findByTestId("namespace-node-company"));
    expect(await screen.findByTestId("secret-value-API_KEY")).toHaveTextContent("••••••••");
    expect(backend.secretList.mock.calls.length).toBeGreaterThanOrEqual(2);
  });

  it("after locking a keyring-kept key, unlocks without asking for a passphrase", async () => {
    let state: UnlockState = unlocked();
    const backend = fixtureBackend({
      unlockState: () => Promise.resolve(state),
      keyStatus: () => Promise.resolve(keyStatus({ mode: "keyring" })),
      lock: () => {
        state = LOCKED;
        return Promise.resolve(state);
      },
      unlock: () => {
        state = unlocked();
        return Promise.resolve(state);
      },
    });
    renderApp(backend);

    await userEvent.click(await screen.findByTestId("nav-settings"));
    expect(await screen.findByTestId("key-mode")).toHaveTextContent("OS keyring");
    await userEvent.click(screen.getByTestId("lock-button"));

    expect(await screen.findByText(/is in the OS keyring: unlocking reads it from there/)).toBeInTheDocument();
    expect(screen.queryByLabelText("Passphrase")).not.toBeInTheDocument();
    await userEvent.click(screen.getByTestId("unlock-submit"));
    expect(await screen.findByTestId("app-title")).toBeInTheDocument();
    expect(backend.unlock).toHaveBeenCalledWith("");
  });

  it("locks by itself after the configured idle time, and activity postpones it", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    localStorage.setItem(AUTO_LOCK_STORAGE_KEY, "2");
    const backend = desktopBackend();
    renderApp(backend);
    expect(await screen.findByTestId("app-title")).toBeInTheDocument();

    await act(async () => {
      await vi.advanceTimersByTimeAsync(90_000);
    });
    // Someone moves the mouse: the two minutes start again.
    act(() => {
      window.dispatchEvent(new Event("pointermove"));
    });
    await act(async () => {
      await vi.advanceTimersByTimeAsync(90_000);
    });
    expect(backend.lock).not.toHaveBeenCalled();

    await act(async () => {
      await vi.advanceTimersByTimeAsync(31_000);
    });
    expect(backend.lock).toHaveBeenCalledTimes(1);
    expect(await screen.findByTestId("locked-notice")).toHaveTextContent("locked itself after 2 minutes without activity");
  });

  it("never locks by itself when the idle time is 0", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    localStorage.setItem(AUTO_LOCK_STORAGE_KEY, "0");
    const backend = desktopBackend();
    renderApp(backend);
    expect(await screen.findByTestId("app-title")).toBeInTheDocument();

    await act(async () => {
      await vi.advanceTimersByTimeAsync(24 * 60 * 60_000);
    });
    expect(backend.lock).not.toHaveBeenCalled();
  });

  it("the idle time is set in Settings → Locking and kept on this machine", async () => {
    const backend = desktopBackend();
    renderApp(backend);

    await userEvent.click(await screen.findByTestId("nav-settings"));
    await userEvent.click(screen.getByTestId("tab-settings-locking"));
    expect(screen.getByTestId("auto-lock-summary")).toHaveTextContent("locks after 15 minutes");
    const input = screen.getByTestId("auto-lock-minutes");
    await userEvent.clear(input);
    await userEvent.type(input, "5");
    expect(screen.getByTestId("auto-lock-summary")).toHaveTextContent("locks after 5 minutes");
    expect(localStorage.getItem(AUTO_LOCK_STORAGE_KEY)).toBe("5");
    await userEvent.clear(input);
    await userEvent.type(input, "0");
    expect(screen.getByTestId("auto-lock-summary")).toHaveTextContent("never locks by itself");
  });

  it("follows the host when it locked because the screen locked, and passes the setting on", async () => {
    let onLock: (() => void) | null = null;
    const backend = desktopBackend({
      screenLockWatch: (_enabled, callback) => {
        onLock = callback;
        return Promise.resolve();
      },
    });
    renderApp(backend);
    expect(await screen.findByTestId("app-title")).toBeInTheDocument();
    await waitFor(() => {
      expect(backend.screenLockWatch).toHaveBeenCalledWith(true, expect.any(Function));
    });

    act(() => {
      onLock?.();
    });
    expect(await screen.findByTestId("locked-notice")).toHaveTextContent("Keystead locked when the screen locked.");
    expect(screen.queryByTestId("app-title")).not.toBeInTheDocument();
  });

  it("the screen-lock setting is kept on this machine and handed to the host", async () => {
    const backend = desktopBackend();
    renderApp(backend);

    await userEvent.click(await screen.findByTestId("nav-settings"));
    await userEvent.click(screen.getByTestId("tab-settings-locking"));
    await userEvent.click(screen.getByTestId("lock-on-screen-lock"));
    expect(localStorage.getItem(SCREEN_LOCK_STORAGE_KEY)).toBe("false");
    await waitFor(() => {
      expect(backend.screenLockWatch).toHaveBeenLastCalledWith(false, expect.any(Function));
    });
  });
});
