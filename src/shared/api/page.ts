/**
 * One page of a long list: its rows, and how many rows the whole list has (for
 * "1,500 customers"). The next page starts after the last row's sort key, which
 * each list names as its cursor (a unique tuple, so no row is lost at an edge).
 */
export interface Page<Row> {
  rows: Row[];
  total: number;
}
