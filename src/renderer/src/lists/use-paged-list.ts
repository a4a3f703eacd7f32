import { keepPreviousData, useInfiniteQuery, type InfiniteData } from '@tanstack/react-query';
import { useCallback } from 'react';
import type { Page } from '../../../shared/api/page';

export interface PagedList<Row> {
  /** Every row read so far, in order; null until the first page arrives. */
  rows: Row[] | null;
  /** How many rows the whole list has (all pages); null until the first page arrives. */
  total: number | null;
  error: string | null;
  loadingMore: boolean;
  /** Reads the next page, if there is one and none is on its way (a list calls it as its end scrolls into view). */
  loadMore(): void;
}

/**
 * A long list read a page at a time (TanStack infinite query). Each page starts after
 * the previous page's last row, by the cursor `cursorOf` makes of it. `queryKey` starts
 * with the method's name (apiQueryKey), so a change of the data it shows reads the
 * loaded pages again, from the first: new rows come in on top and the pages read stay.
 */
export function usePagedList<Row, Cursor extends object>(options: {
  queryKey: readonly unknown[];
  pageSize: number;
  read(after: Cursor | undefined): Promise<Page<Row>>;
  cursorOf(row: Row): Cursor;
}): PagedList<Row> {
  const { queryKey, pageSize, read, cursorOf } = options;
  const query = useInfiniteQuery<Page<Row>, Error, InfiniteData<Page<Row>, Cursor | null>, readonly unknown[], Cursor | null>({
    queryKey,
    queryFn: ({ pageParam }) => read((pageParam as Cursor | null) ?? undefined),
    initialPageParam: null,
    getNextPageParam: (page: Page<Row>): Cursor | null => {
      const last = page.rows.at(-1);
      return page.rows.length === pageSize && last !== undefined ? cursorOf(last) : null;
    },
    placeholderData: keepPreviousData,
  });
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = query;
  const loadMore = useCallback(() => {
    if (hasNextPage && !isFetchingNextPage) void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);
  const pages = query.data?.pages ?? null;
  return {
    rows: pages === null ? null : pages.flatMap((page) => page.rows),
    total: pages?.[0]?.total ?? null,
    error: query.error ? query.error.message : null,
    loadingMore: isFetchingNextPage,
    loadMore,
  };
}
