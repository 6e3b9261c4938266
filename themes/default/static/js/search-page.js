// The search page (templates/search.html): the form's state lives in the address (?q=&tag=&year=&sort=),
// so a result list can be shared and Back returns to the previous query. Results are built from DOM
// nodes with textContent: nothing from the index is ever parsed as HTML.

import { MAX_WORDS, SearchIndex, excerpt, highlight, isCapped, parse } from "./search-engine.js";

const PAGE = 10;

const form = document.getElementById("search-form");
const input = document.getElementById("search-q");
const status = document.getElementById("search-status");
const list = document.getElementById("search-results");
const more = document.getElementById("search-more");
const fields = ["q", "tag", "year", "sort"];
const text = form.dataset;
const index = new SearchIndex(text.manifest);

let hits = [];
let units = [];
let shown = 0;
let searches = 0;
let current = new AbortController(); // the search on screen or under way; aborted when the next starts

function readAddress() {
  const params = new URLSearchParams(location.search);
  for (const name of fields) form.elements[name].value = params.get(name) || "";
}

function address() {
  const params = new URLSearchParams();
  for (const name of fields) if (form.elements[name].value) params.set(name, form.elements[name].value);
  const query = params.toString();
  return location.pathname + (query ? `?${query}` : "");
}

// "{name}" in a message, replaced by what the visitor typed: split/join, because String.replace would
// read "$&", "$1", "$'" in the value as replacement patterns and mangle the message.
function fillIn(message, name, value) {
  return message.split(`{${name}}`).join(value);
}

function fill(element, pieces) {
  for (const piece of pieces) {
    if (piece.match) {
      const mark = document.createElement("mark");
      mark.textContent = piece.text;
      element.append(mark);
    } else element.append(document.createTextNode(piece.text));
  }
}

// The lead photo's smallest copies, beside the result (decorative: the title says what it is). Built
// from elements and properties, never markup; the file names come from the build and are plain names.
function thumbnail(url, thumb) {
  const [modern, type, fallback, width, height] = thumb;
  const picture = document.createElement("picture");
  picture.className = "entry-thumb result-thumb";
  if (modern) {
    const source = document.createElement("source");
    source.type = type;
    source.srcset = text.base + url + modern;
    picture.append(source);
  }
  const img = document.createElement("img");
  img.src = text.base + url + fallback;
  img.alt = "";
  img.width = width;
  img.height = height;
  img.loading = "lazy";
  img.decoding = "async";
  picture.append(img);
  return picture;
}

function item(row) {
  const [url, title, date, tags, body, thumb] = row;
  const undated = !date;
  const li = document.createElement("li");
  if (thumb) {
    li.className = "has-thumb";
    li.append(thumbnail(url, thumb));
  }
  const heading = document.createElement("h2");
  const link = document.createElement("a");
  link.href = text.base + url;
  fill(link, highlight(title, units));
  heading.append(link);
  li.append(heading);
  const meta = [undated ? text.undated : date, tags.join(", ")].filter(Boolean).join(" · ");
  if (meta) {
    const p = document.createElement("p");
    p.className = "meta";
    p.textContent = meta;
    li.append(p);
  }
  const p = document.createElement("p");
  p.className = "excerpt";
  const pieces = highlight(excerpt(body, units), units);
  fill(p, pieces);
  li.append(p);
  // The index carries the opening of each article; where the query's words come later, the passage
  // is taken from the article's own page (see passage()).
  if (!pieces.some((piece) => piece.match)) passage(url, p);
  return li;
}

// The passage of an article where the query matches, from its page: fetched at low priority, parsed
// by DOMParser (an inert document: nothing in it runs), and only its text kept. The page is then in
// the browser's cache for the click that often follows.
const pageTexts = new Map(); // url -> Promise of the article's text
async function passage(url, p) {
  const wanted = units;
  try {
    if (!pageTexts.has(url)) {
      pageTexts.set(url, fetch(text.base + url, { priority: "low" }).then((response) => {
        if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
        return response.text();
      }).then((html) => {
        const page = new DOMParser().parseFromString(html, "text/html");
        const body = page.querySelector(".prose") || page.querySelector("main");
        return body ? body.textContent.replace(/\s+/g, " ").trim() : "";
      }));
      pageTexts.get(url).catch(() => pageTexts.delete(url));
    }
    const whole = await pageTexts.get(url);
    if (wanted !== units || !p.isConnected) return; // other results have replaced this one
    const pieces = highlight(excerpt(whole, units), units);
    if (!pieces.some((piece) => piece.match)) return;
    p.replaceChildren();
    fill(p, pieces);
  } catch (error) {
    console.warn(error); // the opening stays: a result is never lost for want of its passage
  }
}

// The next page of the results on screen; dropped if other results replace them meanwhile.
let rendered = 0; // counts the result lists put on screen
let loadingMore = false;
async function showMore() {
  if (loadingMore) return;
  loadingMore = true;
  const on = rendered;
  const next = hits.slice(shown, shown + PAGE);
  try {
    const rows = await index.documents(next.map((h) => h.id));
    if (on !== rendered) return;
    for (const hit of next) list.append(item(rows.get(hit.id)));
    shown += next.length;
    more.hidden = shown >= hits.length;
  } catch (error) {
    if (on === rendered) status.textContent = text.error;
    console.warn(error);
  } finally {
    loadingMore = false;
  }
}

// Results while typing, without a fixed delay: every keystroke searches at once and aborts the search
// still under way for the text before it, so the last keystroke never waits for a stale search (its
// fetches complete and are remembered; its scoring, display data and rendering are skipped).
async function run() {
  current.abort();
  const mine = current = new AbortController();
  const { signal } = mine;
  const q = input.value;
  if (!q.trim()) {
    list.replaceChildren();
    rendered++;
    status.textContent = "";
    more.hidden = true;
    return;
  }
  // "Searching…" only when a search is slow to come: the status is a live region, and announcing
  // it at every keystroke would drown the result counts.
  const slow = setTimeout(() => { if (!signal.aborted) status.textContent = text.loading; }, 400);
  try {
    const found = await index.search(q, {
      tag: form.elements.tag.value, year: form.elements.year.value, sort: form.elements.sort.value }, signal);
    const first = found.slice(0, PAGE);
    const rows = await index.documents(first.map((h) => h.id), signal);
    // The previous results stay on screen until these are ready: no empty list between keystrokes.
    hits = found;
    units = parse(q, index.manifest.prefixMin);
    status.textContent = hits.length === 0 ? fillIn(text.none, "q", q.trim())
      : hits.length === 1 ? text.countOne : fillIn(text.count, "n", hits.length.toLocaleString("vi-VN"));
    if (isCapped(q, index.manifest.prefixMin)) status.textContent += " " + fillIn(text.capped, "n", MAX_WORDS);
    list.replaceChildren(...first.map((hit) => item(rows.get(hit.id))));
    rendered++;
    shown = first.length;
    more.hidden = shown >= hits.length;
    document.body.dataset.searchDone = String(++searches); // for tests and scripts: results are shown
    document.body.dataset.searchQuery = q;
  } catch (error) {
    if (signal.aborted) return;
    status.textContent = text.error;
    console.warn(error);
  } finally {
    clearTimeout(slow);
  }
}

// History: the first keystroke after the page opened, Enter or a filter change starts a new entry;
// later keystrokes update it. Back therefore returns to the previous search, not the previous letter.
let editing = false;
input.addEventListener("input", () => {
  if (editing) history.replaceState(null, "", address());
  else history.pushState(null, "", address());
  editing = true;
  run();
});
form.addEventListener("change", (event) => {
  if (event.target === input) return;
  editing = false;
  history.pushState(null, "", address());
  run();
});
form.addEventListener("submit", (event) => {
  event.preventDefault();
  editing = false;
  if (address() !== location.pathname + location.search) history.pushState(null, "", address());
  run();
});
more.addEventListener("click", showMore);
window.addEventListener("popstate", () => {
  editing = false;
  readAddress();
  run();
});

readAddress();
if (input.value) run();
input.focus();
