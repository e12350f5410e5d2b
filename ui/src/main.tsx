import "@mantine/core/styles.css";
import "@mantine/dates/styles.css";
import "@mantine/notifications/styles.css";
import "@mantine/spotlight/styles.css";

import { isTauri } from "@tauri-apps/api/core";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";

import { App } from "./App";
import { tauriBackend } from "./backend/tauri";
import { WebConsole } from "./features/session/WebConsole";

const root = document.getElementById("root");
if (root === null) throw new Error("index.html has no #root element");

// The same build runs in the desktop window (Tauri commands) and as `keystead serve`'s web console
// (HTTP to the server that served the page).
createRoot(root).render(
  <StrictMode>{isTauri() ? <App backend={tauriBackend} /> : <WebConsole baseUrl={window.location.origin} />}</StrictMode>,
);
