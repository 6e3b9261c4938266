// The search engine of the browser: the compiled index (generator/search/compiler.py), fetched piece
// by piece, queried with the rules of generator/search/query.py and scored with Whoosh's BM25F
// exactly as Whoosh's searcher scores (whoosh.scoring.BM25F). tests/test_search_parity.py runs the
// same queries here, in Chromium, and through `tintuc search`, and compares URLs, order and scores.

import { fold } from "./analysis.js";
import { chunkLengths, counts, covering, dayTable, postingIds, ranks, undelta } from "./search-format.js";
import { adjacentPairs, compare, parse } from "./search-query.js";
import { Results } from "./search-rank.js";

// --- the index ------------------------------------------------------------------------------------

export class SearchIndex {
  constructor(manifestUrl) {
    this.manifestUrl = new URL(manifestUrl, document.baseURI);
    this.files = new Map(); // name -> Promise of parsed JSON
  }

  // `priority` "low" lets the few files a search waits on pass the many it fetches at once (a browser
  // opens six connections to a host over HTTP/1.1 and queues the rest by priority).
  fetchJSON(name, priority = "auto") {
    if (!this.files.has(name)) {
      const url = new URL(name, this.manifestUrl);
      const promise = fetch(url, { priority }).then((response) => {
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
    this.avgfl = m.fields.map((_, f) => (m.fl[f] / (m.dc || 1)) || 1);
    // The id chunks' field lengths, filled as the chunks arrive.
    this.lengths = m.fields.map(() => new Int32Array(m.size));
    this.chunks = new Map(); // chunk index -> Promise of its display directories' names
    // The delta comes while the words' term files do: only merging their postings (loadEntries) and the
    // order of the results need it. Should it fail, the next search opens the index again.
    // The delta file names its term shards ([first key, name]): a word fetches those of its key.
    this.deltaReady = (m.delta ? this.fetchJSON(m.delta) : Promise.resolve(null)).then((delta) => {
      this.replaced = new Set(delta ? delta.replaced : []);
      this.deltaShards = delta ? delta.shards : [];
      this.order = delta ? delta.order : [];
      this.rank = ranks(this.order);
    });
    this.deltaReady.catch(() => { this.opening = null; });
    return this;
  }

  // The id chunks of `ids` (docfiles.chunk_file): their field lengths go into this.lengths.
  loadChunks(ids) {
    const size = this.manifest.chunk;
    const wanted = new Uint8Array(this.manifest.chunks.length), loads = [];
    for (const id of ids) {
      const c = Math.floor(id / size);
      if (!wanted[c]) { wanted[c] = 1; loads.push(this.chunk(c)); }
    }
    return Promise.all(loads);
  }

  chunk(c) {
    if (!this.chunks.has(c)) {
      const promise = this.fetchJSON(this.manifest.chunks[c], "low")
        .then((data) => chunkLengths(this.manifest, this.lengths, c, data));
      promise.catch(() => this.chunks.delete(c));
      this.chunks.set(c, promise);
    }
    return this.chunks.get(c);
  }

  // The day of each id (search-format.js), only to sort by date or filter by year.
  days() {
    if (!this.dayTable) {
      this.dayTable = this.fetchJSON(this.manifest.days).then((file) => dayTable(this.manifest.size, file, this.order));
      this.dayTable.catch(() => { this.dayTable = null; });
    }
    return this.dayTable;
  }

  // Term shards [first key, terms file, positions file] whose keys may be `key` (or start with it):
  // from the term directories holding them (compiler.term_dirs).
  async shardsFor(key, isPrefix) {
    const dirs = this.manifest.terms;
    if (!dirs.length) return [];
    const chosen = covering(dirs, key, isPrefix);
    const shards = (await Promise.all(chosen.map((d) => this.fetchJSON(d[1])))).flat();
    return covering(shards, key, isPrefix);
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
    const shards = await this.shardsFor(key, isPrefix);
    const files = Promise.all(shards.map((s) => this.fetchJSON(s[1])));
    const deltaFiles = this.deltaReady.then(() =>
      Promise.all(covering(this.deltaShards, key, isPrefix).map((s) => this.fetchJSON(s[1]))));
    const [loaded, delta] = await Promise.all([files, deltaFiles]);
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
    for (const shard of delta) for (const groupKey in shard) if (matches(groupKey)) take(groupKey, shard[groupKey], null, true);
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
    const rowIds = postingIds(row[3]), rowFreqs = counts(row[4]);
    if (!isBase || !this.replaced.size || !rowIds.some((id) => this.replaced.has(id))) {
      const from = new Int32Array(rowIds.length);
      for (let i = 0; i < from.length; i++) from[i] = isBase ? i : -1 - i;
      found = { ids: rowIds, freqs: rowFreqs, from };
    } else {
      const keep = [];
      for (let i = 0; i < rowIds.length; i++) if (!this.replaced.has(rowIds[i])) keep.push(i);
      found = { ids: new Int32Array(keep.length), freqs: new Int32Array(keep.length), from: new Int32Array(keep) };
      keep.forEach((i, k) => { found.ids[k] = rowIds[i]; found.freqs[k] = rowFreqs[i]; });
    }
    // A title's postings carry its length (compiler.INLINE_FIELDS): byte + 1 each, for the postings kept
    // (a replaced document's length is the delta's).
    if (row[5] && this.manifest.inline.includes(row[0])) {
      const bytes = counts(row[5]), table = this.manifest.lengthOfByte, lengths = this.lengths[row[0]];
      found.from.forEach((from, k) => { lengths[found.ids[k]] = table[bytes[from >= 0 ? from : -1 - from] - 1]; });
    }
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
      const [, termsFile, positionsFile] = entry.base.shard;
      const all = (await this.fetchJSON(positionsFile))[entry.key];
      // Positions are listed for the group's entries in order, one list per posting.
      const rows = (await this.fetchJSON(termsFile))[entry.key];
      let offset = 0;
      for (let r = 0; r < entry.base.index; r++) offset += counts(rows[r][4]).length;
      base = all.slice(offset, offset + counts(entry.base.row[4]).length);
    }
    const out = new Map();
    ids.forEach((id, k) => out.set(id, from[k] >= 0 ? base[from[k]] : entry.delta[6][-1 - from[k]]));
    return out;
  }

  // Whoosh's BM25F for one (field, term) in one document (whoosh.scoring.bm25, BM25FScorer); the
  // document's id chunk must have arrived.
  scorer(entry) {
    const m = this.manifest;
    const idf = Math.log(m.dc / (entry.df + 1)) + 1;
    const avgfl = this.avgfl[entry.field], boost = m.boosts[entry.field], B = m.b, K1 = m.k1;
    const lengths = this.lengths[entry.field];
    return (id, freq) => {
      const tf = freq * boost;
      return idf * ((tf * (K1 + 1)) / (tf + K1 * ((1 - B) + B * lengths[id] / avgfl)));
    };
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

  // A clause's matches: `ids` and `seen`; `score(wanted)` then sums, into scores[id], its terms' scores
  // for the wanted ids (an OR), once their id chunks have arrived.
  clause(score) {
    const n = this.manifest.size;
    return { ids: [], seen: new Uint8Array(n), scores: new Float64Array(n), score };
  }

  add(clause, id) {
    if (!clause.seen[id]) { clause.seen[id] = 1; clause.ids.push(id); }
  }

  async wordClause(word, signal) {
    const terms = await this.wordTerms(word);
    signal?.throwIfAborted();
    const clause = this.clause((wanted) => {
      const sums = clause.scores;
      for (const [entry, boost] of terms) {
        const { ids, freqs } = this.postings(entry);
        const score = this.scorer(entry);
        for (let i = 0; i < ids.length; i++) if (wanted[ids[i]]) sums[ids[i]] += score(ids[i], freqs[i]) * boost;
      }
    });
    const { seen, ids: members } = clause;
    for (const [entry] of terms) {
      const { ids } = this.postings(entry);
      for (let i = 0; i < ids.length; i++) if (!seen[ids[i]]) { seen[ids[i]] = 1; members.push(ids[i]); }
    }
    return clause;
  }

  async phraseClause(phrase, signal) {
    const fields = this.manifest.wordFields;
    const perWord = await Promise.all(phrase.map((w) => this.entries(w.folded, false)));
    signal?.throwIfAborted();
    const found = []; // per field: [the words' entries, the ids with the words together]
    const clause = this.clause((wanted) => {
      for (const [words, together] of found) {
        // Per document, the sum of the words' terms' scores in this field.
        const sums = new Map();
        for (const entries of words) {
          for (const entry of entries) {
            const { ids, freqs } = this.postings(entry);
            const score = this.scorer(entry);
            for (let i = 0; i < ids.length; i++) {
              if (wanted[ids[i]] && together.has(ids[i])) sums.set(ids[i], (sums.get(ids[i]) || 0) + score(ids[i], freqs[i]));
            }
          }
        }
        for (const [id, sum] of sums) clause.scores[id] += sum;
      }
    });
    for (let field = 0; field < fields; field++) {
      const words = perWord.map((entries, i) => entries.filter((e) => e.field === field &&
        (e.term === phrase[i].exact || phrase[i].exact === phrase[i].folded)));
      if (words.some((w) => w.length === 0)) continue;
      // Documents with every word (any of its terms).
      let candidates = null;
      for (const entries of words) {
        const present = new Set();
        for (const entry of entries) for (const id of this.postings(entry).ids) present.add(id);
        candidates = candidates ? new Set([...candidates].filter((id) => present.has(id))) : present;
      }
      if (!candidates.size) continue;
      const positions = await Promise.all(words.map((entries) => Promise.all(entries.map((e) => this.positions(e)))));
      signal?.throwIfAborted();
      const together = new Set();
      for (const id of candidates) {
        const sets = positions.map((maps) => {
          const s = new Set();
          for (const map of maps) for (const p of map.get(id) || []) s.add(p);
          return s;
        });
        if ([...sets[0]].some((start) => sets.every((s, i) => s.has(start + i)))) together.add(id);
      }
      for (const id of together) this.add(clause, id);
      if (together.size) found.push([words, together]);
    }
    return clause;
  }

  async tagMembers(tag) {
    const tags = await this.fetchJSON(this.manifest.tags);
    return new Set(tags[tag] ? undelta(tags[tag]) : []);
  }

  // All matching documents, ordered: Results ({id, score} by slice, best first). options: {tag, year,
  // sort: "relevance"|"date"}. An aborted `signal` (the visitor typed on) stops the search at its next
  // step with an AbortError; fetches already under way complete and stay remembered for the searches that
  // follow.
  async search(text, options = {}, signal = undefined) {
    // One opening for every search: a second keystroke must not read the manifest before the delta
    // it names has arrived.
    if (!this.opening) this.opening = this.open().catch((error) => { this.opening = null; throw error; });
    await this.opening;
    signal?.throwIfAborted();
    const m = this.manifest;
    const units = parse(text, m.prefixMin);
    if (!units.length) return new Results(new Int32Array(0), new Float64Array(0), null, null);
    const clauses = await Promise.all(units.map((u) => (u.phrase ? this.phraseClause(u.phrase, signal)
      : this.wordClause(u, signal))));
    clauses.sort((a, b) => a.ids.length - b.ids.length);
    const members = options.tag ? await this.tagMembers(options.tag) : null;
    signal?.throwIfAborted();
    // The documents every clause found: only their id chunks (lengths) are fetched.
    const found = [];
    for (const id of clauses[0].ids) {
      let all = !members || members.has(id);
      for (let c = 1; all && c < clauses.length; c++) all = clauses[c].seen[id] === 1;
      if (all) found.push(id);
    }
    // The adjacent pairs, optional: they add to the scores of the documents found (Whoosh's AndMaybe).
    // Their postings are fetched with the id chunks, not after them, unless a year may leave no hit.
    const pairs = found.length ? adjacentPairs(text, m.prefixMin) : [];
    const pairClauses = () => Promise.all(pairs.map((pair) => this.wordClause(this.pairWord(pair), signal)));
    const byDate = options.sort === "date";
    const early = options.year ? null : pairClauses();
    const [days] = await Promise.all([byDate || options.year ? this.days() : null, this.loadChunks(found), early]);
    signal?.throwIfAborted();
    const year = Number(options.year);
    const ids = options.year ? found.filter((id) => !Number.isNaN(days[id]) &&
      new Date(days[id] * 86400000).getUTCFullYear() === year) : found;
    const wanted = new Uint8Array(m.size);
    for (const id of ids) wanted[id] = 1;
    for (const c of clauses) c.score(wanted);
    const scores = new Float64Array(ids.length);
    for (let i = 0; i < ids.length; i++) {
      let score = clauses[0].scores[ids[i]];
      for (let c = 1; c < clauses.length; c++) score += clauses[c].scores[ids[i]];
      scores[i] = score;
    }
    const extra = await (early || (ids.length ? pairClauses() : []));
    await this.deltaReady; // long arrived: the words' postings needed it
    signal?.throwIfAborted();
    for (const c of extra) c.score(wanted);
    for (let i = 0; i < ids.length; i++) {
      let bonus = 0, any = false;
      for (const c of extra) if (c.seen[ids[i]]) { bonus += c.scores[ids[i]]; any = true; }
      if (any) scores[i] += bonus * m.pairBoost;
    }
    const dayOf = byDate ? Float64Array.from(ids, (id) => (Number.isNaN(days[id]) ? -Infinity : days[id])) : null;
    return new Results(Int32Array.from(ids), scores, this.rank, dayOf);
  }

  // Display rows [url, title, date, tag names, text, thumbnail] of documents, by id: each id's chunk
  // names its display directory, which names its display shard (docfiles.py).
  async documents(ids, signal = undefined) {
    const m = this.manifest;
    const rows = await Promise.all(ids.map(async (id) => {
      const dirs = await this.chunk(Math.floor(id / m.chunk));
      const shards = await this.fetchJSON(dirs[Math.floor((id % m.chunk) / m.dirIds)]);
      const shard = await this.fetchJSON(shards[Math.floor((id % m.dirIds) / m.docsPerShard)]);
      return shard[id % m.docsPerShard];
    }));
    signal?.throwIfAborted();
    return new Map(ids.map((id, k) => [id, rows[k]]));
  }
}

export { fold };
export { counts, postingIds, ranks } from "./search-format.js";
export { MAX_WORDS, adjacentPairs, compare, excerpt, highlight, isCapped, parse } from "./search-query.js";
export { Results, ranked } from "./search-rank.js";
