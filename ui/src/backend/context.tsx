import { createContext, useContext, type ReactNode } from "react";

import type { Backend } from "./backend";

const BackendContext = createContext<Backend | null>(null);

/** Injects the host implementation: Tauri in the app, an in-memory double in component tests. */
export function BackendProvider({ backend, children }: { backend: Backend; children: ReactNode }) {
  return <BackendContext.Provider value={backend}>{children}</BackendContext.Provider>;
}

export function useBackend(): Backend {
  const backend = useContext(BackendContext);
  if (backend === null) throw new Error("useBackend must be used inside <BackendProvider>");
  return backend;
}
