import { Menu } from "@mantine/core";
import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";

import { fixtureBackend } from "../test/fixtureBackend";
import { renderWithBackend } from "../test/render";
import { LazyRowMenu, RowButton, RowMenuButton } from "./RowMenu";

function Row({ onMounted, onEdit }: { onMounted: () => void; onEdit: () => void }) {
  return (
    <LazyRowMenu label="Actions for API_KEY" data-testid="actions">
      {(target) => {
        onMounted();
        return (
          // jsdom lays nothing out: the target would count as scrolled out of view and hide the menu.
          <Menu hideDetached={false}>
            <Menu.Target>{target()}</Menu.Target>
            <Menu.Dropdown>
              <Menu.Item onClick={onEdit}>Edit…</Menu.Item>
            </Menu.Dropdown>
          </Menu>
        );
      }}
    </LazyRowMenu>
  );
}

describe("a row's lazily mounted menu", () => {
  it("mounts its menu only when first used, opens it at once, and gives focus back on Escape", async () => {
    const onMounted = vi.fn();
    const onEdit = vi.fn();
    renderWithBackend(<Row onMounted={onMounted} onEdit={onEdit} />, fixtureBackend({}));

    const button = screen.getByRole("button", { name: "Actions for API_KEY" });
    expect(button).toHaveAttribute("aria-haspopup", "menu");
    expect(onMounted).not.toHaveBeenCalled();
    expect(screen.queryByRole("menu")).toBeNull();

    await userEvent.click(button);
    expect(onMounted).toHaveBeenCalled();
    expect(await screen.findByRole("menuitem", { name: "Edit…" })).toBeInTheDocument();

    await userEvent.keyboard("{Escape}");
    await waitFor(() => {
      expect(screen.queryByRole("menu")).toBeNull();
    });
    expect(screen.getByRole("button", { name: "Actions for API_KEY" })).toHaveFocus();

    // Mounted now: the next click is the Menu's own, and an item acts.
    await userEvent.click(screen.getByRole("button", { name: "Actions for API_KEY" }));
    await userEvent.click(await screen.findByRole("menuitem", { name: "Edit…" }));
    expect(onEdit).toHaveBeenCalledTimes(1);
  });

  it("is opened from the keyboard too", async () => {
    renderWithBackend(<Row onMounted={() => undefined} onEdit={() => undefined} />, fixtureBackend({}));
    await userEvent.tab();
    expect(screen.getByRole("button", { name: "Actions for API_KEY" })).toHaveFocus();
    await userEvent.keyboard("{Enter}");
    expect(await screen.findByRole("menuitem", { name: "Edit…" })).toBeInTheDocument();
  });

  it("spins and refuses clicks while a write it started runs", () => {
    renderWithBackend(<RowMenuButton label="Actions for API_KEY" data-testid="actions" loading />, fixtureBackend({}));
    const button = screen.getByRole("button", { name: "Actions for API_KEY" });
    expect(button).toBeDisabled();
    expect(button).toHaveAttribute("aria-busy", "true");
  });
});

describe("a row's text button", () => {
  it("acts when the gate allows, and says which role it needs when not", async () => {
    const onClick = vi.fn();
    const { unmount } = renderWithBackend(
      <RowButton gate={{ allowed: true }} onClick={onClick}>
        Copy
      </RowButton>,
      fixtureBackend({}),
    );
    await userEvent.click(screen.getByRole("button", { name: "Copy" }));
    expect(onClick).toHaveBeenCalledTimes(1);
    unmount();

    const refused = vi.fn();
    renderWithBackend(
      <RowButton gate={{ allowed: false, reason: "Needs the admin role on prod.", short: "Needs admin" }} onClick={refused}>
        Copy
      </RowButton>,
      fixtureBackend({}),
    );
    const button = screen.getByRole("button", { name: "Copy" });
    expect(button).toHaveAttribute("aria-disabled", "true");
    expect(button).toHaveAccessibleDescription("Needs the admin role on prod.");
    await userEvent.click(button);
    expect(refused).not.toHaveBeenCalled();
  });
});
