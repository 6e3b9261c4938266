// The search page (templates/search.html): the form's state lives in the address (?q=&tag=&year=&sort=),
// so a result list can be shared and Back returns to the previous query. Results are built from DOM
// nodes with textContent: nothing from the index is ever parsed as HTML.

import { SearchIndex, excerpt, highlight, parse } from "./search-engine.js";

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
let generation = 0;

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

function fill(element, pieces) {
  for (const piece of pieces) {
    if (piece.match) {
      const mark = document.createElement("mark");
      mark.textContent = piece.text;
      element.append(mark);
    } else element.append(document.createTextNode(piece.text));
  }
}

function item(row) {
  const [url, title, date, tags, body] = row;
  const li = document.createElement("li");
  const heading = document.createElement("h2");
  const link = document.createElement("a");
  link.href = text.base + url;
  fill(link, highlight(title, units));
  heading.append(link);
  li.append(heading);
  const meta = [date, tags.join(", ")].filter(Boolean).join(" · ");
  if (meta) {
    const p = document.createElement("p");
    p.className = "meta";
    p.textContent = meta;
    li.append(p);
  }
  const p = document.createElement("p");
  p.className = "excerpt";
  fill(p, highlight(excerpt(body, units), units));
  li.append(p);
  return li;
}

async function showMore(mine) {
  const next = hits.slice(shown, shown + PAGE);
  const rows = await index.documents(next.map((h) => h.id));
  if (mine !== generation) return;
  for (const hit of next) list.append(item(rows.get(hit.id)));
  shown += next.length;
  more.hidden = shown >= hits.length;
}

async function run() {
  const mine = ++generation;
  const q = input.value;
  if (!q.trim()) {
    list.replaceChildren();
    status.textContent = "";
    more.hidden = true;
    return;
  }
  status.textContent = text.loading;
  try {
    const found = await index.search(q, {
      tag: form.elements.tag.value, year: form.elements.year.value, sort: form.elements.sort.value });
    if (mine !== generation) return;
    hits = found;
    units = parse(q, index.manifest.prefixMin);
    shown = 0;
    list.replaceChildren();
    status.textContent = hits.length === 0 ? text.none.replace("{q}", q.trim())
      : hits.length === 1 ? text.countOne : text.count.replace("{n}", hits.length.toLocaleString("vi-VN"));
    await showMore(mine);
    if (mine === generation) {
      document.body.dataset.searchDone = String(mine); // for tests and scripts: results are shown
      document.body.dataset.searchQuery = q;
    }
  } catch (error) {
    if (mine !== generation) return;
    status.textContent = text.error;
    console.warn(error);
  }
}

// Results while typing, without a fixed delay: a keystroke searches at once; keystrokes that come
// while a search is running coalesce into one search when it ends (only the last text counts).
let running = false;
let pending = false;
async function schedule() {
  if (running) {
    pending = true;
    return;
  }
  running = true;
  do {
    pending = false;
    await run();
  } while (pending);
  running = false;
}

// History: the first keystroke after the page opened, Enter or a filter change starts a new entry;
// later keystrokes update it. Back therefore returns to the previous search, not the previous letter.
let editing = false;
input.addEventListener("input", () => {
  if (editing) history.replaceState(null, "", address());
  else history.pushState(null, "", address());
  editing = true;
  schedule();
});
form.addEventListener("change", (event) => {
  if (event.target === input) return;
  editing = false;
  history.pushState(null, "", address());
  schedule();
});
form.addEventListener("submit", (event) => {
  event.preventDefault();
  editing = false;
  if (address() !== location.pathname + location.search) history.pushState(null, "", address());
  schedule();
});
more.addEventListener("click", () => showMore(generation));
window.addEventListener("popstate", () => {
  editing = false;
  readAddress();
  schedule();
});

readAddress();
if (input.value) run();
input.focus();
