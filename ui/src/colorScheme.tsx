// Light or dark: what the person chose in the header, else what the desktop prefers.
//
// The desktop's preference comes from the host where it reads it (the Linux app: WebKitGTK drawing on
// the CPU does not pass GTK's settings to the page, see src-tauri/src/appearance.rs), else from the
// page's `prefers-color-scheme` (the web console, the app elsewhere).
import { useColorScheme } from "@mantine/hooks";
import { createContext, useCallback, useContext, useState, useSyncExternalStore } from "react";

import type { Backend } from "./backend";

export type Scheme = "light" | "dark";
export type SchemeChoice = Scheme | "auto";

/** Where the choice is kept: Mantine's own key, so a choice made before this module carries over. */
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
 * first render, so that a dark desktop never sees a light first frame. A host that reports nothing
 * (or fails to) leaves the page's `prefers-color-scheme` in charge.
 */
export async function followHostScheme(backend: Backend): Promise<void> {
  const toScheme = ({ dark }: { dark: boolean }): Scheme => (dark ? "dark" : "light");
  try {
    const first = await backend.appearanceWatch((appearance) => {
      setHostScheme(toScheme(appearance));
    });
    if (first !== null) setHostScheme(toScheme(first));
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

function readChoice(): SchemeChoice {
  try {
    const stored = window.localStorage.getItem(CHOICE_KEY);
    return stored === "light" || stored === "dark" ? stored : "auto";
  } catch {
    return "auto";
  }
}

/** The scheme to show, and how to choose one. */
export function useSchemeState(): { scheme: Scheme; choose: (choice: SchemeChoice) => void } {
  const host = useHostScheme();
  const page = useColorScheme("light", { getInitialValueInEffect: false });
  const [choice, setChoice] = useState<SchemeChoice>(readChoice);
  const choose = useCallback((next: SchemeChoice) => {
    setChoice(next);
    try {
      window.localStorage.setItem(CHOICE_KEY, next);
    } catch {
      // Not kept across launches; still applied now.
    }
  }, []);
  return { scheme: choice === "auto" ? (host ?? page) : choice, choose };
}

export const SchemeChoiceContext = createContext<(choice: SchemeChoice) => void>(() => undefined);

/** Sets the person's choice (kept across launches). */
export function useChooseScheme(): (choice: SchemeChoice) => void {
  return useContext(SchemeChoiceContext);
}
