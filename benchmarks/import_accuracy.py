#!/usr/bin/env python3
"""Import accuracy on real agency pages: does `tintuc import` read what each page really says (issue 16)?

    python benchmarks/import_accuracy.py --raw DIR --truth FILE [--json FILE] [--keep DIR] [--cmd "python -m tintuc"]
                                         [--batch]

DIR holds raw page texts (NNN.txt, as copied from agency sites: navigation, stamps, counters, captions and
bylines included). They stay outside this repository: they are third-party text, only this instrument is
committed. FILE is a JSON object keyed by file name, written from the page text BEFORE the importer ran:

    title        the headline as printed (NFC), or null when the page has none
    title_ok     other acceptable titles (e.g. without a channel prefix)
    date         "YYYY-MM-DD", or "YYYY-MM-DDTHH:MM" when the article's own stamp prints a time; a full date
                 the lead gives as the story's day when there is no stamp; null when the page prints none
    date_source  "stamp" | "lead" | null
    date_ok      other acceptable dates (e.g. a year the text implies for a 'ngày 12/12')
    byline       the author signature as printed, or null; byline_ok: other acceptable forms (also the
                 outlet or desk signatures that are not an author, which may be taken or left)
    province     the province the story is about, in the gazetteer's naming, or null (none, national);
                 province_ok: other acceptable tags
    boilerplate  substrings of page-furniture lines that must not reach the body ('^' prefix: a whole line)
    captions     substrings of the lines that are photo captions; not_captions: lines that must not be

Every page is imported on its own through the CLI (`<cmd> import PAGE --out TMP/out`, run in TMP so no
site configuration applies) and the written Markdown is read back: front matter (title, date, author,
provinces, summary, review) and body. Scores, as issue 16 states its targets:
  title       exact after NFC, whitespace collapse and one trailing full stop; "close" = case-folded equal;
              over the pages that print a headline (pages without one: is a "no headline" note given?)
  date        same day; same minute where the truth has a time; a page printing no date is right when the
              importer writes 'date: unknown' (or an acceptable date), wrong when it invents one
  byline      of those printed: the author field equals the byline or an acceptable form (NFC, case-folded,
              outer punctuation ignored); bylines given where the page prints none are listed as false
  province    right / missing / WRONG: WRONG when any tag is outside province + province_ok
  boilerplate a page with furniture is clean when none of its substrings is in the body
  captions    false captions: lines written as captions (`*...*{: .caption}` or <figcaption>) that match no
              truth caption; counted per ten pages
  review      notes checkable against the truth are false when they say "no date" where the page gives
              one, "no headline" where it prints one, "not a publication stamp" of the page's own stamp,
              "no byline" where it signs one, "no province" where it names one (or one of its districts); a
              "no province tagged: <why>" note is false only when it calls a local story national
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from dataclasses import asdict, dataclass, field
from pathlib import Path

import yaml

_ESCAPED = re.compile(r"\\([\\`*_\[\]{}])")
_CAPTION_MD = re.compile(r"^\*(?P<text>.*)\*\{:\s*\.caption\s*\}$")
_CAPTION_HTML = re.compile(r"<figcaption>(?P<text>.*?)</figcaption>", re.S)
_NO_DATE_NOTE = re.compile(r"no date|date: unknown|không (tìm thấy|có|rõ) ngày|chưa (rõ|có) ngày", re.I)
_NO_HEADLINE_NOTE = re.compile(r"no headline|title was (made|proposed)|không (có|tìm thấy) (tiêu đề|tít)|"
                               r"tiêu đề (được )?(tạo|lấy) từ", re.I)
_NOT_STAMP_NOTE = re.compile(r"not a publication stamp|không phải (dấu|ngày) (đăng|xuất bản)", re.I)
_NO_BYLINE_NOTE = re.compile(r"no byline|không (tìm thấy|có) (tác giả|bút danh)", re.I)
_NO_PROVINCE_NOTE = re.compile(r"no province (or district )?found|không (tìm thấy|có) tỉnh", re.I)
# 'No province tagged: <why>' says what the importer did, not that the page names none: false only when the reason
# given is that the story is national (or international) and the page is a local story.
_NOT_TAGGED_NOTE = re.compile(r"no province tagged|chưa gắn tỉnh", re.I)
_NATIONAL_REASON = re.compile(r"national|toàn quốc|quốc tế", re.I)
_TIME = re.compile(r"(\d{1,2}):(\d{2})")
_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_OUTER_PUNCT = " \t.,;:-–—|()[]\"'“”"


def norm(text: str) -> str:
    """NFC, whitespace collapsed: how two renderings of one Vietnamese line are compared."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def norm_title(text: str) -> str:
    """A headline's one trailing full stop is page typography, not part of the title."""
    text = norm(text)
    return text[:-1].rstrip() if text.endswith(".") and not text.endswith("..") else text


def norm_name(text: str) -> str:
    return norm(text).strip(_OUTER_PUNCT).casefold()


def unescape(line: str) -> str:
    """The importer's Markdown escaping undone, so the body can be compared with the page text."""
    line = line[1:] if line.startswith("\\") and len(line) > 1 and line[1] not in "\\`*_[]{}" else line
    return _ESCAPED.sub(r"\1", line).replace("&lt;", "<")


@dataclass(frozen=True, slots=True)
class Imported:
    """One written article, read back."""

    title: str | None
    date: str | None  # "YYYY-MM-DD" or "YYYY-MM-DD HH:MM"; None: unknown
    author: str | None
    provinces: tuple[str, ...]
    summary: str
    review: tuple[str, ...]
    body: str  # unescaped, captions included
    captions: tuple[str, ...]


def read_article(path: Path) -> Imported:
    text = path.read_text(encoding="utf-8")
    if not text.startswith("---"):
        raise ValueError(f"{path}:1: no front matter")
    _, head, body = text.split("---", 2)
    meta = yaml.safe_load(head) or {}
    date = meta.get("date")
    date = None if date in (None, "unknown") else str(date)
    author = meta.get("author") or (", ".join(meta["authors"]) if meta.get("authors") else None)
    places = meta.get("provinces") or meta.get("places") or []
    lines, captions = [], []
    for raw in body.strip().splitlines():
        line = raw.strip()
        match = _CAPTION_MD.match(line)
        if match:
            captions.append(norm(unescape(match["text"])))
            lines.append(captions[-1])
        elif line:
            lines.append(unescape(line))
    captions += [norm(m["text"]) for m in _CAPTION_HTML.finditer(body)]
    return Imported(title=meta.get("title"), date=date, author=author, provinces=tuple(places),
                    summary=str(meta.get("summary") or ""), review=tuple(meta.get("review") or ()),
                    body="\n".join(lines), captions=tuple(captions))


@dataclass(slots=True)
class Score:
    file: str
    title: str = ""  # exact | close | wrong | no-headline-flagged | no-headline-unflagged
    date: str = ""  # right | wrong-day | wrong-minute | missing | invented
    byline: str = ""  # found | missed | wrong | "" (none printed) | false (given, none printed)
    province: str = ""  # right | missing | WRONG
    boilerplate: str = ""  # clean | dirty | "" (page has none)
    summary_clean: bool = True
    false_captions: list[str] = field(default_factory=list)
    missed_captions: int = 0
    notes_checked: int = 0
    false_notes: list[str] = field(default_factory=list)
    other_notes: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)


def same_date(found: str | None, wanted: str) -> str:
    """'right', 'wrong-day' or 'wrong-minute' for one truth date ('T' separates a printed time)."""
    if not found:
        return "missing"
    day = _DAY.search(found)
    if not day or "-".join(day.groups()) != wanted[:10]:
        return "wrong-day"
    if "T" in wanted:
        time = _TIME.search(found[10:])
        if not time or f"{int(time[1]):02d}:{time[2]}" != wanted[11:16]:
            return "wrong-minute"
    return "right"


def contains(text: str, needle: str) -> bool:
    if needle.startswith("^"):
        return any(norm(line) == norm(needle[1:]) for line in text.splitlines())
    return norm(needle) in norm(text)


def score(name: str, truth: dict, got: Imported) -> Score:
    s = Score(file=name)
    titles = [t for t in [truth["title"], *truth.get("title_ok", [])] if t]
    notes = [norm(n) for n in got.review]
    no_headline_note = any(_NO_HEADLINE_NOTE.search(n) for n in notes)
    if titles:
        if any(norm_title(got.title or "") == norm_title(t) for t in titles):
            s.title = "exact"
        elif any(norm_title(got.title or "").casefold() == norm_title(t).casefold() for t in titles):
            s.title = "close"
        else:
            s.title = "wrong"
            s.failures.append(f"title: got {got.title!r}, page says {truth['title']!r}")
    else:
        s.title = "no-headline-flagged" if no_headline_note else "no-headline-unflagged"
        if not no_headline_note:
            s.failures.append(f"title: page has no headline, {got.title!r} given without a note")

    wanted = [d for d in [truth["date"], *truth.get("date_ok", [])] if d]
    if truth["date"]:
        results = [same_date(got.date, d) for d in wanted]
        s.date = "right" if "right" in results else results[0]
    elif got.date is None:
        s.date = "right"
    else:
        s.date = "right" if any(same_date(got.date, d) == "right" for d in wanted) else "invented"
    if s.date != "right":
        s.failures.append(f"date: {s.date}: got {got.date or 'unknown'}, page says {truth['date'] or 'none'}")

    names = {norm_name(b) for b in [truth["byline"], *truth.get("byline_ok", [])] if b}
    author = norm_name(got.author) if got.author else None
    if truth["byline"]:
        s.byline = "found" if author in names else ("missed" if author is None else "wrong")
        if s.byline != "found":
            s.failures.append(f"byline: {s.byline}: got {got.author!r}, page signs {truth['byline']!r}")
    elif author and author not in names:
        s.byline = "false"
        s.failures.append(f"byline: false: got {got.author!r}, the page signs no author")

    accepted = {p for p in [truth["province"], *truth.get("province_ok", [])] if p}
    tagged = {norm(p) for p in got.provinces}
    if tagged - accepted:
        s.province = "WRONG"
        s.failures.append(f"province: WRONG: tagged {sorted(tagged)}, story is {truth['province'] or 'none/national'}")
    elif not tagged and truth["province"]:
        s.province = "missing"
        s.failures.append(f"province: missing {truth['province']}")
    else:
        s.province = "right"

    if truth.get("boilerplate"):
        left = [b for b in truth["boilerplate"] if contains(got.body, b)]
        s.boilerplate = "dirty" if left else "clean"
        if left:
            s.failures.append(f"boilerplate: left in the body: {left}")
    junk = [b for b in truth.get("boilerplate", []) if contains(got.summary, b)]
    s.summary_clean = not junk and bool(norm(got.summary))
    if not s.summary_clean:
        s.failures.append(f"summary: {got.summary[:80]!r}")

    real = [norm(c) for c in truth.get("captions", [])]
    unreal = [norm(c) for c in truth.get("not_captions", [])]
    for cap in got.captions:
        matches = any(r in cap or (len(cap) >= 8 and cap.rstrip(" .") in r) for r in real)
        if not matches or any(u in cap for u in unreal):
            s.false_captions.append(cap)
    s.missed_captions = sum(1 for r in real
                            if not any(r in c or (len(c) >= 8 and c.rstrip(" .") in r) for c in got.captions))
    if s.false_captions:
        s.failures.append(f"captions: {len(s.false_captions)} false: {[c[:60] for c in s.false_captions]}")

    stamp_day = truth["date"] if truth.get("date_source") == "stamp" else None
    checks = ((_NO_DATE_NOTE, bool(truth["date"])), (_NO_HEADLINE_NOTE, bool(truth["title"])),
              (_NOT_STAMP_NOTE, bool(stamp_day) and same_date(got.date, stamp_day[:10]) == "right"),
              (_NO_BYLINE_NOTE, bool(truth["byline"])), (_NO_PROVINCE_NOTE, bool(truth["province"])))
    for note in notes:
        falsified = [false for pattern, false in checks if pattern.search(note)]
        if _NOT_TAGGED_NOTE.search(note):
            falsified = [bool(truth["province"]) and bool(_NATIONAL_REASON.search(note))]
        if not falsified:
            s.other_notes.append(note)
            continue
        s.notes_checked += 1
        if falsified[0]:
            s.false_notes.append(note)
    if s.false_notes:
        s.failures.append(f"review: false notes: {s.false_notes}")
    return s


def importer_command(cmd: str | None) -> list[str]:
    """The CLI, whichever name the package has now (tintuc; generator before the rename)."""
    if cmd:
        return shlex.split(cmd)
    module = "tintuc" if importlib.util.find_spec("tintuc") else "generator"
    return [sys.executable, "-m", module]


def import_one(cmd: list[str], page: Path, work: Path) -> tuple[Path | None, str]:
    """Import one page into an empty folder; the written file (or None) and the importer's report."""
    out = work / f"{page.parent.name}-{page.stem}"
    shutil.rmtree(out, ignore_errors=True)
    run = subprocess.run([*cmd, "import", str(page.resolve()), "--out", str(out / "out")], cwd=out.parent,
                         capture_output=True, text=True, encoding="utf-8")
    written = sorted((out / "out").glob("*.md")) if (out / "out").is_dir() else []
    return (written[0] if written else None), run.stdout + run.stderr


def import_batch(cmd: list[str], pages: list[Path], work: Path) -> dict[Path, tuple[Path | None, str]]:
    """Import pages in one run (as a site's pages are imported: the importer learns furniture from the batch);
    each page's written file (or None), found through the report's 'SOURCE → ARTICLE' lines, and the report."""
    out = work / f"batch-{pages[0].parent.name}"
    shutil.rmtree(out, ignore_errors=True)
    run = subprocess.run([*cmd, "import", *(str(p.resolve()) for p in pages), "--out", str(out / "out")],
                         cwd=work, capture_output=True, text=True, encoding="utf-8")
    report = run.stdout + run.stderr
    written: dict[Path, Path] = {}
    for line in report.splitlines():
        source, arrow, article = line.partition(" → ")
        if arrow and article.endswith(".md"):
            written[Path(source).resolve()] = Path(article)
    return {page: (written.get(page.resolve()), report) for page in pages}


def pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f} % ({part}/{whole})" if whole else "n/a"


def summarise(scores: list[Score], truth: dict) -> list[tuple[str, str, str]]:
    n = len(scores)
    headed = [s for s in scores if truth[s.file]["title"]]
    exact = sum(s.title == "exact" for s in headed)
    close = sum(s.title in ("exact", "close") for s in headed)
    unheaded = [s for s in scores if not truth[s.file]["title"]]
    flagged = sum(s.title == "no-headline-flagged" for s in unheaded)
    dated = [s for s in scores if truth[s.file]["date"]]
    timed = [s for s in dated if "T" in truth[s.file]["date"]]
    undated = [s for s in scores if not truth[s.file]["date"]]
    signed = [s for s in scores if truth[s.file]["byline"]]
    furnished = [s for s in scores if s.boilerplate]
    false_caps = sum(len(s.false_captions) for s in scores)
    checked = sum(s.notes_checked for s in scores)
    false_notes = sum(len(s.false_notes) for s in scores)
    wrong = [s.file for s in scores if s.province == "WRONG"]
    return [
        ("title (exact)", f"{pct(exact, len(headed))}; close {pct(close, len(headed))}; "
                          f"no headline flagged {flagged}/{len(unheaded)}", "≥ 95 %"),
        ("date (all pages)", pct(sum(s.date == "right" for s in scores), n), "≥ 95 %"),
        ("date, printed: same day / minute",
         f"same day {pct(sum(s.date in ('right', 'wrong-minute') for s in dated), len(dated))}; "
         f"stamps with a time, same minute {pct(sum(s.date == 'right' for s in timed), len(timed))}; "
         f"no date printed, none invented {pct(sum(s.date == 'right' for s in undated), len(undated))}",
         "same minute where printed"),
        ("byline, of those printed", f"{pct(sum(s.byline == 'found' for s in signed), len(signed))}; "
                                     f"false bylines {sum(s.byline == 'false' for s in scores)}", "≥ 90 %"),
        ("province", f"{pct(sum(s.province == 'right' for s in scores), n)}; {len(wrong)} wrong, "
                     f"{sum(s.province == 'missing' for s in scores)} missing", "0 wrong"),
        ("boilerplate-free, of pages with any", pct(sum(s.boilerplate == "clean" for s in furnished), len(furnished)),
         "≥ 95 %"),
        ("summaries free of furniture", pct(sum(s.summary_clean for s in scores), n), "(issue: no junk)"),
        ("false captions", f"{false_caps} on {sum(bool(s.false_captions) for s in scores)} pages "
                           f"= {10 * false_caps / n:.1f} per ten pages; "
                           f"{sum(s.missed_captions for s in scores)} real ones not marked", "≤ 1 per ten pages"),
        ("review notes (checkable)", f"{checked - false_notes}/{checked} true; {false_notes} false", "all true"),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--raw", type=Path, required=True, help="folder of raw page texts (NNN.txt)")
    parser.add_argument("--truth", type=Path, required=True, help="annotations (JSON keyed by file name)")
    parser.add_argument("--json", type=Path, help="save every score and the table here")
    parser.add_argument("--keep", type=Path, help="keep the imported Markdown in this folder")
    parser.add_argument("--cmd", help="importer command before 'import' (default: this Python -m tintuc)")
    parser.add_argument("--batch", action="store_true",
                        help="import each folder's pages in one run (a site's pages: the importer learns the site's "
                             "furniture from the batch) instead of one run per page; pages are named by their path "
                             "under --raw ('site/001.txt')")
    args = parser.parse_args(argv)
    truth = json.loads(args.truth.read_text(encoding="utf-8"))

    def name(page: Path) -> str:
        return page.relative_to(args.raw).as_posix()

    pages = sorted(p for p in args.raw.rglob("*.txt") if name(p) in truth)
    unannotated = sorted(name(p) for p in args.raw.rglob("*.txt") if name(p) not in truth)
    if not pages:
        print(f"{args.raw}: no .txt file has an entry in {args.truth}", file=sys.stderr)
        return 2
    cmd = importer_command(args.cmd)
    work = Path(tempfile.mkdtemp(prefix="import-accuracy-"))
    scores, reports = [], {}
    try:
        results: dict[Path, tuple[Path | None, str]] = {}
        if args.batch:
            for folder in sorted({p.parent for p in pages}):
                results.update(import_batch(cmd, [p for p in pages if p.parent == folder], work))
        for page in pages:
            written, report = results[page] if args.batch else import_one(cmd, page, work)
            reports[name(page)] = report
            if written is None:
                s = Score(file=name(page), failures=[f"not imported: {report.strip()[-200:]}"])
                scores.append(s)
                continue
            if args.keep:
                kept = args.keep / Path(name(page)).with_suffix(".md")
                kept.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy(written, kept)
            scores.append(score(name(page), truth[name(page)], read_article(written)))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    table = summarise(scores, truth)
    print(f"{len(pages)} pages, importer: {' '.join(cmd)} import")
    if unannotated:
        print(f"not annotated, skipped: {', '.join(unannotated)}")
    print("\n| field | measured | target |\n|---|---|---|")
    for row in table:
        print("| " + " | ".join(row) + " |")
    print("\nFailures by file:")
    for s in scores:
        for failure in s.failures:
            print(f"  {s.file}  {failure}")
    if args.json:
        args.json.write_text(json.dumps({"command": cmd, "table": table, "scores": [asdict(s) for s in scores],
                                         "reports": reports}, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
