// The order of a search's hits (generator/search/searcher.py: ranked, and the ranking's tie-breaks), chosen
// only as far as it is read. Split from search-engine.js, which re-exports it.

// The score as ordering sees it (searcher.py: ranked).
export const ranked = (score) => Number(score.toPrecision(10));

// --- the order of the results --------------------------------------------------------------------

// The hits of a search, in order: by relevance, the score rounded to 10 significant digits (ranked), then
// the rank (newest day, undated last, then URL); by date (`days`, -Infinity for undated), the day, then
// the same. Ordered only as far as they are read (issue 18): a first page of 10 out of 100,000 hits needs
// the 10 best, not 100,000 sorted. The best k are selected exactly: the k-th greatest score (or day) is
// found with a bounded heap; only the hits whose rounded score (or day) reaches it can be among the k,
// and only they are sorted. `slice`, `map`, `length` and iteration work as on the array of every hit.
export class Results {
  constructor(ids, scores, rank, days) {
    Object.assign(this, { ids, scores, rank, days, top: new Uint32Array(0) });
  }

  get length() { return this.ids.length; }

  // The hit indexes of the best `k`, in order (remembered, and grown by at least double when read on).
  ordered(k) {
    const n = this.ids.length;
    k = Math.min(n, k);
    if (k > this.top.length) {
      const grown = Math.min(n, Math.max(k, 2 * this.top.length));
      const first = this.days || this.scores; // the first key, greater first
      const key = this.days ? (v) => v : ranked; // as the order compares it: monotone in `first`
      let chosen;
      if (grown * 4 >= n) chosen = new Uint32Array(n).map((_, i) => i);
      else {
        const bar = key(kthGreatest(first, grown));
        // ranked(v) >= bar needs v >= bar less half a unit of its 10th digit: no hit below `low` can.
        const low = this.days ? bar : bar - Math.abs(bar) * 1e-9, picked = [];
        for (let i = 0; i < n; i++) if (first[i] >= low && key(first[i]) >= bar) picked.push(i);
        chosen = Uint32Array.from(picked);
      }
      // Sorted as places in `chosen` over typed arrays: a comparator reading objects took 60 ms for 100,000.
      const m = chosen.length, R = new Float64Array(m), K = new Float64Array(m), D = new Float64Array(m);
      chosen.forEach((i, j) => {
        R[j] = ranked(this.scores[i]); K[j] = this.rank(this.ids[i]); D[j] = this.days ? this.days[i] : 0;
      });
      const order = new Uint32Array(m).map((_, j) => j);
      order.sort(this.days ? (a, b) => (D[b] - D[a]) || (R[b] - R[a]) || (K[a] - K[b])
        : (a, b) => (R[b] - R[a]) || (K[a] - K[b]));
      this.top = Uint32Array.from(order.subarray(0, grown), (j) => chosen[j]);
    }
    return this.top.subarray(0, k);
  }

  slice(start = 0, end = this.length) {
    const n = this.length, at = (i) => (i < 0 ? Math.max(0, n + i) : Math.min(n, i));
    [start, end] = [at(start), at(end)];
    if (end <= start) return [];
    return Array.from(this.ordered(end).subarray(start), (i) => ({ id: this.ids[i], score: this.scores[i] }));
  }

  map(fn) { return this.slice().map(fn); }

  [Symbol.iterator]() { return this.slice()[Symbol.iterator](); }
}

// The k-th greatest of `values` (1 <= k <= values.length), by a heap of the k greatest seen.
function kthGreatest(values, k) {
  const heap = new Float64Array(k);
  let size = 0;
  for (let j = 0; j < values.length; j++) {
    const v = values[j];
    if (size < k) { // sift up
      let i = size++;
      while (i > 0 && heap[(i - 1) >> 1] > v) { heap[i] = heap[(i - 1) >> 1]; i = (i - 1) >> 1; }
      heap[i] = v;
    } else if (v > heap[0]) { // replace the least, sift down
      let i = 0;
      for (;;) {
        let c = 2 * i + 1;
        if (c >= k) break;
        if (c + 1 < k && heap[c + 1] < heap[c]) c++;
        if (heap[c] >= v) break;
        heap[i] = heap[c]; i = c;
      }
      heap[i] = v;
    }
  }
  return heap[0];
}
