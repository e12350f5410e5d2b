import { Box, Code } from "@mantine/core";
import { memo, useState } from "react";

import { useBackend } from "../../backend";
import type { SecretListItem } from "../../bindings/SecretListItem";
import { formatTime } from "../../formatTime";
import { nameSegments } from "../../Name";
import { LazyRowMenu, RowButton } from "../../table/RowMenu";
import { PLAIN_CELL, PLAIN_ROW } from "../../table/VirtualTable";
import { notifyCopied, notifyError } from "../../notify";
import { DeniedTooltip, deniedProps } from "../rights/Gated";
import type { NamespaceGates } from "../rights/RightsContext";
import { SecretRowMenu, type SecretRowActions } from "./SecretRowMenu";
import classes from "./SecretRow.module.css";
import { useRevealedValue } from "./useRevealedValue";

/** The fixed mask: same length for every value, so the length does not leak. */
export const MASK = "••••••••";

/** Columns of the secrets table (the revealed value spans them all). */
export const SECRET_COLUMNS = 4;

interface Props extends SecretRowActions {
  tenant: string;
  /** The namespace being listed (where Override writes). */
  namespace: string;
  item: SecretListItem;
  /** The row's position in the table (header = 1), for assistive technology. */
  ariaRowIndex?: number;
  /** The caller's rights, read once for the whole table. */
  gates: NamespaceGates;
}

/**
 * One secret's row group. Memoized: while the table measures and positions its rows (several renders
 * before the first paint of a large namespace), rows whose item and actions are unchanged are not
 * rendered again.
 */
export const SecretRow = memo(function SecretRow({ tenant, namespace, item, ariaRowIndex, gates, ...actions }: Props) {
  const backend = useBackend();
  const revealed = useRevealedValue();
  const [busy, setBusy] = useState(false);
  // Reveal and copy read the value where it is defined (the origin of an inherited row).
  const adminAtOrigin = gates(item.origin, "admin");

  const toggleReveal = async () => {
    if (revealed.value !== null) {
      revealed.hide();
      return;
    }
    setBusy(true);
    try {
      // Inherited rows are read (and copied) from the namespace that defines them.
      revealed.show((await backend.secretGet(tenant, item.origin, item.key, true)).value);
    } catch (error) {
      notifyError(`Could not reveal ${item.key}`, error);
    } finally {
      setBusy(false);
    }
  };

  const copy = async () => {
    try {
      // The desktop writes the OS clipboard and clears it later: the value never reaches the page. The web
      // console's backend writes it with the browser's clipboard API.
      notifyCopied(item.key, await backend.secretCopy(tenant, item.origin, item.key));
    } catch (error) {
      notifyError(`Could not copy ${item.key}`, error);
    }
  };

  return (
    <>
      <tr {...PLAIN_ROW} aria-rowindex={ariaRowIndex} data-testid={`secret-row-${item.key}`}>
        <td className={PLAIN_CELL}>
          <div className={classes.keyCell}>
            <span className={classes.key}>{nameSegments(item.key)}</span>
            {item.description !== "" && <div className={classes.description}>{item.description}</div>}
            <SecretFacts item={item} />
          </div>
        </td>
        <td className={PLAIN_CELL}>
          <DeniedTooltip gate={adminAtOrigin}>
            {(denied) => (
              <button
                type="button"
                className={`mantine-focus-auto ${classes.reveal}`}
                onClick={() => void toggleReveal()}
                disabled={busy}
                aria-label={revealed.value === null ? `Reveal ${item.key}` : `Hide ${item.key}`}
                data-testid={`reveal-${item.key}`}
                {...deniedProps(denied)}
              >
                {revealed.value === null && (
                  <code className={Code.classes.root} data-testid={`secret-value-${item.key}`}>
                    {MASK}
                  </code>
                )}
                <span className={classes.revealLabel}>{busy ? "Revealing…" : revealed.value === null ? "Reveal" : "Hide"}</span>
              </button>
            )}
          </DeniedTooltip>
        </td>
        <td className={`${PLAIN_CELL} mantine-visible-from-md`}>
          <span className={classes.updated} title={`by ${item.updated_by}`}>
            {formatTime(item.updated_at)}
          </span>
        </td>
        <td className={PLAIN_CELL}>
          <div className={classes.actions}>
            <RowButton gate={adminAtOrigin} onClick={() => void copy()} aria-label={`Copy ${item.key}`} data-testid={`copy-${item.key}`}>
              Copy
            </RowButton>
            <LazyRowMenu label={`Actions for ${item.key}`} data-testid={`secret-actions-${item.key}`}>
              {(target) => <SecretRowMenu tenant={tenant} item={item} namespace={namespace} target={target} {...actions} />}
            </LazyRowMenu>
          </div>
        </td>
      </tr>
      {revealed.value !== null && (
        <tr {...PLAIN_ROW} data-testid={`secret-revealed-${item.key}`}>
          <td className={PLAIN_CELL} colSpan={SECRET_COLUMNS} style={NO_TOP_PADDING}>
            <RevealedValue secretKey={item.key} value={revealed.value} />
          </td>
        </tr>
      )}
    </>
  );
});

const NO_TOP_PADDING = { paddingTop: 0 } as const;

/**
 * Readable at a glance: monospace at body size, line breaks kept, bounded and scrollable for long values.
 * The zero-width wrapper keeps a long line from widening the table: the box scrolls instead.
 */
function RevealedValue({ secretKey, value }: { secretKey: string; value: string }) {
  return (
    <Box w={0} miw="100%">
      <Code
        block
        role="region"
        aria-label={`Value of ${secretKey}`}
        tabIndex={0}
        fz="sm"
        mah={200}
        style={{ overflow: "auto", whiteSpace: "pre" }}
        data-testid={`secret-value-${secretKey}`}
      >
        {value}
      </Code>
    </Box>
  );
}

/** Version and flags as words (never truncated badges): read-only, where an inherited row comes from, what it shadows. */
function SecretFacts({ item }: { item: SecretListItem }) {
  const flags = [
    <span key="version">v{item.version}</span>,
    item.read_only && (
      <span key="read-only" className={classes.readOnly}>
        read-only
      </span>
    ),
    item.inherited && (
      <span key="inherited" className={classes.inherited}>
        inherited from {nameSegments(item.origin)}
      </span>
    ),
    ...item.shadows.map((ancestor) => <span key={`shadows-${ancestor}`}>shadows {nameSegments(ancestor)}</span>),
  ].filter((flag) => flag !== false);
  return (
    <div className={classes.facts} data-testid={`secret-flags-${item.key}`}>
      {flags.flatMap((flag, index) => (index === 0 ? [flag] : [<span key={`sep-${index}`}> · </span>, flag]))}
    </div>
  );
}
