// Light or dark: what the person chose in the header, else what the desktop prefers.
//
// The desktop's preference comes from the host where it reads it (the Linux app: WebKitGTK drawing on
// the CPU does not pass GTK's settings to the page, see src-tauri/src/appearance.rs), else from the
// page's `prefers-color-scheme` (the web console, the app elsewhere).
import type { MantineColorSchemeManager } from "@mantine/core";
import { useColorScheme } from "@mantine/hooks";
import { createContext, useCallback, useContext, useEffect, useMemo, useState, useSyncExternalStore } from "react";

import type { Backend } from "./backend";

export type Scheme = "light" | "dark";
export type SchemeChoice = Scheme | "auto";

/** Where the choice is kept: Mantine's former key, so a choice made before carries over. */
export const CHOICE_KEY = "mantine-color-scheme-value";

let hostScheme: Scheme | null = null;
const listeners = new Set<() => void>();

function setHostScheme(scheme: Scheme) {
  if (scheme === hostScheme) return;
  hostScheme = scheme;
  for (const listener of listeners) listener();
}

/**
 * Asks the host for the desktop's preference and follows its changes. The app awaits it before its
 * first render, so that the page starts in the scheme the host knows of then (a portal that is slow to
 * answer is followed once it does). A host that reports nothing (or fails to) leaves the page's
 * `prefers-color-scheme` in charge.
 */
export async function followHostScheme(backend: Backend): Promise<void> {
  const toScheme = ({ dark }: { dark: boolean }): Scheme => (dark ? "dark" : "light");
  // A change the host sent can arrive before the answer that predates it: the change wins.
  const heard = { change: false };
  try {
    const first = await backend.appearanceWatch((appearance) => {
      heard.change = true;
      setHostScheme(toScheme(appearance));
    });
    if (first !== null && !heard.change) setHostScheme(toScheme(first));
  } catch {
    // The page's preference is a fine fallback for a look.
  }
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

/** The desktop's preference as the host reports it, or null where it reports none. */
export function useHostScheme(): Scheme | null {
  return useSyncExternalStore(subscribe, () => hostScheme);
}

function parseChoice(stored: string | null): SchemeChoice {
  return stored === "light" || stored === "dark" ? stored : "auto";
}

function readChoice(): SchemeChoice {
  try {
    return parseChoice(window.localStorage.getItem(CHOICE_KEY));
  } catch {
    return "auto";
  }
}

/**
 * The scheme to show, a toggle to the other one, and the Mantine color scheme manager that gives it
 * (Mantine reads the scheme from it before the first paint; the choice is kept here, not by Mantine).
 * The toggle follows the desktop again when it lands on the desktop's scheme.
 */
export function useSchemeState(): { scheme: Scheme; toggle: () => void; manager: MantineColorSchemeManager } {
  const host = useHostScheme();
  const page = useColorScheme("light", { getInitialValueInEffect: false });
  const desktop = host ?? page;
  const [choice, setChoice] = useState<SchemeChoice>(readChoice);
  const scheme = choice === "auto" ? desktop : choice;

  // Another tab of the web console chose.
  useEffect(() => {
    const onStorage = (event: StorageEvent) => {
      if (event.key === CHOICE_KEY) setChoice(parseChoice(event.newValue));
    };
    window.addEventListener("storage", onStorage);
    return () => {
      window.removeEventListener("storage", onStorage);
    };
  }, []);

  const toggle = useCallback(() => {
    const next: Scheme = scheme === "dark" ? "light" : "dark";
    const chosen: SchemeChoice = next === desktop ? "auto" : next;
    setChoice(chosen);
    try {
      window.localStorage.setItem(CHOICE_KEY, chosen);
    } catch {
      // Not kept across launches; still applied now.
    }
  }, [scheme, desktop]);

  const manager = useMemo<MantineColorSchemeManager>(
    () => ({
      get: () => scheme,
      set: () => undefined,
      subscribe: () => undefined,
      unsubscribe: () => undefined,
      clear: () => undefined,
    }),
    [scheme],
  );
  return { scheme, toggle, manager };
}

export const SchemeToggleContext = createContext<() => void>(() => undefined);

/** Switches to the other scheme (kept across launches; back to following the desktop on its scheme). */
export function useToggleScheme(): () => void {
  return useContext(SchemeToggleContext);
}
