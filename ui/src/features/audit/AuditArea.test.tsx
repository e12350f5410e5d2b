import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import { BackendError } from "../../backend";
import type { AuditEventDto } from "../../bindings/AuditEventDto";
import type { AuditFilter } from "../../bindings/AuditFilter";
import { fixtureBackend } from "../../test/fixtureBackend";
import { renderWithBackend } from "../../test/render";
import { AuditArea } from "./AuditArea";
import { AUDIT_PAGE_SIZE } from "./queries";

function event(id: number, fields: Partial<AuditEventDto> = {}): AuditEventDto {
  return {
    id,
    tenant: "main",
    at: "2026-11-25T10:00:00.000Z",
    actor: "desktop:ana",
    via: null,
    action: "secret.update",
    target_kind: "secret",
    namespace: "company",
    target: `KEY_${id}`,
    detail: "version 2",
    ...fields,
  };
}

/** Events `from` down to `to` (newest first, as the core answers). */
function events(from: number, to: number): AuditEventDto[] {
  return Array.from({ length: from - to + 1 }, (_, index) => event(from - index));
}

/** Sets the From or To date-time input (local time), as the browser's picker does. */
function setTime(which: "from" | "to", local: string) {
  fireEvent.change(screen.getByTestId(`audit-filter-${which}`), { target: { value: local } });
}

const UNFILTERED: AuditFilter = {
  tenant: "main",
  actor: null,
  action: null,
  target: null,
  namespace: null,
  since: null,
  until: null,
  before: null,
  limit: AUDIT_PAGE_SIZE,
};

describe("Audit log", () => {
  it("lists the core's events in its order, newest first", async () => {
    renderWithBackend(<AuditArea tenant="main" />, fixtureBackend({ auditList: () => Promise.resolve(events(3, 1)) }));

    const rows = within(await screen.findByTestId("audit-table")).getAllByTestId(/^audit-row-/);
    expect(rows.map((row) => row.dataset.testid)).toEqual(["audit-row-3", "audit-row-2", "audit-row-1"]);
    expect(screen.getByTestId("audit-count")).toHaveTextContent("3 events shown (all that match)");
    expect(screen.queryByTestId("audit-load-more")).not.toBeInTheDocument();
  });

  it("sends actor, action, target and namespace to the core when applied", async () => {
    const backend = fixtureBackend({ auditList: () => Promise.resolve([]) });
    renderWithBackend(<AuditArea tenant="main" />, backend);
    await screen.findByTestId("audit-empty");

    await userEvent.type(screen.getByTestId("audit-filter-actor"), "ci-deployer");
    await userEvent.type(screen.getByTestId("audit-filter-action"), "secret.reveal");
    await userEvent.type(screen.getByTestId("audit-filter-target"), "DB_PASSWORD");
    await userEvent.type(screen.getByTestId("audit-filter-namespace"), "company.team{Enter}");

    await waitFor(() => {
      expect(backend.auditList).toHaveBeenLastCalledWith({
        ...UNFILTERED,
        actor: "ci-deployer",
        action: "secret.reveal",
        target: "DB_PASSWORD",
        namespace: "company.team",
      });
    });
    expect(await screen.findByTestId("audit-empty")).toHaveTextContent("No event matches these filters.");

    await userEvent.click(screen.getByTestId("audit-filter-clear"));
    await waitFor(() => {
      expect(backend.auditList).toHaveBeenLastCalledWith(UNFILTERED);
    });
    expect(screen.getByTestId("audit-filter-actor")).toHaveValue("");
  });

  it("sends a chosen start time as a UTC instant", async () => {
    const backend = fixtureBackend({ auditList: () => Promise.resolve([]) });
    renderWithBackend(<AuditArea tenant="main" />, backend);
    await screen.findByTestId("audit-empty");

    setTime("from", "2026-11-15T09:30");
    await userEvent.click(screen.getByTestId("audit-filter-apply"));

    const expected = new Date(2026, 10, 15, 9, 30, 0).toISOString();
    await waitFor(() => {
      expect(backend.auditList).toHaveBeenLastCalledWith({ ...UNFILTERED, since: expected });
    });
  });

  it("says why a reversed time range is not sent", async () => {
    const backend = fixtureBackend({ auditList: () => Promise.resolve([]) });
    renderWithBackend(<AuditArea tenant="main" />, backend);
    await screen.findByTestId("audit-empty");

    setTime("from", "2026-11-15T00:00");
    setTime("to", "2026-11-10T00:00");
    await userEvent.click(screen.getByTestId("audit-filter-apply"));

    expect(await screen.findByTestId("audit-filter-problem")).toHaveTextContent("“To” must be later than “From”.");
    expect(backend.auditList).toHaveBeenCalledTimes(1);
  });

  it("loads older events after the last one shown", async () => {
    const first = events(120, 120 - AUDIT_PAGE_SIZE + 1);
    const backend = fixtureBackend({
      auditList: (filter) => Promise.resolve(filter.before === null ? first : events(filter.before - 1, filter.before - 3)),
    });
    renderWithBackend(<AuditArea tenant="main" />, backend);

    await userEvent.click(await screen.findByTestId("audit-load-more"));

    expect(await screen.findByTestId("audit-row-68")).toBeInTheDocument();
    expect(backend.auditList).toHaveBeenLastCalledWith({ ...UNFILTERED, before: 71 });
    expect(screen.getByTestId("audit-count")).toHaveTextContent(`${AUDIT_PAGE_SIZE + 3} events shown (all that match)`);
    expect(screen.queryByTestId("audit-load-more")).not.toBeInTheDocument();
  });

  it("opens a drawer with every field of an event", async () => {
    const reveal = event(7, {
      action: "secret.reveal",
      actor: "ci-deployer",
      via: "kst_ab12 from 127.0.0.1",
      target: "DB_PASSWORD",
      detail: "copied to the clipboard",
    });
    renderWithBackend(<AuditArea tenant="main" />, fixtureBackend({ auditList: () => Promise.resolve([reveal]) }));

    await userEvent.click(await screen.findByTestId("open-audit-event-7"));

    const drawer = await screen.findByRole("dialog", { name: "Audit event 7" });
    const field = (name: string) => within(drawer).getByTestId(`audit-field-${name}`);
    expect(field("id")).toHaveTextContent("7");
    expect(field("at")).toHaveTextContent("2026-11-25T10:00:00.000Z");
    expect(field("actor")).toHaveTextContent("ci-deployer");
    expect(field("via")).toHaveTextContent("kst_ab12 from 127.0.0.1");
    expect(field("action")).toHaveTextContent("secret.reveal");
    expect(field("target_kind")).toHaveTextContent("secret");
    expect(field("namespace")).toHaveTextContent("company");
    expect(field("target")).toHaveTextContent("DB_PASSWORD");
    expect(field("tenant")).toHaveTextContent("main");
    expect(field("detail")).toHaveTextContent("copied to the clipboard");
  });

  it("shows the core's refusal for a caller without the right", async () => {
    const refusal = "Needs the admin role at tenant level to read the audit log";
    renderWithBackend(
      <AuditArea tenant="main" />,
      fixtureBackend({ auditList: () => Promise.reject(new BackendError("forbidden", refusal)) }),
    );

    const alert = await screen.findByTestId("audit-error");
    expect(alert).toHaveTextContent(refusal);
    expect(alert).toHaveAttribute("data-code", "forbidden");
    expect(screen.queryByTestId("audit-table")).not.toBeInTheDocument();
  });

});
