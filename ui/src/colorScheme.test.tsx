// Light or dark: the page's preference where the host reports none, the host's where it does (and
// each change of it), the person's choice over both. The host's preference is module state: the tests
// run in order, the host-less ones first.
import { useComputedColorScheme } from "@mantine/core";
import { act, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { expect, test } from "vitest";

import type { Appearance } from "./bindings/Appearance";
import { CHOICE_KEY, followHostScheme, useToggleScheme } from "./colorScheme";
import { fixtureBackend } from "./test/fixtureBackend";
import { renderWithBackend } from "./test/render";

function Shown() {
  const scheme = useComputedColorScheme("light");
  const toggle = useToggleScheme();
  return (
    <>
      <span data-testid="scheme">{scheme}</span>
      <button type="button" onClick={toggle}>
        toggle
      </button>
    </>
  );
}

const shown = () => screen.getByTestId("scheme").textContent;
const attribute = () => document.documentElement.getAttribute("data-mantine-color-scheme");

test("without a host preference the page's own decides (light in the test page)", () => {
  renderWithBackend(<Shown />, fixtureBackend());
  expect(shown()).toBe("light");
  expect(attribute()).toBe("light");
});

test("a choice made earlier is kept across launches", () => {
  localStorage.setItem(CHOICE_KEY, "dark");
  renderWithBackend(<Shown />, fixtureBackend());
  expect(shown()).toBe("dark");
  expect(attribute()).toBe("dark");
});

test("a change of the stored choice in another tab applies here", () => {
  renderWithBackend(<Shown />, fixtureBackend());
  expect(shown()).toBe("light");
  act(() => {
    window.dispatchEvent(new StorageEvent("storage", { key: CHOICE_KEY, newValue: "dark" }));
  });
  expect(shown()).toBe("dark");
});

test("the host's preference applies from the first render and follows each change; a choice wins", async () => {
  let tell: (appearance: Appearance) => void = () => undefined;
  const backend = fixtureBackend({
    appearanceWatch: (onChange) => {
      tell = onChange;
      return Promise.resolve({ dark: true });
    },
  });
  await followHostScheme(backend);
  expect(backend.appearanceWatch).toHaveBeenCalledTimes(1);
  renderWithBackend(<Shown />, backend);
  expect(shown()).toBe("dark");

  act(() => {
    tell({ dark: false });
  });
  expect(shown()).toBe("light");
  act(() => {
    tell({ dark: true });
  });
  expect(shown()).toBe("dark");

  await userEvent.click(screen.getByRole("button", { name: "toggle" }));
  expect(shown()).toBe("light");
  expect(attribute()).toBe("light");
  expect(localStorage.getItem(CHOICE_KEY)).toBe("light");
  act(() => {
    tell({ dark: true });
  });
  expect(shown()).toBe("light");

  // Toggled back onto the desktop's scheme: following the desktop again.
  await userEvent.click(screen.getByRole("button", { name: "toggle" }));
  expect(shown()).toBe("dark");
  expect(localStorage.getItem(CHOICE_KEY)).toBe("auto");
  act(() => {
    tell({ dark: false });
  });
  expect(shown()).toBe("light");
});

test("a change the host sends before its first answer arrives is not undone by that answer", async () => {
  const backend = fixtureBackend({
    appearanceWatch: (onChange) => {
      onChange({ dark: true });
      return Promise.resolve({ dark: false });
    },
  });
  await followHostScheme(backend);
  renderWithBackend(<Shown />, backend);
  expect(shown()).toBe("dark");
});

test("a host that fails to answer changes nothing", async () => {
  await followHostScheme(fixtureBackend({ appearanceWatch: () => Promise.resolve({ dark: true }) }));
  const backend = fixtureBackend({ appearanceWatch: () => Promise.reject(new Error("no host")) });
  await expect(followHostScheme(backend)).resolves.toBeUndefined();
  renderWithBackend(<Shown />, backend);
  expect(shown()).toBe("dark");
});
