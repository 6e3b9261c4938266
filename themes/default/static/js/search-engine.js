// The search engine of the browser: the compiled index (generator/search/compiler.py), fetched piece
// by piece, queried with the rules of generator/search/query.py and scored with Whoosh's BM25F
// exactly as Whoosh's searcher scores (whoosh.scoring.BM25F). tests/test_search_parity.py runs the
// same queries here, in Chromium, and through `tintuc search`, and compares URLs, order and scores.

import { analyze, fold } from "./analysis.js";

const QUOTES = /["\u201c\u201d]/;

// Python orders strings by code point; JavaScript's < by UTF-16 unit. The same order, everywhere.
export function compare(a, b) {
  if (a === b) return 0;
  const x = Array.from(a), y = Array.from(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    if (x[i] !== y[i]) return x[i].codePointAt(0) - y[i].codePointAt(0);
  }
  return x.length - y.length;
}

// --- the query language (query.py: parse) -------------------------------------------------------

export function parse(text, prefixMin) {
  return capped(allUnits(text, prefixMin));
}

// Whether words of `text` beyond the first MAX_WORDS distinct ones were left out (query.py: is_capped).
export function isCapped(text, prefixMin) {
  const units = allUnits(text, prefixMin);
  return capped(units).map(unitKey).join("\n") !== distinct(units).map(unitKey).join("\n");
}

function allUnits(text, prefixMin) {
  text = text.normalize("NFC");
  const pieces = text.split(QUOTES);
  const units = [];
  pieces.forEach((piece, at) => {
    const words = analyze(piece).map((t) => ({ exact: t.exact, folded: t.folded, prefix: false }));
    if (at % 2 === 1 && words.length > 1) units.push({ phrase: words });
    else units.push(...words);
  });
  const last = units[units.length - 1];
  const lastOutside = pieces.length % 2 === 1;
  if (last && !last.phrase && lastOutside && /[\p{L}\p{N}]$/u.test(text) &&
      Array.from(last.folded).length >= prefixMin) {
    last.prefix = true;
  }
  return units;
}

// Pairs of whole words that follow each other in the query (query.py: adjacent_pairs): each is looked
// up in the index's pair fields and adds its score where it stands side by side in an article, so a
// multi-syllable word typed without accents finds the article that has it as a word above those with
// its syllables scattered.
export function adjacentPairs(text, prefixMin) {
  const kept = new Set(parse(text, prefixMin).filter((u) => !u.phrase).map(unitKey));
  const units = allUnits(text, prefixMin);
  const pairs = [], seen = new Set();
  for (let i = 0; i + 1 < units.length; i++) {
    const [a, b] = [units[i], units[i + 1]];
    const [ka, kb] = [a.phrase ? null : unitKey(a), b.phrase ? null : unitKey(b)];
    if (ka === null || kb === null || !kept.has(ka) || !kept.has(kb) || ka === kb || a.prefix) continue;
    const key = ka + "\n" + kb;
    if (!seen.has(key)) { seen.add(key); pairs.push([a, b]); }
  }
  return pairs;
}

// Only the first MAX_WORDS distinct words count, a repeated word or phrase once (query.py: MAX_WORDS).
export const MAX_WORDS = 32;
const unitKey = (u) => JSON.stringify(u.phrase ? u.phrase.map((w) => [w.exact, w.folded, w.prefix]) : [u.exact, u.folded, u.prefix]);

function distinct(units) {
  const seen = new Set();
  return units.filter((u) => { const key = unitKey(u); return !seen.has(key) && seen.add(key); });
}

function capped(units) {
  const kept = [];
  let room = MAX_WORDS;
  for (const unit of distinct(units)) {
    const size = unit.phrase ? unit.phrase.length : 1;
    if (size > room) {
      if (unit.phrase && room >= 2) kept.push({ phrase: unit.phrase.slice(0, room) });
      else if (unit.phrase && room === 1) kept.push(unit.phrase[0]);
      break;
    }
    kept.push(unit);
    room -= size;
  }
  return distinct(kept);
}

// The score as ordering sees it (searcher.py: ranked).
export const ranked = (score) => Number(score.toPrecision(10));

function undelta(deltas) {
  const ids = new Int32Array(deltas.length);
  let last = 0;
  for (let i = 0; i < deltas.length; i++) ids[i] = last += deltas[i];
  return ids;
}

// --- the index ------------------------------------------------------------------------------------

export class SearchIndex {
  constructor(manifestUrl) {
    this.manifestUrl = new URL(manifestUrl, document.baseURI);
    this.files = new Map(); // name -> Promise of parsed JSON
  }

  fetchJSON(name) {
    if (!this.files.has(name)) {
      const url = new URL(name, this.manifestUrl);
      const promise = fetch(url).then((response) => {
        if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
        return response.json();
      });
      promise.catch(() => this.files.delete(name)); // a failed fetch may be tried again
      this.files.set(name, promise);
    }
    return this.files.get(name);
  }

  async open() {
    this.manifest = await this.fetchJSON(this.manifestUrl.pathname.split("/").pop());
    const m = this.manifest;
    const [stats, delta] = await Promise.all([
      this.fetchJSON(m.stats), m.delta ? this.fetchJSON(m.delta) : Promise.resolve(null)]);
    this.stats = stats;
    this.replaced = new Set(delta ? delta.replaced : []);
    this.delta = delta ? delta.terms : {};
    this.avgfl = m.fields.map((_, f) => (stats.fl[f] / (stats.dc || 1)) || 1);
    return this;
  }

  // Index of the term shard that holds a folded key: the last whose first key is <= key.
  shardOf(key) {
    const shards = this.manifest.terms;
    let lo = 0, hi = shards.length - 1, found = 0;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (compare(shards[mid][0], key) <= 0) { found = mid; lo = mid + 1; } else hi = mid - 1;
    }
    return found;
  }

  // Term shards whose keys may start with `prefix` (or equal it).
  shardsFor(prefix, isPrefix) {
    const shards = this.manifest.terms;
    if (!shards.length) return [];
    const first = this.shardOf(prefix);
    const out = [first];
    if (isPrefix) {
      for (let i = first + 1; i < shards.length && shards[i][0].startsWith(prefix); i++) out.push(i);
    }
    return out;
  }

  // Every (field, term) of the groups whose key is `key` (or starts with it): merged base + delta.
  // Remembered, with their decoded postings, for the life of the page.
  entries(key, isPrefix) {
    const id = `${isPrefix ? "*" : "="}${key}`;
    if (!this.memo) this.memo = new Map();
    if (!this.memo.has(id)) {
      const promise = this.loadEntries(key, isPrefix);
      promise.catch(() => this.memo.delete(id));
      this.memo.set(id, promise);
    }
    return this.memo.get(id);
  }

  async loadEntries(key, isPrefix) {
    const shards = this.shardsFor(key, isPrefix);
    const loaded = await Promise.all(shards.map((i) => this.fetchJSON(this.manifest.terms[i][1])));
    const merged = new Map();
    const take = (groupKey, rows, shard, fromDelta) => {
      rows.forEach((row, index) => {
        const id = `${row[0]}\u0000${row[1]}`;
        const entry = merged.get(id) || { field: row[0], term: row[1], key: groupKey, df: row[2], base: null, delta: null };
        if (fromDelta) { entry.delta = row; entry.df = row[2]; } else entry.base = { row, shard, index };
        merged.set(id, entry);
      });
    };
    const matches = (k) => (isPrefix ? k.startsWith(key) : k === key);
    loaded.forEach((shard, n) => {
      for (const groupKey in shard) if (matches(groupKey)) take(groupKey, shard[groupKey], shards[n], false);
    });
    for (const groupKey in this.delta) if (matches(groupKey)) take(groupKey, this.delta[groupKey], -1, true);
    return Array.from(merged.values());
  }

  // Live postings of an entry: {ids, freqs, from}; from[k] >= 0 is posting k's index in the base
  // row, -1 - i its index i in the delta row. A row's decoding is remembered by the row itself, so the
  // searches for `bie`, `bieu` and `bieu ` (each its own set of entries) decode each row once.
  postings(entry) {
    if (entry.cache) return entry.cache;
    const base = entry.base ? this.decoded(entry.base.row, true) : null;
    const delta = entry.delta ? this.decoded(entry.delta, false) : null;
    if (!base || !delta) entry.cache = base || delta;
    else {
      const join = (a, b) => { const out = new Int32Array(a.length + b.length); out.set(a); out.set(b, a.length); return out; };
      entry.cache = { ids: join(base.ids, delta.ids), freqs: join(base.freqs, delta.freqs), from: join(base.from, delta.from) };
    }
    return entry.cache;
  }

  decoded(row, isBase) {
    if (!this.rows) this.rows = new WeakMap();
    let found = this.rows.get(row);
    if (found) return found;
    const rowIds = undelta(row[3]), rowFreqs = row[4];
    const keep = [];
    for (let i = 0; i < rowIds.length; i++) if (!isBase || !this.replaced.has(rowIds[i])) keep.push(i);
    found = { ids: new Int32Array(keep.length), freqs: new Int32Array(keep.length), from: new Int32Array(keep.length) };
    keep.forEach((i, k) => { found.ids[k] = rowIds[i]; found.freqs[k] = rowFreqs[i]; found.from[k] = isBase ? i : -1 - i; });
    this.rows.set(row, found);
    return found;
  }

  // Positions of an entry's postings, by document id (only phrases need them);
  // remembered with the entry, as its postings are.
  positions(entry) {
    if (!entry.positionsMap) {
      entry.positionsMap = this.loadPositions(entry);
      entry.positionsMap.catch(() => { entry.positionsMap = null; });
    }
    return entry.positionsMap;
  }

  async loadPositions(entry) {
    const { ids, from } = this.postings(entry);
    let base = null;
    if (entry.base) {
      const shard = await this.fetchJSON(this.manifest.terms[entry.base.shard][2]);
      const all = shard[entry.key];
      // Positions are listed for the group's entries in order, one list per posting.
      const rows = (await this.fetchJSON(this.manifest.terms[entry.base.shard][1]))[entry.key];
      let offset = 0;
      for (let r = 0; r < entry.base.index; r++) offset += rows[r][3].length;
      base = all.slice(offset, offset + entry.base.row[3].length);
    }
    const out = new Map();
    ids.forEach((id, k) => out.set(id, from[k] >= 0 ? base[from[k]] : entry.delta[5][-1 - from[k]]));
    return out;
  }

  // Whoosh's BM25F for one (field, term) in one document (whoosh.scoring.bm25, BM25FScorer).
  scorer(entry) {
    const m = this.manifest;
    const idf = Math.log(this.stats.dc / (entry.df + 1)) + 1;
    const avgfl = this.avgfl[entry.field], boost = m.boosts[entry.field], B = m.b, K1 = m.k1;
    const docs = this.stats.docs;
    return (id, freq) => {
      const tf = freq * boost;
      const fl = docs[id][entry.field];
      return idf * ((tf * (K1 + 1)) / (tf + K1 * ((1 - B) + B * fl / avgfl)));
    };
  }

  // The scores of an entry's postings, in order; computed once (the statistics do not change while
  // the page is open).
  scores(entry) {
    const postings = this.postings(entry);
    if (postings.scores && postings.scoresDf === entry.df) return postings.scores;
    const score = this.scorer(entry);
    const { ids, freqs } = postings;
    const out = new Float64Array(ids.length);
    for (let i = 0; i < ids.length; i++) out[i] = score(ids[i], freqs[i]);
    postings.scores = out;
    postings.scoresDf = entry.df;
    return out;
  }

  // --- the query rules (query.py: word_terms, phrase_terms) -----------------------------------------

  async wordTerms(word) {
    const m = this.manifest;
    if (!word.prefix) {
      const entries = await this.entries(word.folded, false);
      return entries.map((e) => [e, e.term === word.exact ? m.exactBoost : 1.0]);
    }
    // A pair's prefix expands among pairs, a word's among words (query.py: word_terms).
    const pair = word.folded.startsWith("_");
    const entries = (await this.entries(word.folded, true)).filter((e) => (e.field >= m.wordFields) === pair);
    const frequency = new Map();
    for (const e of entries) frequency.set(e.term, (frequency.get(e.term) || 0) + e.df);
    const chosen = new Set(Array.from(frequency.keys())
      .sort((a, b) => (frequency.get(b) - frequency.get(a)) || compare(a, b)).slice(0, m.prefixMax));
    return entries.filter((e) => chosen.has(e.term)).map((e) => [e, e.term.startsWith(word.exact) ? m.exactBoost : 1.0]);
  }

  // The pair as one word of the pair fields ('_bệnh_án', folded '_benh_an'; query.py: pair_word).
  pairWord([a, b]) {
    return { exact: `_${a.exact}_${b.exact}`, folded: `_${a.folded}_${b.folded}`, prefix: b.prefix };
  }

  // A clause's matches: {ids, scores} with scores[id] the sum of its present terms' scores (an OR).
  clause() {
    const n = this.stats.docs.length;
    return { ids: [], scores: new Float64Array(n), seen: new Uint8Array(n) };
  }

  add(clause, id, value) {
    if (!clause.seen[id]) { clause.seen[id] = 1; clause.ids.push(id); }
    clause.scores[id] += value;
  }

  async wordClause(word, signal) {
    const terms = await this.wordTerms(word);
    signal?.throwIfAborted();
    const clause = this.clause();
    const { seen, scores: sums, ids: members } = clause;
    for (const [entry, boost] of terms) {
      const { ids } = this.postings(entry);
      const scores = this.scores(entry);
      for (let i = 0; i < ids.length; i++) {
        const id = ids[i];
        if (!seen[id]) { seen[id] = 1; members.push(id); }
        sums[id] += scores[i] * boost;
      }
    }
    return clause;
  }

  async phraseClause(phrase, signal) {
    const fields = this.manifest.wordFields;
    const perWord = await Promise.all(phrase.map((w) => this.entries(w.folded, false)));
    signal?.throwIfAborted();
    const clause = this.clause();
    for (let field = 0; field < fields; field++) {
      const words = perWord.map((entries, i) => entries.filter((e) => e.field === field &&
        (e.term === phrase[i].exact || phrase[i].exact === phrase[i].folded)));
      if (words.some((w) => w.length === 0)) continue;
      // Documents with every word (any of its terms), and the sum of those terms' scores.
      let candidates = null;
      const sums = new Map();
      for (const entries of words) {
        const present = new Set();
        for (const entry of entries) {
          const { ids, freqs } = this.postings(entry);
          const score = this.scorer(entry);
          for (let i = 0; i < ids.length; i++) {
            present.add(ids[i]);
            sums.set(ids[i], (sums.get(ids[i]) || 0) + score(ids[i], freqs[i]));
          }
        }
        candidates = candidates ? new Set([...candidates].filter((id) => present.has(id))) : present;
      }
      if (!candidates.size) continue;
      const positions = await Promise.all(words.map((entries) => Promise.all(entries.map((e) => this.positions(e)))));
      signal?.throwIfAborted();
      for (const id of candidates) {
        const sets = positions.map((maps) => {
          const s = new Set();
          for (const map of maps) for (const p of map.get(id) || []) s.add(p);
          return s;
        });
        const together = [...sets[0]].some((start) => sets.every((s, i) => s.has(start + i)));
        if (together) this.add(clause, id, sums.get(id));
      }
    }
    return clause;
  }

  async tagMembers(tag) {
    const tags = await this.fetchJSON(this.manifest.tags);
    return new Set(tags[tag] ? undelta(tags[tag]) : []);
  }

  // All matching documents, ordered: [{id, score}]. options: {tag, year, sort: "relevance"|"date"}.
  // An aborted `signal` (the visitor typed on) stops the search at its next step with an AbortError;
  // fetches already under way complete and stay remembered for the searches that follow.
  async search(text, options = {}, signal = undefined) {
    // One opening for every search: a second keystroke must not read the manifest before the
    // statistics and the delta it names have arrived.
    if (!this.opening) this.opening = this.open().catch((error) => { this.opening = null; throw error; });
    await this.opening;
    signal?.throwIfAborted();
    const units = parse(text, this.manifest.prefixMin);
    if (!units.length) return [];
    const clauses = await Promise.all(units.map((u) => (u.phrase ? this.phraseClause(u.phrase, signal)
      : this.wordClause(u, signal))));
    clauses.sort((a, b) => a.ids.length - b.ids.length);
    const members = options.tag ? await this.tagMembers(options.tag) : null;
    signal?.throwIfAborted();
    const docs = this.stats.docs;
    const fieldCount = this.manifest.fields.length; // a document's row: field lengths, then day and rank
    const hits = [];
    for (const id of clauses[0].ids) {
      let score = clauses[0].scores[id], all = true;
      for (let c = 1; c < clauses.length && all; c++) {
        if (!clauses[c].seen[id]) all = false; else score += clauses[c].scores[id];
      }
      if (!all || (members && !members.has(id))) continue;
      const [day, rank] = docs[id].slice(fieldCount);
      if (options.year && (day === null || new Date(day * 86400000).getUTCFullYear() !== Number(options.year))) continue;
      hits.push({ id, score, day, rank });
    }
    // The adjacent pairs, optional: they add to the scores of the documents found (Whoosh's AndMaybe).
    const pairs = hits.length ? adjacentPairs(text, this.manifest.prefixMin) : [];
    const pairClauses = await Promise.all(pairs.map((pair) => this.wordClause(this.pairWord(pair), signal)));
    signal?.throwIfAborted();
    for (const hit of hits) {
      let bonus = 0, any = false;
      for (const c of pairClauses) if (c.seen[hit.id]) { bonus += c.scores[hit.id]; any = true; }
      if (any) hit.score += bonus * this.manifest.pairBoost;
      hit.r = ranked(hit.score);
    }
    // Relevance: rounded score, then newest, undated last, then URL (its rank in code-point order).
    const byDay = (a, b) => ((a.day === null) - (b.day === null)) || ((b.day ?? 0) - (a.day ?? 0));
    hits.sort(options.sort === "date"
      ? (a, b) => byDay(a, b) || (b.r - a.r) || (a.rank - b.rank)
      : (a, b) => (b.r - a.r) || byDay(a, b) || (a.rank - b.rank));
    return hits;
  }

  // Display rows [url, title, date, tag names, text] of documents, by id.
  async documents(ids, signal = undefined) {
    const size = this.manifest.docsPerShard;
    const shards = [...new Set(ids.map((id) => Math.floor(id / size)))];
    const loaded = await Promise.all(shards.map((s) => this.fetchJSON(this.manifest.docs[s])));
    signal?.throwIfAborted();
    const byShard = new Map(shards.map((s, i) => [s, loaded[i]]));
    return new Map(ids.map((id) => [id, byShard.get(Math.floor(id / size))[id % size]]));
  }
}

// --- excerpts and highlighting ---------------------------------------------------------------------

// Which words of a text match the query: [{text, match}] pieces, in order.
export function highlight(text, units) {
  const words = units.flatMap((u) => (u.phrase ? u.phrase : [u]));
  const matches = (folded) => words.some((w) => (w.prefix ? folded.startsWith(w.folded) : folded === w.folded));
  const pieces = [];
  let last = 0;
  for (const m of text.matchAll(/[\p{L}\p{N}]+/gu)) {
    const token = analyze(m[0])[0];
    if (token && matches(token.folded)) {
      if (m.index > last) pieces.push({ text: text.slice(last, m.index), match: false });
      pieces.push({ text: m[0], match: true });
      last = m.index + m[0].length;
    }
  }
  if (last < text.length) pieces.push({ text: text.slice(last), match: false });
  return pieces;
}

// About `length` characters of `text` around its first matching word.
export function excerpt(text, units, length = 220) {
  text = text.normalize("NFC");
  const pieces = highlight(text, units);
  let at = 0, first = -1;
  for (const p of pieces) { if (p.match) { first = at; break; } at += p.text.length; }
  if (first < 0 || first < length / 3) {
    const cut = text.length > length ? text.slice(0, text.lastIndexOf(" ", length) > 0 ? text.lastIndexOf(" ", length) : length) + " …" : text;
    return cut;
  }
  let start = text.lastIndexOf(" ", first - Math.floor(length / 3));
  start = start < 0 ? 0 : start + 1;
  let end = text.lastIndexOf(" ", start + length);
  if (end <= first) end = Math.min(text.length, start + length);
  return "… " + text.slice(start, end) + (end < text.length ? " …" : "");
}

export { fold };
