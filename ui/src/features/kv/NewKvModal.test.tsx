import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import { BackendError } from "../../backend";
import type { KvSetRequest } from "../../bindings/KvSetRequest";
import type { KvType } from "../../bindings/KvType";
import { fixtureBackend } from "../../test/fixtureBackend";
import { kvPair } from "../../test/kvFixtures";
import { renderWithBackend } from "../../test/render";
import { KvPanel } from "./KvPanel";
import { toLocalInput } from "./kvValue";

function savedAs(req: KvSetRequest) {
  return Promise.resolve(kvPair({ namespace: req.namespace, key: req.key, type: req.value?.type ?? "string", value: req.value?.value }));
}

async function openNew(key: string, type: KvType) {
  await userEvent.click(await screen.findByTestId("new-kv-button"));
  const dialog = await screen.findByRole("dialog", { name: "New KV pair in company.team" });
  await userEvent.type(within(dialog).getByTestId("kv-key-input"), key);
  await userEvent.selectOptions(within(dialog).getByTestId("kv-type-select"), type);
  return dialog;
}

/** Replaces the value field's text the way the person's input would (native date inputs take no typing). */
async function enter(text: string) {
  const input = screen.getByTestId("kv-value-input");
  if (input instanceof HTMLInputElement && (input.type === "date" || input.type === "datetime-local")) {
    fireEvent.change(input, { target: { value: text } });
    return;
  }
  await userEvent.clear(input);
  if (text !== "") {
    await userEvent.click(input);
    await userEvent.paste(text);
  }
}

const inAnHour = toLocalInput(new Date(Date.now() + 3_600_000));

// [type, how to enter a bad value, the refusal, how to enter a good one, the JSON value sent]
const CASES: [KvType, () => Promise<void>, RegExp, () => Promise<void>, unknown][] = [
  ["string", () => Promise.resolve(), /^$/, () => enter("main@2024-06-01"), "main@2024-06-01"],
  ["number", () => enter("forty-two"), /not a number/, () => enter("42"), 42],
  ["boolean", () => Promise.resolve(), /Choose true or false/, () => userEvent.click(screen.getByRole("radio", { name: "false" })), false],
  // A datetime-local text has no offset: it is read as local time, and sent in UTC.
  ["datetime", () => enter("2026-13-45T10:00"), /Enter a date and time/, () => enter(inAnHour), new Date(inAnHour).toISOString()],
  ["date", () => enter("2026-02-30"), /Enter a date as YYYY-MM-DD/, () => enter("2026-02-28"), "2026-02-28"],
  ["duration", () => enter("5 minutes"), /Enter an ISO-8601 duration/, () => userEvent.click(screen.getByRole("button", { name: "1 hour (PT1H)" })), "PT1H"],
  ["json", () => enter("{oops"), /Not valid JSON/, () => enter('{"cursor": 17}'), { cursor: 17 }],
];

describe("New KV pair", () => {
  it.each(CASES)("%s: a bad value is refused before the host is asked; a good one is sent typed", async (type, bad, refusal, good, value) => {
    const backend = fixtureBackend({ kvSet: savedAs });
    renderWithBackend(<KvPanel tenant="main" namespace="company.team" />, backend);
    const dialog = await openNew("state", type);

    if (type !== "string") {
      await bad();
      await userEvent.click(within(dialog).getByTestId("kv-submit"));
      expect(await within(dialog).findByText(refusal)).toBeInTheDocument();
      expect(backend.kvSet).not.toHaveBeenCalled();
    }

    await good();
    await userEvent.click(within(dialog).getByTestId("kv-submit"));
    await waitFor(() => {
      expect(backend.kvSet).toHaveBeenCalledTimes(1);
    });
    const sent = backend.kvSet.mock.calls[0]?.[0];
    expect(sent).toEqual({
      tenant: "main",
      namespace: "company.team",
      key: "state",
      value: { type, value, parse: false },
      description: "",
      expiry: { mode: "clear" },
      if_version: null,
      if_absent: true,
    });
    await waitFor(() => {
      expect(screen.queryByRole("dialog", { name: "New KV pair in company.team" })).not.toBeInTheDocument();
    });
  });

  it.each([
    ["15 min", "PT15M"],
    ["1 hour", "PT1H"],
    ["1 day", "P1D"],
    ["7 days", "P7D"],
    ["30 days", "P30D"],
  ])("the TTL preset %s is sent as ttl %s, with the absolute time it will mean", async (label, ttl) => {
    const backend = fixtureBackend({ kvSet: savedAs });
    renderWithBackend(<KvPanel tenant="main" namespace="company.team" />, backend);
    const dialog = await openNew("cursor", "number");
    await enter("42");

    await userEvent.click(within(dialog).getByRole("radio", { name: "Expire after" }));
    await userEvent.click(within(dialog).getByRole("radio", { name: label }));
    expect(within(dialog).getByTestId("kv-ttl-preview")).toHaveTextContent(/^expires about .+ \(in /);
    await userEvent.click(within(dialog).getByTestId("kv-submit"));

    await waitFor(() => {
      expect(backend.kvSet).toHaveBeenCalledWith(expect.objectContaining({ expiry: { mode: "ttl", ttl } }));
    });
  });

  it("sends another TTL as typed and a chosen time as an absolute one; a past time is refused", async () => {
    const backend = fixtureBackend({ kvSet: savedAs });
    renderWithBackend(<KvPanel tenant="main" namespace="company.team" />, backend);
    const dialog = await openNew("cursor", "number");
    await enter("42");

    await userEvent.click(within(dialog).getByRole("radio", { name: "Expire at" }));
    fireEvent.change(within(dialog).getByTestId("kv-expiry-at-input"), {
      target: { value: toLocalInput(new Date(Date.now() - 60_000)) },
    });
    await userEvent.click(within(dialog).getByTestId("kv-submit"));
    expect(await within(dialog).findByText(/in the past/)).toBeInTheDocument();
    expect(backend.kvSet).not.toHaveBeenCalled();

    await userEvent.click(within(dialog).getByRole("radio", { name: "Expire after" }));
    await userEvent.click(within(dialog).getByRole("radio", { name: "Other" }));
    await userEvent.type(within(dialog).getByTestId("kv-ttl-other-input"), "PT90M");
    await userEvent.click(within(dialog).getByTestId("kv-submit"));
    await waitFor(() => {
      expect(backend.kvSet).toHaveBeenCalledWith(expect.objectContaining({ expiry: { mode: "ttl", ttl: "PT90M" } }));
    });
  });

  it("shows a refusal from the host with its message and code", async () => {
    const backend = fixtureBackend({
      kvSet: () => Promise.reject(new BackendError("forbidden", "forbidden: kv.set needs use on company.team")),
    });
    renderWithBackend(<KvPanel tenant="main" namespace="company.team" />, backend);
    const dialog = await openNew("cursor", "number");
    await enter("42");
    await userEvent.click(within(dialog).getByTestId("kv-submit"));

    const error = await within(dialog).findByTestId("kv-save-error");
    expect(error).toHaveTextContent("forbidden: kv.set needs use on company.team");
    expect(error).toHaveAttribute("data-code", "forbidden");
    expect(dialog).toBeInTheDocument();
  });

  it("creates only: a key that exists already is reported under the key, with Edit offered", async () => {
    const backend = fixtureBackend({
      kvSet: () => Promise.reject(new BackendError("conflict", "KV pair cursor already exists in company.team (version 3)")),
      kvGet: () => Promise.resolve(kvPair({ namespace: "company.team", key: "cursor", type: "number", value: 41, version: 3 })),
    });
    renderWithBackend(<KvPanel tenant="main" namespace="company.team" />, backend);
    const dialog = await openNew("cursor", "number");
    await enter("42");
    await userEvent.click(within(dialog).getByTestId("kv-submit"));

    expect(await within(dialog).findByText("KV pair cursor already exists in company.team (version 3)")).toBeInTheDocument();
    await userEvent.click(within(dialog).getByRole("button", { name: "Edit cursor" }));
    expect(await screen.findByRole("dialog", { name: "Edit cursor in company.team" })).toBeInTheDocument();
    expect(backend.kvGet).toHaveBeenCalledWith("main", "company.team", "cursor", false);
  });

  it("can be filled and saved with the keyboard alone", async () => {
    const backend = fixtureBackend({ kvSet: savedAs });
    renderWithBackend(<KvPanel tenant="main" namespace="company.team" />, backend);

    (await screen.findByTestId("new-kv-button")).focus();
    await userEvent.keyboard("{Enter}");
    await waitFor(() => {
      expect(screen.getByTestId("kv-key-input")).toHaveFocus();
    });
    await userEvent.keyboard("greeting");
    await userEvent.tab();
    expect(screen.getByTestId("kv-type-select")).toHaveFocus();
    await userEvent.tab();
    expect(screen.getByTestId("kv-value-input")).toHaveFocus();
    await userEvent.keyboard("hello");
    await userEvent.tab();
    await userEvent.keyboard("{Enter}");
    await waitFor(() => {
      expect(backend.kvSet).toHaveBeenCalledWith(expect.objectContaining({ key: "greeting", value: { type: "string", value: "hello", parse: false } }));
    });
  });
});
