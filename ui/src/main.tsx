import "@mantine/core/styles.css";
import "@mantine/notifications/styles.css";
import "@mantine/spotlight/styles.css";

import { isTauri } from "@tauri-apps/api/core";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";

import { App } from "./App";
import { tauriBackend } from "./backend/tauri";
import { followHostScheme } from "./colorScheme";
import { WebConsole } from "./features/session/WebConsole";

const root = document.getElementById("root");
if (root === null) throw new Error("index.html has no #root element");

// The same build runs in the desktop window (Tauri commands) and as `keystead serve`'s web console
// (HTTP to the server that served the page).
// A render error would otherwise leave an empty window: say what failed instead.
const showFailure = (error: unknown) => {
  const pre = document.createElement("pre");
  pre.setAttribute("role", "alert");
  pre.dataset.testid = "app-failure";
  pre.style.cssText = "white-space: pre-wrap; padding: 16px; font: 13px monospace;";
  pre.textContent = `Keystead could not show this screen.\n\n${error instanceof Error ? `${error.message}\n${error.stack ?? ""}` : String(error)}`;
  root.replaceChildren(pre);
};

const render = () => {
  createRoot(root, { onUncaughtError: showFailure }).render(
    <StrictMode>{isTauri() ? <App backend={tauriBackend} /> : <WebConsole baseUrl={window.location.origin} />}</StrictMode>,
  );
};
// The desktop's light or dark preference before the first render (one local call; a host that does
// not answer within a second does not hold the window back).
if (isTauri()) {
  const waited = new Promise<void>((resolve) => setTimeout(resolve, 1000));
  Promise.race([followHostScheme(tauriBackend), waited]).then(render).catch(showFailure);
} else render();
