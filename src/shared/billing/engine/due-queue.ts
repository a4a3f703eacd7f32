/**
 * When each account next needs the clock's attention (a period end, a wallet credit
 * expiring, a usage invoice closing): a min-heap of (time, customer) with lazy
 * deletion, so an event only touches the accounts that are due. Ties go by customer
 * id, so every console processes them in the same order.
 */
export class DueQueue {
  private heap: [number, string][] = [];
  private readonly current = new Map<string, number>();

  schedule(customerId: string, dueMs: number | null): void {
    if (dueMs === null) {
      this.current.delete(customerId);
      return;
    }
    if (this.current.get(customerId) === dueMs) return;
    this.current.set(customerId, dueMs);
    this.push([dueMs, customerId]);
  }

  /** Removes and returns the next customer due at or before `ms`, or null. */
  popDue(ms: number): string | null {
    while (this.heap.length > 0) {
      const top = this.heap[0]!;
      if (this.current.get(top[1]) !== top[0]) {
        this.pop();
        continue;
      }
      if (top[0] > ms) return null;
      this.pop();
      this.current.delete(top[1]);
      return top[1];
    }
    return null;
  }

  private push(item: [number, string]): void {
    const heap = this.heap;
    heap.push(item);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!less(heap[i]!, heap[parent]!)) break;
      [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
      i = parent;
    }
  }

  private pop(): void {
    const heap = this.heap;
    const last = heap.pop()!;
    if (heap.length === 0) return;
    heap[0] = last;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      if (left < heap.length && less(heap[left]!, heap[smallest]!)) smallest = left;
      if (right < heap.length && less(heap[right]!, heap[smallest]!)) smallest = right;
      if (smallest === i) return;
      [heap[i], heap[smallest]] = [heap[smallest]!, heap[i]!];
      i = smallest;
    }
  }
}

function less(a: [number, string], b: [number, string]): boolean {
  return a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]);
}
