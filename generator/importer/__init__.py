"""`tintuc import`: raw news text files → Markdown articles with front matter, and what an editor must check.

decode (bytes → text) → address (a line giving the page's own address off: alias or source) → clean (page
furniture off) → extract (headline, date, byline, captions) → tagging (province, topics) → writer (front
matter, file name). Inputs are only ever read.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..importer import formats
from ..importer.address import OldSite, record, take_source_lines
from ..importer.clean import clean
from ..importer.decode import Decoded
from ..importer.duplicates import Archive, Duplicate, body_of
from ..importer.extract import Story, extract
from ..importer.inputs import read_all, read_file
from ..importer.layout import place_images
from ..importer.layout import render_body as layout_body
from ..importer.notes import Notes
from ..importer.published import no_year_note
from ..importer.repeated import MIN_FILES, Repeated
from ..importer.summary import summary_lead
from ..importer.tagging import DEFAULT_PLACES, default_topics, guess_province, match_topics, why_no_province
from ..importer.writer import FrontMatter, free_name, name_base, render_article, render_front_matter, write_new
from ..parallel import run_each
from ..text import nfc, plain_text_summary, tag_key

INPUT_SUFFIXES = (".txt", *formats.SUFFIXES)  # plain text, saved web pages (.html, .htm), Word files (.docx)
__all__ = ["Archive", "FileReport", "ImportReport", "Converted", "OldSite", "collect_inputs", "convert",
           "import_paths"]


@dataclass(frozen=True, slots=True)
class FileReport:
    source: Path
    output: Path | None
    status: str  # 'written', 'dry-run', 'exists' (kept, no --force), 'duplicate' (skipped), 'unreadable'
    found: tuple[str, ...] = ()
    review: tuple[str, ...] = ()
    error: str | None = None
    duplicate: Duplicate | None = None  # the article this one repeats, and why


@dataclass(frozen=True, slots=True)
class ImportReport:
    files: tuple[FileReport, ...]

    def count(self, status: str) -> int:
        return sum(1 for f in self.files if f.status == status)

    @property
    def unreadable(self) -> tuple[FileReport, ...]:
        return tuple(f for f in self.files if f.status == "unreadable")

    @property
    def need_review(self) -> int:
        return sum(1 for f in self.files if f.review and f.status != "duplicate")


@dataclass(frozen=True, slots=True)
class Converted:
    front: FrontMatter
    markdown: str
    found: tuple[str, ...]


# Where the author's name came from (byline.Byline.author_from) -> the report line that says so.
_AUTHOR_FROM = {"credit": "author_credit", "signature": "author_signature", "stamp": "author_stamp"}


def collect_inputs(paths: Iterable[Path]) -> list[Path]:
    """The files to import: named files, and the .txt files under named folders (sorted, hidden ones skipped)."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            for folder, dirs, names in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                files.extend(Path(folder) / n for n in sorted(names)
                             if n.lower().endswith(INPUT_SUFFIXES) and not n.startswith("."))
        elif path.exists():
            files.append(path)
        else:
            raise FileNotFoundError(str(path))
    return files


def _is_word(source: Path) -> bool:
    """A Word file is a document, not a page of a site: it has no site furniture, and the lines its tables
    repeat from file to file (column heads, totals) are the document's own."""
    return source.suffix.lower() in formats.DOCX_SUFFIXES


def _date(story: Story, year: int | None, notes: Notes, review: list[str], found: list[str], text: str = ""
          ) -> str | None:
    """The article's date, and what was found and must be checked; `text` (the story) may state the year
    a day-month is printed without ('Tết Bính Ngọ 2026'): the note then proposes it."""
    if story.stamp is not None:
        found.append(notes.say("date_stamp", date=story.stamp.value(), written=story.stamp.written))
        return story.stamp.value()
    told = story.story_date
    if told is None:
        review.append(notes.say("no_date"))
        return None
    if told.year is not None:
        value = told.value()
        found.append(notes.say("date_lead", date=value, written=told.written))
        review.append(notes.say("date_not_stamp", date=value, written=told.written))
        return value
    if year is not None:
        value = told.value(year)
        found.append(notes.say("date_lead_year", date=value, written=told.written, year=year))
        review.append(notes.say("year_from_option", written=told.written, year=year))
        return value
    review.append(no_year_note(told, text, notes))
    return None


def _unique(names: Iterable[str]) -> tuple[str, ...]:
    """Names once each, compared as term keys ('COVID-19' == 'Covid-19'), first spelling kept."""
    unique: dict[str, str] = {}
    for name in names:
        unique.setdefault(tag_key(name), name)
    return tuple(unique.values())


def _terms(story: Story, body: str, extra: Sequence[str], topics: Mapping[str, tuple[str, ...]], places_key: str,
           notes: Notes, review: list[str], found: list[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(tags, places): topics and --tags for the tags, the story's province for the place taxonomy.

    When places are named but none is the story's (a national story, a list of provinces), the note says
    why, so that the editor does not go looking for a province the text does not have."""
    places: list[str] = []
    text = f"{story.title}\n{body}"
    guess = guess_province(text)
    reason = why_no_province(text, notes=notes) if guess is None else None
    banner = guess_province("\n".join(story.above)) if guess is None and not reason and story.above else None
    if banner is not None:  # the story names no place; the site's banner over it names its district or province
        places.append(banner.province)
        review.append(notes.say("province_banner", province=banner.province, evidence=", ".join(banner.evidence)))
    elif guess is None:
        review.append(notes.say("no_province_why", reason=reason, field=places_key) if reason
                      else notes.say("no_province", field=places_key))
    else:
        places.append(guess.province)
        how = ", ".join(guess.evidence)
        if guess.named:
            found.append(notes.say("province_named", province=guess.province, evidence=how, field=places_key))
        else:
            found.append(notes.say("province_inferred", province=guess.province, evidence=how, field=places_key))
            review.append(notes.say("province_check", province=guess.province, evidence=how))
        if guess.others:
            found.append(notes.say("also_mentioned", names=", ".join(guess.others)))
    topic_tags = match_topics(text, topics)
    if topic_tags:
        found.append(notes.say("topics", names=", ".join(topic_tags)))
    if places_key == "tags":  # the site keeps places among the topics
        return _unique([*places, *topic_tags, *extra]), ()
    return _unique([*topic_tags, *extra]), _unique(places)


def convert(decoded: Decoded, *, year: int | None = None, tags: Sequence[str] = (),
            topics: Mapping[str, tuple[str, ...]] | None = None, fallback_title: str = "",
            places: str = DEFAULT_PLACES, old_site: OldSite | None = None, hints: formats.Hints | None = None,
            layout: Sequence[formats.Piece] = (), language: str = "vi", repeated: Repeated | None = None
            ) -> Converted:
    """Turn one decoded raw file into an article: front matter, Markdown, and what was found.

    `places` is the front-matter field for place names; `old_site` decides which addresses named in the
    text are this site's old ones (aliases) and which are sources elsewhere. A web page or Word file
    (formats.load) brings `hints`, its metadata, used where the text gives none or a worse one, and
    `layout`, the Markdown its lines stand for (headings, lists, tables, images). The notes and the
    report are in `language` (the site's; English for one the importer's table lacks: see notes.py).
    `repeated`: the lines a batch import found on many of its files (repeated.py), dropped as site furniture.
    """
    notes = Notes(language)
    found: list[str] = [notes.say("encoding" if decoded.sure else "encoding_guessed", encoding=decoded.encoding)]
    review: list[str] = []
    if not decoded.sure:
        review.append(notes.say("converted", encoding=decoded.encoding))
    if decoded.controls_removed:
        review.append(notes.say("controls", count=decoded.controls_removed))
    text, source_lines = take_source_lines(decoded.text)
    if hints is not None and hints.url and not source_lines:  # the page's own address, from its metadata
        source_lines = (formats.metadata_line(hints.url),)
    addresses = record(source_lines, old_site, notes)
    cleaned = clean(text)
    story = extract(cleaned.lines, repeated)
    if cleaned.removed or story.menu or story.repeated:
        found.append(notes.say("boilerplate", count=len(cleaned.removed) + len(story.menu) + len(story.repeated)))
    if story.repeated:
        found.append(notes.say("boilerplate_repeated", count=len(story.repeated)))
    title = formats.hinted_title(story, hints) or story.title
    if hints is not None and title == hints.title:
        found.append(notes.say("title_meta", title=title))
    elif story.title_proposed:
        review.append(notes.say("no_headline"))
        found.append(notes.say("title_proposed", title=title))
    else:
        found.append(notes.say("title_headline", title=title))
    if not title:
        title = fallback_title
        review.append(notes.say("no_title_text"))
    date = (formats.hinted_date(story.stamp, hints, notes, review, found)
            or _date(story, year, notes, review, found, "\n".join([story.title, *(b.text for b in story.blocks)])))
    byline = story.byline
    author = formats.hinted_author(byline, hints) or byline.author
    if author != byline.author:
        found.append(notes.say("author_meta", author=author))
    elif byline.author:
        found.append(notes.say(_AUTHOR_FROM.get(byline.author_from, "author_signature"), author=byline.author))
    else:
        review.append(notes.say("no_byline"))
    if byline.source_unit:
        found.append(notes.say("source_unit", unit=byline.source_unit))
    body = "\n".join(b.text for b in story.blocks)
    if not any(block.kind == "paragraph" for block in story.blocks):
        review.append(notes.say("empty_body"))  # the text under the headline was all taken for furniture
    tag_names, place_names = _terms(story, body, tags, topics if topics is not None else default_topics(), places,
                                    notes, review, found)
    found.extend(addresses.found)
    review.extend(addresses.review)
    shown = layout_body(story.blocks, layout, notes) if layout else None
    if shown is not None:
        found.extend(shown.found)
        review.extend(shown.review)
    elif story.captions:
        found.append(notes.say("captions", count=len(story.captions)))
        review.append(notes.say("captions_no_photo", count=len(story.captions)))
    front = FrontMatter(title=title, date=date, tags=tag_names, author=author,
                        summary=plain_text_summary(summary_lead(story.blocks)), source_unit=byline.source_unit,
                        review=tuple(review), places=place_names, places_key=places, aliases=addresses.aliases,
                        source=addresses.source)
    markdown = (render_front_matter(front) + "\n" + shown.markdown if shown is not None
                else render_article(front, story.blocks))
    return Converted(front, markdown, tuple(found))


def import_paths(paths: Sequence[Path], out_dir: Path, *, year: int | None = None, tags: Sequence[str] = (),
                 dry_run: bool = False, force: bool = False,
                 topics: Mapping[str, tuple[str, ...]] | None = None, places: str = DEFAULT_PLACES,
                 old_site: OldSite | None = None, archive: Archive | None = None, jobs: int = 1,
                 progress: bool = False, language: str = "vi") -> ImportReport:
    """Import every file (folders: their .txt, .html, .htm and .docx files) into out_dir; never overwrites
    without force.

    Files are read (inputs.read_all) and converted over `jobs` processes (parallel.run_each: forked workers, in
    order); names, duplicates and writing are decided here, one file after another as the conversions come
    back, so the result is the same for any number of jobs. With an `archive` (the articles already under
    content/), an article found there already is skipped and reported as a duplicate; so is the second of two
    inputs holding one story.
    Review notes and report lines are in `language` (the site's: 'vi' or 'en')."""
    inputs = collect_inputs(paths)
    sources: set[Path] | None = None  # the inputs' real paths: resolved once an output is found to exist
    taken: set[str] = set()
    tried: dict[str, int] = {}  # where free_name's search for each slug stopped
    extra = tuple(" ".join(nfc(t).split()) for t in tags if t.strip())

    def convert_loaded(source: Path, loaded: formats.Loaded, repeated: Repeated | None) -> tuple[Converted, str]:
        """The article, and the slug its file will be named by (the slug is made here, in the worker)."""
        converted = convert(loaded.decoded, year=year, tags=extra, topics=topics, fallback_title=source.stem,
                            places=places, old_site=old_site, hints=loaded.hints, layout=loaded.layout,
                            language=language, repeated=repeated)
        return converted, name_base(converted.front.title, source.stem)

    def read_and_convert(source: Path) -> tuple[formats.Loaded, tuple[Converted, str]] | str:
        loaded = read_file(source)
        return loaded if isinstance(loaded, str) else (loaded, convert_loaded(source, loaded, None))

    if len(inputs) < MIN_FILES:  # too few pages to learn the site's furniture from: one pass, as always
        conversions = run_each(inputs, read_and_convert, jobs=jobs, label="nhập bài", progress=progress)
        done: Iterator[tuple[formats.Loaded, tuple[Converted, str]] | str] = conversions
    else:  # read all first, learn the lines repeated across the batch, then convert with them
        loaded_all = read_all(inputs, jobs=jobs, progress=progress)
        pages = [not isinstance(item, str) and not _is_word(source) for source, item in zip(inputs, loaded_all,
                                                                                             strict=True)]
        repeated = Repeated.from_texts(item.decoded.text for item, page in zip(loaded_all, pages, strict=True)
                                       if page and not isinstance(item, str))
        # The workers are forked after this: they inherit the loaded files and the set, indexed, never pickled;
        # only the articles come back.
        conversions = run_each(range(len(inputs)), lambda at: loaded_all[at] if isinstance(loaded_all[at], str)
                               else convert_loaded(inputs[at], loaded_all[at], repeated if pages[at] else None),
                               jobs=jobs, label="nhập bài", progress=progress)
        done = (item if isinstance(item, str) else (item, article)
                for item, article in zip(loaded_all, conversions, strict=True))

    def is_input(output: Path) -> bool:  # an existing output that is one of the inputs is never written over
        nonlocal sources
        if sources is None:
            sources = {p.resolve() for p in inputs}
        return output.resolve() in sources

    def place(source: Path, result: tuple[formats.Loaded, tuple[Converted, str]] | str) -> FileReport:
        """Name, check and write one article (or report why not), in input order."""
        if isinstance(result, str):
            return FileReport(source, None, "unreadable", error=f"{source}: {result}")
        loaded, (converted, base) = result
        name = free_name(base, taken, tried)
        output = out_dir / name
        front = converted.front
        addresses = tuple(a for a in (front.source, *front.aliases) if a)
        body = body_of(converted.markdown) if archive is not None else ""
        duplicate = archive.match(front.title, front.date, addresses, body) if archive is not None else None
        if duplicate is not None and duplicate.of.resolve() != output.resolve():  # itself: 'exists' / --force
            return FileReport(source, None, "duplicate", converted.found, front.review, duplicate=duplicate)
        taken.add(name)
        if archive is not None:  # a second copy later in this run is a duplicate of this one
            archive.add(output, front.title, front.date, addresses, body)
        markdown, found = converted.markdown, converted.found
        exists = output.exists()
        an_input = exists and is_input(output)
        if not an_input and (force or not exists):  # its images beside it
            markdown, placed = place_images(loaded, output, markdown, Notes(language), dry_run=dry_run)
            found += placed
        if dry_run:
            status = "dry-run"
        elif an_input or not write_new(output, markdown, force):
            status = "exists"
        else:
            status = "written"
        return FileReport(source, output, status, found, front.review)

    # Each article is named, checked and written as its conversion comes back, while the workers convert the next
    # ones (creating a file costs 0.15-0.4 ms here; four threads writing them all after the batch took as long, and
    # twice the CPU). One file after another, in input order, as before.
    try:
        reports = [place(source, result) for source, result in zip(inputs, done, strict=True)]
    finally:
        conversions.close()  # a failed write or a Ctrl-C between two files: the workers stop now
    return ImportReport(tuple(reports))
