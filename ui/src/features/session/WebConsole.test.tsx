// The web console's session against a fake `fetch` that answers fixtures per route (no rules of the core).
import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";

import type { CallerInfo } from "../../bindings/CallerInfo";
import { WebConsole } from "./WebConsole";

const TOKEN = "kst_0123456789abcdefghijklmnopqrstABCDEF";
const CALLER: CallerInfo = {
  actor: "web-admin",
  local_admin: false,
  tenant: "main",
  principal: "web-admin",
  token_prefix: "kst_01234567…",
  bindings: [{ role: "admin", scope: { level: "tenant" } }],
  narrowing: null,
};

type Route = (init: RequestInit | undefined) => { status: number; body?: unknown };

/** Answers each `METHOD /path` with its fixture; anything else is a 404 the test would notice. */
function fakeFetch(routes: Record<string, Route>) {
  return vi.fn((input: string, init?: RequestInit) => {
    const path = new URL(input).pathname.replace("/api/v1", "");
    const route = routes[`${init?.method ?? "GET"} ${path}`];
    const answer = route ? route(init) : { status: 404, body: { code: "not_found", message: `no fixture for ${path}` } };
    const body = answer.body === undefined ? null : JSON.stringify(answer.body);
    return Promise.resolve(new Response(body, { status: answer.status, headers: { "Content-Type": "application/json" } }));
  });
}

const authorized = (init: RequestInit | undefined) => (init?.headers as Record<string, string>).Authorization;
const ok = (body: unknown) => () => ({ status: 200, body });
const whoami: Route = (init) =>
  authorized(init) === `Bearer ${TOKEN}`
    ? { status: 200, body: CALLER }
    : { status: 401, body: { code: "unauthenticated", message: "the API token is not known" } };

function renderConsole(routes: Record<string, Route>) {
  const fetch = fakeFetch(routes);
  render(<WebConsole baseUrl="http://127.0.0.1:8787" fetch={fetch as unknown as typeof globalThis.fetch} />);
  return fetch;
}

async function signIn(token = TOKEN) {
  await userEvent.type(await screen.findByLabelText("API token"), token);
  await userEvent.click(screen.getByTestId("sign-in-submit"));
}

afterEach(() => {
  sessionStorage.clear();
});

describe("web console session", () => {
  it("signs in with a token the server knows, keeps it for the tab and names the caller", async () => {
    const fetch = renderConsole({ "GET /whoami": whoami, "GET /main/namespaces": ok([]) });
    await signIn();
    expect(await screen.findByTestId("account-menu")).toHaveTextContent("web-admin");
    expect(sessionStorage.getItem("keystead.api-token")).toBe(TOKEN);
    expect(fetch.mock.calls.every(([url]) => !url.includes(TOKEN))).toBe(true);
  });

  it("refuses a cut-off token before asking the server", async () => {
    const fetch = renderConsole({ "GET /whoami": whoami });
    await signIn(TOKEN.slice(0, 20));
    expect(await screen.findByText(/looks cut off/)).toBeInTheDocument();
    expect(fetch).not.toHaveBeenCalled();
  });

  it("shows the server's refusal and keeps nothing", async () => {
    renderConsole({ "GET /whoami": whoami });
    await signIn("kst_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
    expect(await screen.findByText("the API token is not known")).toBeInTheDocument();
    expect(sessionStorage.getItem("keystead.api-token")).toBeNull();
  });

  it("signs out: the token leaves session storage", async () => {
    renderConsole({ "GET /whoami": whoami, "GET /main/namespaces": ok([]) });
    await signIn();
    await userEvent.click(await screen.findByTestId("account-menu"));
    await userEvent.click(await screen.findByTestId("sign-out"));
    expect(await screen.findByLabelText("API token")).toBeInTheDocument();
    expect(sessionStorage.getItem("keystead.api-token")).toBeNull();
  });

  it("returns to sign-in with the server's message when a later request is refused", async () => {
    const revoked = { code: "unauthenticated", message: "the API token kst_01234567… was revoked" };
    renderConsole({ "GET /whoami": whoami, "GET /main/namespaces": () => ({ status: 401, body: revoked }) });
    await signIn();
    expect(await screen.findByTestId("signed-out-reason")).toHaveTextContent(revoked.message);
    expect(sessionStorage.getItem("keystead.api-token")).toBeNull();
  });

  it("resumes the tab's session from session storage after a reload", async () => {
    sessionStorage.setItem("keystead.api-token", TOKEN);
    renderConsole({ "GET /whoami": whoami, "GET /main/namespaces": ok([]) });
    expect(await screen.findByTestId("account-menu")).toHaveTextContent("web-admin");
  });

  it("keeps the token when the server cannot be reached, and offers a retry", async () => {
    sessionStorage.setItem("keystead.api-token", TOKEN);
    let up = false;
    renderConsole({
      "GET /whoami": (init) => (up ? whoami(init) : { status: 503, body: { code: "key_unavailable", message: "down" } }),
      "GET /main/namespaces": ok([]),
    });
    expect(await screen.findByTestId("server-unreachable")).toHaveTextContent("down");
    expect(sessionStorage.getItem("keystead.api-token")).toBe(TOKEN);
    up = true;
    await userEvent.click(screen.getByRole("button", { name: "Retry" }));
    await waitFor(() => {
      expect(screen.getByTestId("account-menu")).toHaveTextContent("web-admin");
    });
  });
});
