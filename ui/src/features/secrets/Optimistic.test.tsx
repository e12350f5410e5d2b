// Writes show at once in the listing and are put back by the UI when the host refuses them (the
// listing's refetch is held open).
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import { BackendError } from "../../backend";
import { fixtureBackend, secretItem } from "../../test/fixtureBackend";
import { firstThenHeld } from "../../test/firstThenHeld";
import { gate } from "../../test/gate";
import { renderWithBackend } from "../../test/render";
import { SecretsPanel } from "./SecretsPanel";

describe("optimistic secret writes", () => {
  it("the read-only flag shows before the host answers, and flips back when it refuses", async () => {
    const answer = gate<never>();
    const backend = fixtureBackend({
      secretList: firstThenHeld([secretItem({ namespace: "company", key: "API_KEY" })]),
      secretSetReadOnly: () => answer.promise,
    });
    renderWithBackend(<SecretsPanel tenant="main" namespace="company" />, backend);

    await userEvent.click(await screen.findByTestId("secret-actions-API_KEY"));
    await userEvent.click(await screen.findByTestId("read-only-API_KEY"));
    await waitFor(() => {
      expect(screen.getByTestId("secret-flags-API_KEY")).toHaveTextContent("read-only");
    });

    answer.settle()?.reject(new BackendError("forbidden", "needs admin on company"));
    await waitFor(() => {
      expect(screen.getByTestId("secret-flags-API_KEY")).not.toHaveTextContent("read-only");
    });
    expect(await screen.findByText("needs admin on company")).toBeInTheDocument();
  });

  it("a deleted row leaves at once and comes back when the delete fails", async () => {
    const answer = gate<never>();
    const backend = fixtureBackend({
      secretList: firstThenHeld([secretItem({ namespace: "company", key: "API_KEY" }), secretItem({ namespace: "company", key: "OTHER" })]),
      secretDelete: () => answer.promise,
    });
    renderWithBackend(<SecretsPanel tenant="main" namespace="company" />, backend);

    await userEvent.click(await screen.findByTestId("secret-actions-API_KEY"));
    await userEvent.click(await screen.findByTestId("delete-API_KEY"));
    await userEvent.click(await screen.findByTestId("delete-confirm"));
    await waitFor(() => {
      expect(screen.queryByTestId("secret-row-API_KEY")).not.toBeInTheDocument();
    });
    expect(screen.getByTestId("secret-row-OTHER")).toBeInTheDocument();

    answer.settle()?.reject(new BackendError("conflict", "API_KEY is read-only"));
    expect(await screen.findByTestId("secret-row-API_KEY")).toBeInTheDocument();
    expect(within(screen.getByTestId("delete-error")).getByText(/API_KEY is read-only/)).toBeInTheDocument();
  });
});
