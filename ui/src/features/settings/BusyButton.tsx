import { Button, Loader, type ButtonProps } from "@mantine/core";
import type { ComponentPropsWithoutRef, ReactNode } from "react";

type Props = ButtonProps &
  Omit<ComponentPropsWithoutRef<"button">, "children"> & {
    busy: boolean;
    /** What the button says while the host works (Argon2id and re-sealing take seconds: say so). */
    busyLabel: string;
    children: ReactNode;
    "data-testid"?: string;
  };

/** Not Mantine's `loading`, which blanks the label: the label says what is happening. */
export function BusyButton({ busy, busyLabel, children, disabled, ...props }: Props) {
  return (
    <Button
      {...props}
      disabled={busy || disabled}
      aria-busy={busy}
      leftSection={busy ? <Loader size="xs" color="currentColor" aria-hidden /> : props.leftSection}
    >
      {busy ? busyLabel : children}
    </Button>
  );
}
