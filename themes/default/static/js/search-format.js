// The compiled index's encodings decoded (docs/search-format.md).

import { compare } from "./search-query.js";

export function undelta(deltas) {
  const ids = new Int32Array(deltas.length);
  let last = 0;
  for (let i = 0; i < deltas.length; i++) ids[i] = last += deltas[i];
  return ids;
}

// Counts of positions, one character each (compiler.count_string): code point 0x2F + count, counts
// that would fall on the surrogates moved past them.
export function counts(text) {
  const out = new Int32Array(text.length);
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    let code = text.charCodeAt(i);
    if (code >= 0xd800 && code < 0xdc00) code = ((code - 0xd800) << 10) + (text.charCodeAt(++i) - 0xdc00) + 0x10000;
    if (code >= 0xe000) code -= 0x800;
    out[n++] = code - 0x2f;
  }
  return n === out.length ? out : out.slice(0, n);
}

// Increasing ids, written as each one's step from the one before, the first's from -1 (compiler.id_string).
export function postingIds(text) {
  const ids = counts(text);
  let last = -1;
  for (let i = 0; i < ids.length; i++) ids[i] = last += ids[i];
  return ids;
}

// The ranking's last tie-break (documents.order_key) as one number per id: a base document's id is its
// place; the delta's `order` puts each of its documents, in order, before the base id `place`
// (docfiles.delta_order).
export function ranks(order) {
  const span = order.length + 1, rank = new Map();
  order.forEach(([id, place], k) => {
    const after = k > 0 && order[k - 1][1] === place; // the one before has the same place
    rank.set(id, after ? rank.get(order[k - 1][0]) + 1 : place * span);
  });
  return (id) => rank.get(id) ?? id * span + span - 1;
}

// The last index of `rows` whose first item is <= key (0 if none): the shard or directory holding key.
function lastAtOrBefore(rows, key) {
  let lo = 0, hi = rows.length - 1, found = 0;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (compare(rows[mid][0], key) <= 0) { found = mid; lo = mid + 1; } else hi = mid - 1;
  }
  return found;
}

// The rows of a sorted list of [first key, ...] that can hold `key`'s group (isPrefix: every group whose key
// starts with it): the last row at or before it, and the rows after it that start with it.
export function covering(rows, key, isPrefix) {
  if (!rows.length) return [];
  const first = lastAtOrBefore(rows, key);
  const out = [rows[first]];
  if (isPrefix) for (let i = first + 1; i < rows.length && rows[i][0].startsWith(key); i++) out.push(rows[i]);
  return out;
}

// An id chunk's field lengths (docfiles.chunk_file) into `lengths`; its display directories.
export function chunkLengths(m, lengths, c, data) {
  const table = m.lengthOfByte, start = c * m.chunk, W = m.wordFields;
  // The word fields not inline, in order (docfiles.chunk_fields), then their pair fields by difference.
  const fields = m.fields.map((_, f) => f).filter((f) => f < W && !m.inline.includes(f));
  data.lengths.forEach(([least, text], k) => {
    const f = fields[k];
    const words = lengths[f], pairs = lengths[f + W], diffs = data.pairs[k];
    for (let i = 0; i < text.length; i++) {
      const byte = text.charCodeAt(i) - 0x20 + least;
      words[start + i] = table[byte];
      pairs[start + i] = table[byte - (diffs.charCodeAt(i) - 0x30)];
    }
  });
  return data.dirs;
}

// The day of each id (NaN: undated): the base's from the days file (docfiles.days_file), the delta's
// from its order.
export function dayTable(size, [first, text], order) {
  const days = new Float64Array(size).fill(NaN), steps = counts(text);
  let day = first;
  for (let i = 0; i < steps.length; i++) {
    const z = steps[i] - 1; // the step down, zigzagged; below 0: undated
    if (z >= 0) days[i] = day -= z & 1 ? -(z + 1) / 2 : z / 2;
  }
  for (const [id, , d] of order) days[id] = d === null ? NaN : d;
  return days;
}
