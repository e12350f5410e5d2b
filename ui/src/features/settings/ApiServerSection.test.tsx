import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";

import { BackendError } from "../../backend";
import { fixtureBackend } from "../../test/fixtureBackend";
import { renderWithBackend } from "../../test/render";
import { ApiServerSection, parsePort } from "./ApiServerSection";

const URL = "http://127.0.0.1:41234";

describe("HTTP API settings", () => {
  it("starts on a free port when the port is empty, shows the address and the docs, then stops", async () => {
    const backend = fixtureBackend({
      apiServerStart: () => Promise.resolve({ running: true, url: URL }),
      apiServerStop: () => Promise.resolve({ running: false, url: null }),
    });
    const openTokens = vi.fn();
    renderWithBackend(<ApiServerSection onOpenApiTokens={openTokens} />, backend);

    expect(await screen.findByTestId("api-server-stopped")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("switch", { name: "Serve the HTTP API on 127.0.0.1" }));

    expect(await screen.findByTestId("api-server-url")).toHaveValue(URL);
    expect(backend.apiServerStart).toHaveBeenCalledWith(null);
    expect(screen.getByTestId("api-server-docs")).toHaveTextContent(`${URL}/api/docs`);
    expect(screen.getByRole("switch")).toBeChecked();
    expect(screen.getByTestId("api-server-port")).toBeDisabled();

    await userEvent.click(screen.getByTestId("open-api-tokens"));
    expect(openTokens).toHaveBeenCalled();

    await userEvent.click(screen.getByTestId("api-server-stop"));
    expect(await screen.findByTestId("api-server-stopped")).toBeInTheDocument();
    expect(backend.apiServerStop).toHaveBeenCalled();
    expect(screen.queryByTestId("api-server-url")).not.toBeInTheDocument();
  });

  it("sends a chosen port and shows why the server did not start", async () => {
    const backend = fixtureBackend({
      apiServerStart: () => Promise.reject(new BackendError("io", "binding 127.0.0.1:8787: address already in use")),
    });
    renderWithBackend(<ApiServerSection onOpenApiTokens={() => undefined} />, backend);

    await userEvent.type(await screen.findByTestId("api-server-port"), "8787");
    await userEvent.click(screen.getByRole("switch"));

    const error = await screen.findByTestId("api-server-start-error");
    expect(error).toHaveTextContent("The HTTP API did not start");
    expect(error).toHaveTextContent("address already in use");
    expect(backend.apiServerStart).toHaveBeenCalledWith(8787);
    await waitFor(() => {
      expect(screen.getByRole("switch")).not.toBeChecked();
    });
  });

  it("refuses a port out of range before asking the host", async () => {
    const backend = fixtureBackend();
    renderWithBackend(<ApiServerSection onOpenApiTokens={() => undefined} />, backend);

    await userEvent.type(await screen.findByTestId("api-server-port"), "70000");
    expect(await screen.findByText(/A port is a whole number from 1 to 65535/)).toBeInTheDocument();
    expect(screen.getByRole("switch")).toBeDisabled();
    expect(backend.apiServerStart).not.toHaveBeenCalled();
  });
});

describe("parsePort", () => {
  it("reads empty as any port and refuses what is not a port", () => {
    expect(parsePort("")).toEqual({ port: null });
    expect(parsePort(8787)).toEqual({ port: 8787 });
    expect(parsePort(0)).toHaveProperty("error");
    expect(parsePort(65536)).toHaveProperty("error");
    expect(parsePort(80.5)).toHaveProperty("error");
  });
});
