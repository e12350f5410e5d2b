import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import { BackendError } from "../../backend";
import type { KvDto } from "../../bindings/KvDto";
import type { KvSetRequest } from "../../bindings/KvSetRequest";
import { fixtureBackend } from "../../test/fixtureBackend";
import { inSeconds, kvItem, kvPair } from "../../test/kvFixtures";
import { renderWithBackend } from "../../test/render";
import { formatTime } from "../../formatTime";
import { KvPanel } from "./KvPanel";

const EXPIRES_AT = inSeconds(3600);
const CURSOR = kvPair({ namespace: "company.team", key: "cursor", type: "number", value: 42, version: 3, description: "last offset", expires_at: EXPIRES_AT, expires_in: 3600 });
const CURSOR_ROW = kvItem({ namespace: "company.team", key: "cursor", type: "number", preview: "42", version: 3, expires_at: EXPIRES_AT, expires_in: 3600 });

function savedAs(current: KvDto) {
  return (req: KvSetRequest) => Promise.resolve({ ...current, version: current.version + 1, value: req.value?.value ?? current.value });
}

async function openEdit() {
  await userEvent.click(await screen.findByRole("button", { name: "Edit cursor" }));
  const dialog = await screen.findByRole("dialog", { name: "Edit cursor in company.team" });
  await within(dialog).findByTestId("kv-value-input");
  return dialog;
}

async function replaceValue(dialog: HTMLElement, text: string) {
  const input = within(dialog).getByTestId("kv-value-input");
  await userEvent.clear(input);
  await userEvent.type(input, text);
}

describe("Edit KV pair", () => {
  it("loads the full value, keeps the expiry by default and sends the version it loaded", async () => {
    const backend = fixtureBackend({
      kvList: () => Promise.resolve([CURSOR_ROW]),
      kvGet: () => Promise.resolve(CURSOR),
      kvSet: savedAs(CURSOR),
    });
    renderWithBackend(<KvPanel tenant="main" namespace="company.team" />, backend);
    const dialog = await openEdit();

    expect(backend.kvGet).toHaveBeenCalledWith("main", "company.team", "cursor", false);
    expect(within(dialog).getByTestId("kv-value-input")).toHaveValue("42");
    const keep = within(dialog).getByRole("radio", { name: /^Keep: expires/ });
    expect(keep).toBeChecked();
    expect(keep).toHaveAccessibleName(`Keep: expires ${formatTime(EXPIRES_AT)} (in 1 h)`);
    await replaceValue(dialog, "43");
    await userEvent.click(within(dialog).getByTestId("kv-submit"));

    await waitFor(() => {
      expect(backend.kvSet).toHaveBeenCalledWith({
        tenant: "main",
        namespace: "company.team",
        key: "cursor",
        value: { type: "number", value: 43, parse: false },
        description: null,
        expiry: { mode: "keep" },
        if_version: 3,
        if_absent: false,
      });
    });
    expect(await screen.findByText("cursor saved in company.team (version 4)")).toBeInTheDocument();
  });

  it("changes only what was changed: a description alone sends no value; Remove sends clear", async () => {
    const backend = fixtureBackend({
      kvList: () => Promise.resolve([CURSOR_ROW]),
      kvGet: () => Promise.resolve(CURSOR),
      kvSet: savedAs(CURSOR),
    });
    renderWithBackend(<KvPanel tenant="main" namespace="company.team" />, backend);
    const dialog = await openEdit();

    await userEvent.clear(within(dialog).getByTestId("kv-description-input"));
    await userEvent.paste("offset of topic a");
    await userEvent.click(within(dialog).getByRole("radio", { name: "Remove: never expires" }));
    await userEvent.click(within(dialog).getByTestId("kv-submit"));

    await waitFor(() => {
      expect(backend.kvSet).toHaveBeenCalledWith(
        expect.objectContaining({ value: null, description: "offset of topic a", expiry: { mode: "clear" }, if_version: 3 }),
      );
    });
  });

  it("reports a conflict with the core's message and reloads the current version on request", async () => {
    let reads = 0;
    const backend = fixtureBackend({
      kvList: () => Promise.resolve([CURSOR_ROW]),
      kvGet: () => {
        reads += 1;
        return Promise.resolve(reads === 1 ? CURSOR : { ...CURSOR, value: 50, version: 4 });
      },
      kvSet: (req) =>
        req.if_version === 3
          ? Promise.reject(
              new BackendError("conflict", "KV pair cursor in company.team is at version 4, not 3: another writer changed it; read it again and retry"),
            )
          : savedAs({ ...CURSOR, version: 4 })(req),
    });
    renderWithBackend(<KvPanel tenant="main" namespace="company.team" />, backend);
    const dialog = await openEdit();
    await replaceValue(dialog, "43");
    await userEvent.click(within(dialog).getByTestId("kv-submit"));

    const conflict = await within(dialog).findByTestId("kv-conflict");
    expect(conflict).toHaveTextContent("is at version 4, not 3: another writer changed it");
    expect(conflict).toHaveTextContent("You loaded version 3");
    await userEvent.click(within(conflict).getByRole("button", { name: "Reload the current version" }));

    await waitFor(() => {
      expect(within(dialog).getByTestId("kv-value-input")).toHaveValue("50");
    });
    expect(within(dialog).queryByTestId("kv-conflict")).not.toBeInTheDocument();
    await replaceValue(dialog, "51");
    await userEvent.click(within(dialog).getByTestId("kv-submit"));
    await waitFor(() => {
      expect(backend.kvSet).toHaveBeenLastCalledWith(expect.objectContaining({ value: { type: "number", value: 51, parse: false }, if_version: 4 }));
    });
  });

  it("says that a new type needs admin, and shows the refusal with its message", async () => {
    const backend = fixtureBackend({
      kvList: () => Promise.resolve([CURSOR_ROW]),
      kvGet: () => Promise.resolve(CURSOR),
      kvSet: () => Promise.reject(new BackendError("forbidden", "forbidden: change KV pair cursor from number to string needs admin on company.team")),
    });
    renderWithBackend(<KvPanel tenant="main" namespace="company.team" />, backend);
    const dialog = await openEdit();

    await userEvent.selectOptions(within(dialog).getByTestId("kv-type-select"), "string");
    expect(within(dialog).getByTestId("kv-type-change-note")).toHaveTextContent("needs the admin role");
    await userEvent.click(within(dialog).getByTestId("kv-submit"));

    const error = await within(dialog).findByTestId("kv-save-error");
    expect(error).toHaveTextContent("forbidden: change KV pair cursor from number to string needs admin on company.team");
    expect(error).toHaveAttribute("data-code", "forbidden");
    expect(backend.kvSet).toHaveBeenCalledWith(expect.objectContaining({ value: { type: "string", value: "42", parse: false } }));
  });

  it("shows why the pair cannot be opened (use is needed to read a value)", async () => {
    const backend = fixtureBackend({
      kvList: () => Promise.resolve([CURSOR_ROW]),
      kvGet: () => Promise.reject(new BackendError("forbidden", "forbidden: kv.get needs use on company.team")),
    });
    renderWithBackend(<KvPanel tenant="main" namespace="company.team" />, backend);
    await userEvent.click(await screen.findByRole("button", { name: "Edit cursor" }));

    const error = await screen.findByTestId("kv-load-error");
    expect(error).toHaveTextContent("forbidden: kv.get needs use on company.team");
    expect(screen.queryByTestId("kv-submit")).not.toBeInTheDocument();
  });
});

describe("Delete KV pair", () => {
  async function openDelete() {
    await userEvent.click(await screen.findByRole("button", { name: "Actions for cursor" }));
    await userEvent.click(await screen.findByTestId("delete-kv-cursor"));
    return screen.findByRole("dialog", { name: "Delete KV pair" });
  }

  it("asks first; Cancel deletes nothing, Delete sends the version listed", async () => {
    const backend = fixtureBackend({ kvList: () => Promise.resolve([CURSOR_ROW]), kvDelete: () => Promise.resolve() });
    renderWithBackend(<KvPanel tenant="main" namespace="company.team" />, backend);

    let dialog = await openDelete();
    expect(within(dialog).getByTestId("kv-delete-question")).toHaveTextContent("Delete cursor from company.team?");
    await userEvent.click(within(dialog).getByRole("button", { name: "Cancel" }));
    await waitFor(() => {
      expect(screen.queryByRole("dialog", { name: "Delete KV pair" })).not.toBeInTheDocument();
    });
    expect(backend.kvDelete).not.toHaveBeenCalled();

    dialog = await openDelete();
    await userEvent.click(within(dialog).getByTestId("kv-delete-confirm"));
    await waitFor(() => {
      expect(backend.kvDelete).toHaveBeenCalledWith("main", "company.team", "cursor", 3);
    });
    expect(await screen.findByText("cursor deleted from company.team")).toBeInTheDocument();
  });

  it("a pair changed since it was listed is not deleted: the conflict is shown and the listing read again", async () => {
    const backend = fixtureBackend({
      kvList: () => Promise.resolve([CURSOR_ROW]),
      kvDelete: () => Promise.reject(new BackendError("conflict", "KV pair cursor in company.team is at version 4, not 3")),
    });
    renderWithBackend(<KvPanel tenant="main" namespace="company.team" />, backend);

    const dialog = await openDelete();
    await userEvent.click(within(dialog).getByTestId("kv-delete-confirm"));

    const error = await within(dialog).findByTestId("kv-delete-error");
    expect(error).toHaveTextContent("Changed since it was listed: not deleted");
    expect(error).toHaveTextContent("is at version 4, not 3");
    await waitFor(() => {
      expect(backend.kvList).toHaveBeenCalledTimes(2);
    });
  });

  it("shows a refusal with its message and keeps the dialog open", async () => {
    const backend = fixtureBackend({
      kvList: () => Promise.resolve([CURSOR_ROW]),
      kvDelete: () => Promise.reject(new BackendError("forbidden", "forbidden: kv.delete needs admin on company.team")),
    });
    renderWithBackend(<KvPanel tenant="main" namespace="company.team" />, backend);

    const dialog = await openDelete();
    await userEvent.click(within(dialog).getByTestId("kv-delete-confirm"));

    const error = await within(dialog).findByTestId("kv-delete-error");
    expect(error).toHaveTextContent("forbidden: kv.delete needs admin on company.team");
    expect(error).toHaveAttribute("data-code", "forbidden");
  });
});
