/**
 * The first k of n candidates in a strict order, without sorting all n: a lookup may match 50,000 assets, and
 * a tool shows a page of them. A bounded heap holds the k best so far with the worst of them at its root; a
 * candidate that does not beat the root costs one comparison. O(n log k) comparisons instead of O(n log n), and
 * nothing allocated per candidate.
 *
 * `compare` must be a strict total order (0 only for a candidate with itself): then the result is exactly the
 * first k of a full sort. The lookup breaks its last ties by the candidates' position, as a stable sort does.
 */
export function topK(n: number, k: number, compare: (a: number, b: number) => number): number[] {
  const size = Math.max(0, Math.min(n, Math.floor(k)));
  if (size === 0) return [];
  // Every candidate is shown (or nearly): one sort.
  if (size * 2 >= n) {
    const all = Array.from({ length: n }, (_, i) => i);
    all.sort(compare);
    return all.slice(0, size);
  }
  // heap[0] ranks last among the kept: a max-heap under `compare`.
  const heap: number[] = [];
  const worse = (a: number, b: number) => compare(heap[a]!, heap[b]!) > 0;
  const swap = (a: number, b: number) => {
    const t = heap[a]!;
    heap[a] = heap[b]!;
    heap[b] = t;
  };
  for (let c = 0; c < n; c++) {
    if (heap.length < size) {
      heap.push(c);
      for (let i = heap.length - 1; i > 0; ) {
        const parent = (i - 1) >> 1;
        if (!worse(i, parent)) break;
        swap(i, parent);
        i = parent;
      }
      continue;
    }
    if (compare(c, heap[0]!) >= 0) continue;
    heap[0] = c;
    for (let i = 0; ; ) {
      const l = 2 * i + 1;
      const r = l + 1;
      let top = i;
      if (l < size && worse(l, top)) top = l;
      if (r < size && worse(r, top)) top = r;
      if (top === i) break;
      swap(i, top);
      i = top;
    }
  }
  return heap.sort(compare);
}
