import react from "@vitejs/plugin-react";
import { defineConfig } from "vitest/config";

export default defineConfig({
  plugins: [react()],
  // Tauri serves the built files itself; relative asset URLs keep them under its custom protocol.
  base: "./",
  clearScreen: false,
  server: { port: 5173, strictPort: true },
  // One local bundle for a desktop window: no network cost to split it.
  build: { target: "es2022", outDir: "dist", emptyOutDir: true, chunkSizeWarningLimit: 800 },
  test: {
    environment: "jsdom",
    setupFiles: ["./src/test/setup.ts"],
    css: false,
    // Journeys through whole panels take a few seconds on a loaded 2-core CI machine; 5 s was too tight.
    testTimeout: 20_000,
  },
});
