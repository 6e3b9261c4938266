// The query language of the browser's search (generator/search/query.py: parse, is_capped, adjacent_pairs),
// and what a result shows of a query: its words highlighted in a title, an excerpt around the first of them.
// Split from search-engine.js, which re-exports all of it.

import { analyze } from "./analysis.js";

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
