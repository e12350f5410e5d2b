import { notifications } from "@mantine/notifications";

import { toBackendError, type CopyOutcome } from "./backend";

export function notifySuccess(message: string): void {
  notifications.show({ color: "teal", title: "Done", message });
}

export function notifyError(title: string, error: unknown): void {
  notifications.show({ color: "red", title, message: toBackendError(error).message });
}

/**
 * Says what a copy did and when the clipboard is cleared. In a browser the clear may not happen (the page
 * must have focus): then a warning that stays until dismissed says so.
 */
export function notifyCopied(what: string, outcome: CopyOutcome): void {
  const secs = String(outcome.clear_after_secs);
  if (outcome.clear === undefined) {
    notifySuccess(`${what} copied; the clipboard clears in ${secs} s`);
    return;
  }
  notifySuccess(`${what} copied; the clipboard clears in ${secs} s if this page has focus then`);
  void outcome.clear.then((result) => {
    if (result.kind !== "not_cleared") return;
    notifications.show({
      color: "orange",
      title: `${what} may still be on the clipboard`,
      message: result.reason,
      autoClose: false,
    });
  });
}
