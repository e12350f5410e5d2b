import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";

import type { SecretListItem } from "../../bindings/SecretListItem";
import { fixtureBackend, secretItem } from "../../test/fixtureBackend";
import { renderWithBackend } from "../../test/render";
import { SecretsPanel } from "./SecretsPanel";

/** Answers like the core: the namespace's own rows, plus the inherited ones when `effective`. */
function listing(own: SecretListItem[], inherited: SecretListItem[] = []) {
  return (_tenant: string, _namespace: string, effective: boolean) =>
    Promise.resolve(effective ? [...own, ...inherited] : own);
}

const OWN = secretItem({
  namespace: "team-a.etl-jobs",
  key: "DB_PASSWORD",
  read_only: true,
  shadows: ["team-a"],
  description: "Warehouse login",
});
const INHERITED = secretItem({ namespace: "team-a", key: "API_KEY", origin: "team-a", inherited: true });

async function openActions(key: string) {
  await userEvent.click(await screen.findByRole("button", { name: `Actions for ${key}` }));
  // The dropdown may still be in its opening transition (display: none) when the test looks.
  return screen.findByRole("menu", { hidden: true });
}

describe("SecretsTable rows", () => {
  it("spells out flags and the origin in the row, without truncating badges", async () => {
    const backend = fixtureBackend({ secretList: listing([OWN], [INHERITED]) });
    renderWithBackend(<SecretsPanel tenant="main" namespace="team-a.etl-jobs" />, backend);
    await userEvent.click(await screen.findByTestId("show-inherited-switch"));

    const own = await screen.findByTestId("secret-row-DB_PASSWORD");
    const inherited = await screen.findByTestId("secret-row-API_KEY");
    expect(within(own).getByTestId("secret-flags-DB_PASSWORD")).toHaveTextContent("v1 · read-only · shadows team-a");
    expect(within(inherited).getByTestId("secret-flags-API_KEY")).toHaveTextContent("inherited from team-a");
    expect(within(own).getByText("Warehouse login")).toBeInTheDocument();
    expect(document.querySelector("[data-testid^='secret-row-'] .mantine-Badge-root")).toBeNull();
  });

  it("keeps namespace names whole: they break only at dots, never at hyphens", async () => {
    const backend = fixtureBackend({ secretList: listing([], [{ ...INHERITED, origin: "team-a.etl-jobs" }]) });
    renderWithBackend(<SecretsPanel tenant="main" namespace="team-a.etl-jobs.nightly" />, backend);
    await userEvent.click(await screen.findByTestId("show-inherited-switch"));

    const flags = await screen.findByTestId("secret-flags-API_KEY");
    const segments = within(flags).getAllByText(/^(team-a\.|etl-jobs)$/);
    expect(segments.map((segment) => segment.textContent)).toEqual(["team-a.", "etl-jobs"]);
    for (const segment of segments) expect(segment).toHaveStyle({ whiteSpace: "nowrap" });
  });

  it("puts a row's actions in one compact menu and does not demand a wide table", async () => {
    const backend = fixtureBackend({ secretList: listing([OWN]) });
    renderWithBackend(<SecretsPanel tenant="main" namespace="team-a.etl-jobs" />, backend);

    const row = await screen.findByTestId("secret-row-DB_PASSWORD");
    expect(within(row).getAllByRole("button").map((button) => button.getAttribute("aria-label") ?? button.textContent))
      .toEqual(["Reveal DB_PASSWORD", "Copy DB_PASSWORD", "Actions for DB_PASSWORD"]);
    // Table.ScrollContainer's min-width is what pushed the actions off an 800 px window.
    expect(screen.getByTestId("secrets-table").closest("[style*='--table-min-width']")).toBeNull();
    const menu = await openActions("DB_PASSWORD");
    expect(within(menu).getAllByRole("menuitem", { hidden: true }).map((item) => item.dataset.testid)).toEqual([
      "copy-reference-DB_PASSWORD",
      "edit-secret-DB_PASSWORD",
      "versions-DB_PASSWORD",
      "read-only-DB_PASSWORD",
      "delete-DB_PASSWORD",
    ]);
  });

  it("offers Override here and Open in the origin for an inherited row, never Edit or Delete", async () => {
    const onOpenNamespace = vi.fn();
    const backend = fixtureBackend({ secretList: listing([], [INHERITED]) });
    renderWithBackend(
      <SecretsPanel tenant="main" namespace="team-a.etl-jobs" onOpenNamespace={onOpenNamespace} />,
      backend,
    );
    await userEvent.click(await screen.findByTestId("show-inherited-switch"));

    let menu = await openActions("API_KEY");
    expect(within(menu).queryByTestId("edit-secret-API_KEY")).not.toBeInTheDocument();
    expect(within(menu).queryByTestId("delete-API_KEY")).not.toBeInTheDocument();
    await userEvent.click(within(menu).getByRole("menuitem", { name: /Open in team-a/, hidden: true }));
    expect(onOpenNamespace).toHaveBeenCalledWith("team-a");

    menu = await openActions("API_KEY");
    await userEvent.click(within(menu).getByRole("menuitem", { name: /Override in team-a\.etl-jobs/, hidden: true }));
    expect(await screen.findByTestId("secret-key-input")).toHaveValue("API_KEY");
    expect(screen.getByTestId("secret-shadow-notice")).toHaveTextContent("shadows API_KEY from team-a");
  });

  it("shows a revealed value in a bounded, scrollable monospace box that keeps its lines", async () => {
    const pem = `-----BEGIN KEY-----\n${"A".repeat(64)}\n`.repeat(40);
    const backend = fixtureBackend({
      secretList: listing([OWN]),
      secretGet: () => Promise.resolve({ ...OWN, value: pem, revealed: true }),
    });
    renderWithBackend(<SecretsPanel tenant="main" namespace="team-a.etl-jobs" />, backend);

    await userEvent.click(await screen.findByRole("button", { name: "Reveal DB_PASSWORD" }));

    const box = await screen.findByRole("region", { name: "Value of DB_PASSWORD" });
    expect(box.textContent).toBe(pem);
    expect(box).toHaveStyle({ overflow: "auto", whiteSpace: "pre" });
    expect(box.style.maxHeight).not.toBe("");
    expect(box).toHaveAttribute("tabindex", "0");
    await userEvent.click(screen.getByRole("button", { name: "Hide DB_PASSWORD" }));
    expect(screen.queryByRole("region", { name: "Value of DB_PASSWORD" })).not.toBeInTheDocument();
  });

  it("keeps Show inherited on when the namespace changes and when the panel comes back", async () => {
    const backend = fixtureBackend({ secretList: listing([OWN], [INHERITED]) });
    const { rerender, unmount } = renderWithBackend(<SecretsPanel tenant="main" namespace="team-a.etl-jobs" />, backend);
    await userEvent.click(await screen.findByTestId("show-inherited-switch"));
    expect(screen.getByTestId("show-inherited-switch")).toBeChecked();

    rerender(<SecretsPanel tenant="main" namespace="team-a.other" />);
    expect(await screen.findByTestId("show-inherited-switch")).toBeChecked();
    unmount();

    renderWithBackend(<SecretsPanel tenant="main" namespace="team-b" />, backend);
    expect(await screen.findByTestId("show-inherited-switch")).toBeChecked();
    await waitFor(() => {
      expect(backend.secretList).toHaveBeenLastCalledWith("main", "team-b", true);
    });
  });
});
