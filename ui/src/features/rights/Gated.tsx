import { Button, Menu, Text, Tooltip, VisuallyHidden, type ButtonProps, type MenuItemProps } from "@mantine/core";
import { useId, type ComponentPropsWithoutRef, type ReactElement } from "react";

import type { Gate } from "./rights";

/**
 * A control the caller may not use: it stays visible and focusable, looks disabled, does nothing when
 * clicked, and says (tooltip on hover and focus, and as its accessible description) which role it needs.
 */
export function DeniedTooltip({ gate, children }: { gate: Gate; children: (describedBy: string | undefined) => ReactElement }) {
  const id = useId();
  if (gate.allowed) return children(undefined);
  return (
    <>
      <Tooltip label={gate.reason} events={{ hover: true, focus: true, touch: true }} multiline maw={320} withArrow>
        {children(id)}
      </Tooltip>
      <VisuallyHidden id={id}>{gate.reason}</VisuallyHidden>
    </>
  );
}

/** What a denied control needs: looks disabled, stays focusable, swallows clicks. */
export function deniedProps(describedBy: string | undefined) {
  return describedBy === undefined
    ? {}
    : {
        "data-disabled": true,
        "aria-disabled": true,
        "aria-describedby": describedBy,
        onClick: (event: { preventDefault: () => void }) => {
          event.preventDefault();
        },
      };
}

type GatedButtonProps = ButtonProps & ComponentPropsWithoutRef<"button"> & { gate: Gate; "data-testid"?: string };

/** A Mantine Button that is offered only when `gate` allows it (otherwise see `DeniedTooltip`). */
export function GatedButton({ gate, ...props }: GatedButtonProps) {
  return <DeniedTooltip gate={gate}>{(describedBy) => <Button {...props} {...deniedProps(describedBy)} />}</DeniedTooltip>;
}

type GatedMenuItemProps = MenuItemProps & ComponentPropsWithoutRef<"button"> & { gate: Gate; "data-testid"?: string };

/** A menu entry the caller may not use is shown disabled, with the role it needs written under it. */
export function GatedMenuItem({ gate, children, onClick, ...props }: GatedMenuItemProps) {
  if (gate.allowed) {
    return (
      <Menu.Item onClick={onClick} {...props}>
        {children}
      </Menu.Item>
    );
  }
  return (
    <Menu.Item {...props} disabled>
      {children}
      <Text size="xs" c="dimmed" data-testid="denied-reason">
        {gate.short}
      </Text>
    </Menu.Item>
  );
}
