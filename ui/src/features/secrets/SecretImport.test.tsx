import { act, fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { notifications } from "@mantine/notifications";
import { beforeEach, describe, expect, it } from "vitest";

import { BackendError } from "../../backend";
import type { ImportItem } from "../../bindings/ImportItem";
import type { ImportProgress } from "../../bindings/ImportProgress";
import type { ImportReport } from "../../bindings/ImportReport";
import type { ImportRequest } from "../../bindings/ImportRequest";
import { fixtureBackend, secretItem } from "../../test/fixtureBackend";
import { renderWithBackend } from "../../test/render";
import { PREVIEW_ROWS } from "./ImportPreviewTable";
import { SecretsPanel } from "./SecretsPanel";

const CANARY = "canary-import-5d1e";
const ENV = `NEW_KEY=${CANARY}\nAPI_KEY=changed-${CANARY}\nSAME_KEY=same`;

/** The core's report for ENV against a namespace holding API_KEY (another value) and SAME_KEY (same value). */
function report(req: ImportRequest): ImportReport {
  const changed: ImportItem =
    req.on_conflict === "overwrite"
      ? { key: "API_KEY", action: "overwrite", reason: null }
      : { key: "API_KEY", action: "skip", reason: "exists with another value" };
  const overwrite = req.on_conflict === "overwrite";
  return {
    namespace: req.namespace,
    dry_run: req.dry_run,
    items: [{ key: "NEW_KEY", action: "create", reason: null }, changed, { key: "SAME_KEY", action: "unchanged", reason: null }],
    created: 1,
    overwritten: overwrite ? 1 : 0,
    skipped: overwrite ? 0 : 1,
    unchanged: 1,
    repeated: [],
  };
}

function panel(overrides: Parameters<typeof fixtureBackend>[0] = {}) {
  const backend = fixtureBackend({
    secretList: () => Promise.resolve([secretItem({ namespace: "company.team", key: "API_KEY" })]),
    secretImport: (req) => Promise.resolve(report(req)),
    ...overrides,
  });
  renderWithBackend(<SecretsPanel tenant="main" namespace="company.team" />, backend);
  return backend;
}

async function openImport() {
  await userEvent.click(await screen.findByTestId("import-secrets-button"));
  return screen.findByRole("dialog", { name: "Import secrets into company.team" });
}

/** A paste lands in one event (typing thousands of lines key by key is not what a user does). */
function paste(dialog: HTMLElement, text: string) {
  fireEvent.change(within(dialog).getByTestId("import-text"), { target: { value: text } });
}

// Toasts outlive a test's render: each test starts without the previous one's.
beforeEach(() => {
  notifications.clean();
});

describe("Import secrets", () => {
  it("previews with the core's dry run: new, changed and unchanged per key, never a value", async () => {
    const backend = panel();
    const dialog = await openImport();
    expect(within(dialog).getByTestId("import-preview")).toBeDisabled();
    paste(dialog, ENV);
    await userEvent.click(within(dialog).getByTestId("import-preview"));

    await waitFor(() => {
      expect(backend.secretImport).toHaveBeenCalledWith({
        tenant: "main",
        namespace: "company.team",
        format: "env",
        content: ENV,
        on_conflict: "skip",
        dry_run: true,
      }, expect.any(Function));
    });
    const table = await within(dialog).findByTestId("import-preview-table");
    expect(within(table).getByTestId("import-row-NEW_KEY")).toHaveAttribute("data-state", "new");
    expect(within(table).getByTestId("import-row-API_KEY")).toHaveAttribute("data-state", "changed");
    expect(within(table).getByTestId("import-row-API_KEY")).toHaveTextContent("will be kept: exists with another value");
    expect(within(table).getByTestId("import-row-SAME_KEY")).toHaveAttribute("data-state", "unchanged");
    expect(within(dialog).getByTestId("import-summary")).toHaveTextContent("Import would create 1, overwrite 0 and keep 1");
    expect(document.body).not.toHaveTextContent(CANARY);
  });

  it("re-runs the preview when the policy changes, then imports with that policy and shows the result", async () => {
    const backend = panel();
    const dialog = await openImport();
    paste(dialog, ENV);
    await userEvent.click(within(dialog).getByTestId("import-preview"));
    await within(dialog).findByTestId("import-preview-table");

    await userEvent.click(within(dialog).getByLabelText("Overwrite with the file's value"));
    await waitFor(() => {
      expect(within(dialog).getByTestId("import-row-API_KEY")).toHaveTextContent("will be overwritten");
    });
    expect(backend.secretImport).toHaveBeenLastCalledWith(expect.objectContaining({ on_conflict: "overwrite", dry_run: true }), expect.any(Function));

    await userEvent.click(within(dialog).getByTestId("import-submit"));
    await waitFor(() => {
      expect(backend.secretImport).toHaveBeenLastCalledWith(expect.objectContaining({ on_conflict: "overwrite", dry_run: false }), expect.any(Function));
    });
    expect(await within(dialog).findByTestId("import-summary")).toHaveTextContent(
      "Imported into company.team: 1 created, 1 overwritten, 0 kept, 1 unchanged",
    );
    expect(within(dialog).getByTestId("import-row-API_KEY")).toHaveTextContent("overwritten (new version)");
    expect(within(dialog).queryByTestId("import-submit")).not.toBeInTheDocument();
    expect(backend.secretImport).toHaveBeenCalledTimes(3);
  });

  it("shows how far a running import has come, as the host tells it, then the result", async () => {
    let tell: ((progress: ImportProgress) => void) | undefined;
    let finish: (() => void) | undefined;
    const backend = panel({
      secretImport: (req, onProgress) => {
        if (req.dry_run) return Promise.resolve(report(req));
        tell = onProgress;
        return new Promise((resolve) => {
          finish = () => {
            resolve(report(req));
          };
        });
      },
    });
    const dialog = await openImport();
    paste(dialog, ENV);
    await userEvent.click(within(dialog).getByTestId("import-preview"));
    await within(dialog).findByTestId("import-preview-table");
    expect(within(dialog).queryByTestId("import-progress")).not.toBeInTheDocument();

    await userEvent.click(within(dialog).getByTestId("import-submit"));
    await waitFor(() => {
      expect(tell).toBeDefined();
    });
    act(() => {
      tell?.({ stage: "checking", done: 2500, total: 10000 });
    });
    const progress = await within(dialog).findByTestId("import-progress");
    const count = new Intl.NumberFormat();
    expect(progress).toHaveTextContent(`Checking ${count.format(2500)} of ${count.format(10000)} entries`);
    expect(within(progress).getByRole("progressbar")).toHaveAttribute("aria-valuenow", "25");
    act(() => {
      tell?.({ stage: "writing", done: 9000, total: 10000 });
    });
    expect(progress).toHaveTextContent(`Writing ${count.format(9000)} of ${count.format(10000)} changes`);

    act(() => {
      finish?.();
    });
    expect(await within(dialog).findByTestId("import-summary")).toHaveTextContent("Imported into company.team");
    expect(within(dialog).queryByTestId("import-progress")).not.toBeInTheDocument();
    expect(backend.secretImport).toHaveBeenCalledTimes(2);
  });

  it("with Fail, shows the core's refusal, still lists the keys that differ, and offers no Import", async () => {
    const backend = panel({
      secretImport: (req) =>
        req.on_conflict === "fail"
          ? Promise.reject(new BackendError("conflict", "import refused, nothing was written: API_KEY already exists with other values in company.team"))
          : Promise.resolve(report(req)),
    });
    const dialog = await openImport();
    paste(dialog, ENV);
    await userEvent.click(within(dialog).getByLabelText("Refuse the whole import"));
    await userEvent.click(within(dialog).getByTestId("import-preview"));

    expect(await within(dialog).findByTestId("import-refusal")).toHaveTextContent("API_KEY already exists with other values");
    expect(within(dialog).getByTestId("import-row-API_KEY")).toHaveAttribute("data-state", "changed");
    expect(within(dialog).getByTestId("import-submit")).toBeDisabled();
    expect(backend.secretImport).toHaveBeenLastCalledWith(expect.objectContaining({ on_conflict: "skip", dry_run: true }), expect.any(Function));
  });

  it("says what is wrong with the text and writes nothing", async () => {
    const backend = panel({
      secretImport: () => Promise.reject(new BackendError("invalid_input", "line 2: expected KEY=value; nothing was imported")),
    });
    const dialog = await openImport();
    paste(dialog, "A=1\nnot a pair");
    await userEvent.click(within(dialog).getByTestId("import-preview"));

    expect(await within(dialog).findByTestId("import-error")).toHaveTextContent("line 2: expected KEY=value");
    expect(within(dialog).getByTestId("import-submit")).toBeDisabled();
    expect(backend.secretImport).toHaveBeenCalledTimes(1);
  });

  it("reads a chosen .env_encoded file as Kestra's format", async () => {
    const backend = panel();
    const dialog = await openImport();
    const input = dialog.querySelector<HTMLInputElement>("input[type=file]");
    if (input === null) throw new Error("no file input");
    await userEvent.upload(input, new File(["SECRET_NEW_KEY=YWJj\n"], "prod.env_encoded", { type: "text/plain" }));

    expect(await within(dialog).findByTestId("import-file-chosen")).toHaveTextContent("prod.env_encoded");
    await userEvent.click(within(dialog).getByTestId("import-preview"));
    await waitFor(() => {
      expect(backend.secretImport).toHaveBeenCalledWith(
        expect.objectContaining({ format: "kestra-env", content: "SECRET_NEW_KEY=YWJj\n", dry_run: true }),
        expect.any(Function),
      );
    });
  });

  it("lists a 10 000-key preview without drawing every row", async () => {
    const items: ImportItem[] = Array.from({ length: 10_000 }, (_, index) => ({
      key: `KEY_${String(index)}`,
      action: index % 100 === 0 ? "overwrite" : "create",
      reason: null,
    }));
    panel({
      secretImport: (req) =>
        Promise.resolve({ namespace: req.namespace, dry_run: true, items, created: 9_900, overwritten: 100, skipped: 0, unchanged: 0, repeated: [] }),
    });
    const dialog = await openImport();
    paste(dialog, items.map((item) => `${item.key}=v`).join("\n"));
    await userEvent.click(within(dialog).getByTestId("import-preview"));

    const table = await within(dialog).findByTestId("import-preview-table");
    expect(within(table).getAllByTestId(/^import-row-/)).toHaveLength(PREVIEW_ROWS);
    expect(within(dialog).getByTestId("import-preview-more")).toHaveTextContent(`${String(10_000 - PREVIEW_ROWS)} more keys`);
    await userEvent.click(within(dialog).getByText("Changed (100)"));
    await waitFor(() => {
      expect(within(table).getAllByTestId(/^import-row-/)).toHaveLength(100);
    });
    expect(within(dialog).queryByTestId("import-preview-more")).not.toBeInTheDocument();
  });
});

