import { Box, Table, type TableProps } from "@mantine/core";
import { defaultRangeExtractor, observeElementRect, useVirtualizer, type Range } from "@tanstack/react-virtual";
import { useCallback, useRef, useState, type ReactNode } from "react";

/**
 * What Mantine's `Table.Tr` renders in a table with `highlightOnHover` and its default row borders, for
 * rows drawn with plain elements: a screenful of rows renders each frame of a scroll, and Mantine's
 * table parts (props, context, styles, a Box each) cost more than the rows' own content. Only the
 * static `mantine-Table-*` class names are left out: nothing here styles or selects by them.
 */
export const PLAIN_ROW = { className: Table.classes.tr, "data-with-row-border": true, "data-hover": true } as const;

/** The class of Mantine's `Table.Td`, for a plain `td` (see `PLAIN_ROW`). */
export const PLAIN_CELL = Table.classes.td;

/** How far below the visible rows are rendered ahead of a scroll, in rows. */
const OVERSCAN = 5;

interface Props<T> extends Omit<TableProps, "children" | "stickyHeader"> {
  items: T[];
  rowKey: (item: T) => string;
  /** A typical row's height in px (rows are measured once rendered). */
  estimateRowHeight: number;
  columns: number;
  /** The header row (`Table.Tr` of `Table.Th`). */
  head: ReactNode;
  /** An item's rows: the first carries `aria-rowindex`; more (a revealed value) may follow. */
  renderRow: (item: T, ariaRowIndex: number) => ReactNode;
  /** How tall the scrolling box may grow before it scrolls (CSS length). */
  maxHeight?: string;
  "data-testid"?: string;
}

/**
 * A table that keeps only the rows in view (and a few around them) in the DOM, so a namespace with
 * 10 000 entries scrolls as smoothly as one with ten. It scrolls in its own box under a sticky
 * header. Each item is its own row group, measured as rendered, so rows of any height (and a row
 * that grows, like a revealed secret) keep the scroll position exact. The row holding keyboard
 * focus stays rendered while it scrolls away, so focus is never dropped on the page.
 */
export function VirtualTable<T>({
  items,
  rowKey,
  estimateRowHeight,
  columns,
  head,
  renderRow,
  maxHeight = "max(240px, calc(100dvh - 210px))",
  "data-testid": testId,
  ...table
}: Props<T>) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const [focusedIndex, setFocusedIndex] = useState<number | null>(null);
  const rangeExtractor = useCallback(
    (range: Range) => {
      const indexes = defaultRangeExtractor(range);
      if (focusedIndex === null || focusedIndex >= range.count || indexes.includes(focusedIndex)) return indexes;
      return [...indexes, focusedIndex].sort((a, b) => a - b);
    },
    [focusedIndex],
  );
  // The app is not built with the React Compiler, which is what this rule guards: the virtualizer is read
  // afresh on every render here.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => estimateRowHeight,
    getItemKey: (index) => rowKey(items[index] as T),
    overscan: OVERSCAN,
    rangeExtractor,
    // Before layout (and without one, as in tests) the box has no height yet: plan for a window's worth,
    // from the first render on, so the first commit already holds the rows in view.
    initialRect: { width: 0, height: window.innerHeight },
    observeElementRect: (instance, notify) =>
      observeElementRect(instance, (rect) => {
        notify(rect.height > 0 ? rect : { width: rect.width, height: window.innerHeight });
      }),
    measureElement: (element) => {
      const height = element.getBoundingClientRect().height;
      return height > 0 ? height : estimateRowHeight;
    },
  });
  const rows = virtualizer.getVirtualItems();
  const before = rows[0]?.start ?? 0;
  const after = virtualizer.getTotalSize() - (rows.at(-1)?.end ?? 0);

  return (
    <Box ref={scrollRef} mah={maxHeight} style={{ overflowY: "auto" }} data-testid={testId === undefined ? undefined : `${testId}-scroll`}>
      <Table
        {...table}
        stickyHeader
        aria-rowcount={items.length + 1}
        data-testid={testId}
        onFocus={(event) => {
          const group = (event.target as Element).closest("[data-index]");
          setFocusedIndex(group === null ? null : Number(group.getAttribute("data-index")));
        }}
      >
        <Table.Thead>{head}</Table.Thead>
        <Spacer height={before} columns={columns} />
        {rows.map((row) => (
          <tbody key={row.key} className={Table.classes.tbody} ref={virtualizer.measureElement} data-index={row.index}>
            {renderRow(items[row.index] as T, row.index + 2)}
          </tbody>
        ))}
        <Spacer height={after} columns={columns} />
      </Table>
    </Box>
  );
}

/** Stands in for the rows not rendered, so the scrollbar shows the whole list. */
function Spacer({ height, columns }: { height: number; columns: number }) {
  if (height <= 0) return null;
  return (
    <tbody aria-hidden>
      <tr>
        <td colSpan={columns} style={{ height, padding: 0, border: 0 }} />
      </tr>
    </tbody>
  );
}
