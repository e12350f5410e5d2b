import { notifications } from "@mantine/notifications";
import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";

import type { CopyOutcome } from "./backend";
import { notifyCopied } from "./notify";
import { fixtureBackend } from "./test/fixtureBackend";
import { renderWithBackend } from "./test/render";

function CopyButton({ outcome }: { outcome: CopyOutcome }) {
  return (
    <button
      onClick={() => {
        notifyCopied("API_KEY", outcome);
      }}
    >
      copy
    </button>
  );
}

// Mantine's notifications live in a store shared by every render.
afterEach(() => {
  notifications.clean();
});

describe("copy notices", () => {
  it("say the desktop clears the clipboard after the delay", async () => {
    renderWithBackend(<CopyButton outcome={{ clear_after_secs: 30 }} />, fixtureBackend());
    await userEvent.click(screen.getByRole("button", { name: "copy" }));
    expect(await screen.findByText("API_KEY copied; the clipboard clears in 30 s")).toBeInTheDocument();
  });

  it("say when a browser could not clear it, and why", async () => {
    const outcome: CopyOutcome = {
      clear_after_secs: 30,
      clear: Promise.resolve({ kind: "not_cleared", reason: "the page did not have focus" }),
    };
    renderWithBackend(<CopyButton outcome={outcome} />, fixtureBackend());
    await userEvent.click(screen.getByRole("button", { name: "copy" }));
    expect(await screen.findByText("API_KEY copied; the clipboard clears in 30 s if this page has focus then")).toBeInTheDocument();
    expect(await screen.findByText("API_KEY may still be on the clipboard")).toBeInTheDocument();
    expect(screen.getByText("the page did not have focus")).toBeInTheDocument();
  });

  it("stay quiet when the browser cleared it", async () => {
    const outcome: CopyOutcome = { clear_after_secs: 30, clear: Promise.resolve({ kind: "cleared" }) };
    renderWithBackend(<CopyButton outcome={outcome} />, fixtureBackend());
    await userEvent.click(screen.getByRole("button", { name: "copy" }));
    await screen.findByText("API_KEY copied; the clipboard clears in 30 s if this page has focus then");
    await outcome.clear;
    // Time for a warning to render, were one shown.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(screen.queryByText(/may still be on the clipboard/)).not.toBeInTheDocument();
  });
});
