import { useVirtualizer } from '@tanstack/react-virtual';
import { Fragment, useEffect, useLayoutEffect, useRef, type ReactNode } from 'react';

/** What a row needs to be measured and placed by the virtualizer. */
export interface VirtualRowProps {
  ref: (element: Element | null) => void;
  'data-index': number;
}

interface VirtualTableProps<T> {
  rows: readonly T[];
  rowKey(row: T): string;
  /** The header row(s), inside <thead>. */
  head: ReactNode;
  /** One <tr> (or more than one line tall); spread `props` on it. */
  renderRow(row: T, props: VirtualRowProps): ReactNode;
  /** A typical row's height in px; rows are measured once shown. */
  estimateRowHeight: number;
  className?: string;
  testId?: string;
  /** Called when the last rows come into view (to load the next page). */
  onNearEnd?: () => void;
}

const OVERSCAN = 12;

/**
 * A table that renders only the rows in (and near) view, in a scroll box of its
 * own: a list of 20,000 costs what its visible rows cost. Empty rows above and
 * below keep the scrollbar true and the columns aligned (a real <table>, so
 * screen readers and column widths behave as before).
 */
export function VirtualTable<T>({ rows, rowKey, head, renderRow, estimateRowHeight, className, testId, onNearEnd }: VirtualTableProps<T>) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => estimateRowHeight,
    getItemKey: (index) => {
      const row = rows[index];
      return row === undefined ? index : rowKey(row);
    },
    overscan: OVERSCAN,
  });
  const items = virtualizer.getVirtualItems();
  const before = items[0]?.start ?? 0;
  const after = virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0);
  const lastShown = items.at(-1)?.index ?? -1;
  useEffect(() => {
    if (onNearEnd && rows.length > 0 && lastShown >= rows.length - OVERSCAN) onNearEnd();
  }, [onNearEnd, lastShown, rows.length]);

  // Rows arriving on top (a new charge) must not move what the reader is looking at:
  // once scrolled down, the view moves down by the rows added above. At the top they show.
  const firstKey = rows[0] === undefined ? null : rowKey(rows[0]);
  const shownFirstKey = useRef(firstKey);
  useLayoutEffect(() => {
    const before = shownFirstKey.current;
    shownFirstKey.current = firstKey;
    const element = scrollRef.current;
    if (before === null || before === firstKey || element === null || element.scrollTop === 0) return;
    const added = rows.findIndex((row) => rowKey(row) === before);
    if (added > 0) element.scrollTop += added * estimateRowHeight;
  }, [firstKey, rows, rowKey, estimateRowHeight]);

  return (
    <div className="table-wrap virtual-scroll" ref={scrollRef}>
      <table className={className ? `table ${className}` : 'table'} data-testid={testId} aria-rowcount={rows.length + 1}>
        <thead>{head}</thead>
        <tbody>
          {before > 0 ? <tr className="virtual-spacer" aria-hidden="true" style={{ height: before }} /> : null}
          {items.map((item) => {
            const row = rows[item.index];
            return row === undefined ? null : <Fragment key={item.key}>{renderRow(row, { ref: virtualizer.measureElement, 'data-index': item.index })}</Fragment>;
          })}
          {after > 0 ? <tr className="virtual-spacer" aria-hidden="true" style={{ height: after }} /> : null}
        </tbody>
      </table>
    </div>
  );
}

interface VirtualListProps<T> {
  items: readonly T[];
  itemKey(item: T): string;
  renderItem(item: T): ReactNode;
  estimateItemHeight: number;
  className?: string;
  /** Called when the last items come into view (to load the next page). */
  onNearEnd?: () => void;
}

/** Blocks of any height (invoices with their lines), only those in view rendered, each measured once shown. */
export function VirtualList<T>({ items, itemKey, renderItem, estimateItemHeight, className, onNearEnd }: VirtualListProps<T>) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => estimateItemHeight,
    getItemKey: (index) => {
      const item = items[index];
      return item === undefined ? index : itemKey(item);
    },
    overscan: 4,
  });
  const lastShown = virtualizer.getVirtualItems().at(-1)?.index ?? -1;
  useEffect(() => {
    if (onNearEnd && items.length > 0 && lastShown >= items.length - 4) onNearEnd();
  }, [onNearEnd, lastShown, items.length]);
  return (
    <div className={className ? `virtual-scroll ${className}` : 'virtual-scroll'} ref={scrollRef}>
      <div className="virtual-list" style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((entry) => {
          const item = items[entry.index];
          return item === undefined ? null : (
            <div key={entry.key} ref={virtualizer.measureElement} data-index={entry.index} className="virtual-list__item" style={{ transform: `translateY(${entry.start}px)` }}>
              {renderItem(item)}
            </div>
          );
        })}
      </div>
    </div>
  );
}
