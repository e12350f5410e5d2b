import { notifications } from "@mantine/notifications";

import { toBackendError } from "./backend";

export function notifySuccess(message: string): void {
  notifications.show({ color: "teal", title: "Done", message });
}

export function notifyError(title: string, error: unknown): void {
  notifications.show({ color: "red", title, message: toBackendError(error).message });
}
