// Vietnamese text analysis for search: the exact mirror of generator/search/analysis.py
// (tests/test_search_analysis.py runs both on the same texts and compares every token).
//   text -> NFC -> lower case -> tokens (runs of letters and digits) -> one tone placement
//        -> {exact, folded}

export const ANALYZER_VERSION = "1";

const TONES = "\u0300\u0301\u0303\u0309\u0323";
const MODIFIED = new Set("âăêôơư");
const VOWELS = new Set("aăâeêioôơuưy");
const TOKEN = /[\p{L}\p{N}]+/gu;
const MARKS = /[\u0300-\u036f]/g;

function tonePosition(bare) {
  const chars = Array.from(bare);
  let start = 0;
  while (start < chars.length && !VOWELS.has(chars[start])) start++;
  let end = start;
  while (end < chars.length && VOWELS.has(chars[end])) end++;
  if (start === chars.length || chars.slice(end).some((c) => VOWELS.has(c))) return -1;
  if (end - start > 1 && start > 0 &&
      ((chars[start] === "u" && chars[start - 1] === "q") || (chars[start] === "i" && chars[start - 1] === "g"))) {
    start++;
  }
  const cluster = chars.slice(start, end);
  if (cluster.includes("ơ")) return start + cluster.indexOf("ơ");
  for (let i = 0; i < cluster.length; i++) if (MODIFIED.has(cluster[i])) return start + i;
  if (end < chars.length) return end - 1;
  if (cluster.length === 3) return start + 1;
  return start;
}

export function normalizeSyllable(word) {
  const decomposed = word.normalize("NFD");
  const tones = Array.from(decomposed).filter((c) => TONES.includes(c));
  if (tones.length !== 1) return word.normalize("NFC");
  const bare = Array.from(decomposed).filter((c) => !TONES.includes(c)).join("").normalize("NFC");
  const at = tonePosition(bare);
  if (at < 0) return word.normalize("NFC");
  const chars = Array.from(bare);
  return (chars.slice(0, at + 1).join("") + tones[0] + chars.slice(at + 1).join("")).normalize("NFC");
}

export function fold(text) {
  return text.normalize("NFD").replace(MARKS, "").replace(/đ/g, "d").replace(/Đ/g, "D").normalize("NFC");
}

// Words recur (highlighting analyses every word of every excerpt shown): each is analysed once,
// like analysis.py's lru_cache. Bounded so that a long session cannot grow it without limit.
const WORDS = new Map();
const WORDS_MAX = 50000;

function word(raw) {
  let token = WORDS.get(raw);
  if (!token) {
    if (WORDS.size >= WORDS_MAX) WORDS.clear();
    const exact = normalizeSyllable(raw);
    token = { exact, folded: fold(exact) };
    WORDS.set(raw, token);
  }
  return token;
}

export function analyze(text) {
  const lowered = text.normalize("NFC").toLowerCase().normalize("NFC");
  const tokens = [];
  let position = 0;
  for (const match of lowered.matchAll(TOKEN)) {
    const { exact, folded } = word(match[0]);
    tokens.push({ exact, folded, position: position++ });
  }
  return tokens;
}
