import { Loader } from "@mantine/core";
import { useLayoutEffect, useRef, useState, type ComponentPropsWithoutRef, type ReactElement, type ReactNode, type Ref } from "react";

import { DeniedTooltip, deniedProps } from "../features/rights/Gated";
import type { Gate } from "../features/rights/rights";
import classes from "./RowButtons.module.css";

type MenuButtonProps = ComponentPropsWithoutRef<"button"> & {
  label: string;
  "data-testid": string;
  /** A write the menu started is running: the button spins and cannot be used. */
  loading?: boolean;
  ref?: Ref<HTMLButtonElement>;
};

/** A row's "⋯" button; `Menu.Target` wraps it once the menu is mounted. */
export function RowMenuButton({ label, loading = false, ref, className, ...props }: MenuButtonProps) {
  return (
    <button
      ref={ref}
      type="button"
      className={`mantine-focus-auto ${classes.menu} ${className ?? ""}`}
      aria-label={label}
      aria-haspopup="menu"
      aria-busy={loading || undefined}
      disabled={loading || props.disabled}
      {...props}
    >
      {loading ? <Loader size={14} /> : <span aria-hidden>⋯</span>}
    </button>
  );
}

/** The row's menu button, labelled as its `LazyRowMenu` says: the menu's `Menu.Target` wraps it. */
export type RowMenuTarget = (loading?: boolean) => ReactElement;

interface LazyProps {
  /** The button's accessible name, e.g. "Actions for API_KEY". */
  label: string;
  "data-testid": string;
  /** The menu: a Mantine `Menu` whose `Menu.Target` holds `target()`, the same button as the placeholder's. */
  children: (target: RowMenuTarget) => ReactNode;
}

/**
 * A row's menu, mounted the first time its button is used. A table renders a screenful of rows per frame
 * and most of their menus are never opened: until then a row holds a plain button, not Mantine's Menu
 * (positioning, transitions) nor the hooks its items need (rights, mutations). Once opened the menu stays
 * mounted, so a write it started keeps its busy state and focus returns to its button.
 */
export function LazyRowMenu({ label, "data-testid": testId, children }: LazyProps) {
  const [used, setUsed] = useState(false);
  const box = useRef<HTMLSpanElement>(null);
  // The menu's own button replaced the one used: it takes focus and is used in turn, so the menu opens
  // the way it always does (and gives focus back to its button when it closes).
  useLayoutEffect(() => {
    if (!used) return;
    const button = box.current?.querySelector("button");
    button?.focus();
    button?.click();
  }, [used]);
  if (used) {
    return (
      <span ref={box} style={CONTENTS}>
        {children((loading = false) => (
          <RowMenuButton label={label} data-testid={testId} loading={loading} />
        ))}
      </span>
    );
  }
  return (
    <RowMenuButton
      label={label}
      data-testid={testId}
      aria-expanded={false}
      onClick={() => {
        setUsed(true);
      }}
    />
  );
}

/** A wrapper that takes no box of its own. */
const CONTENTS = { display: "contents" } as const;

type RowButtonProps = ComponentPropsWithoutRef<"button"> & { gate: Gate; "data-testid"?: string };

/**
 * A row's small text button (Copy), drawn like Mantine's compact light Button. A caller the gate refuses
 * sees it disabled, focusable, with the role it needs (see `DeniedTooltip`).
 */
export function RowButton({ gate, className, ...props }: RowButtonProps) {
  return (
    <DeniedTooltip gate={gate}>
      {(describedBy) => (
        <button
          type="button"
          className={`mantine-focus-auto ${classes.button} ${className ?? ""}`}
          {...props}
          {...deniedProps(describedBy)}
        />
      )}
    </DeniedTooltip>
  );
}
