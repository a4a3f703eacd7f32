/** How many rows a whole list has, as a receptionist reads it: "1 customer", "1,500 customers". */
export function countText(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}
