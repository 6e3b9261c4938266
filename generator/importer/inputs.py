"""An import's input files read: each one's loaded form (formats.Loaded), or why it cannot be read.

Plain text in UTF-8 or with a byte-order mark, the usual input, decodes in microseconds: a batch of only such files
is read here, one file after another, since starting worker processes for it costs more than reading it. A batch
with web pages, Word files or 8-bit text whose encoding must be guessed (decode scores three candidate decodings of
the whole text: milliseconds a file) is read over the cores, every file, as before. The result is the same either
way.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..importer import formats
from ..importer.decode import UndecodableError, guessing_needed
from ..parallel import run_all
from ..sources import UnreadableFile, read_source


def read_file(source: Path, raw: bytes | None = None) -> formats.Loaded | str:
    """One input file (its bytes, when they were read already) loaded, or the message saying why it cannot be."""
    try:
        if raw is None:
            raw, _ = read_source(source)  # never hangs on a named pipe, refuses folders and devices
        return formats.load(source, raw)  # .html, .htm, .docx through formats; text through decode_bytes
    except (UnreadableFile, UndecodableError) as exc:
        return exc.message if isinstance(exc, UnreadableFile) else str(exc)


def read_all(inputs: Sequence[Path], *, jobs: int, progress: bool) -> list[formats.Loaded | str]:
    """`[read_file(source) for source in inputs]`: here when every file is quick to decode, else over `jobs`
    processes."""
    raws: list[bytes | str | None] = []  # a text file's bytes, why it cannot be read, or None: a page or Word file
    quick = True
    for source in inputs:
        if source.suffix.lower() in formats.SUFFIXES:
            raws.append(None)  # read by the workers: parsed by trafilatura or mammoth
            quick = False
            continue
        try:
            raw, _ = read_source(source)
        except UnreadableFile as exc:
            raws.append(exc.message)
            continue
        raws.append(raw)
        quick = quick and not guessing_needed(raw)
    if quick:
        return [raw if isinstance(raw, str) else read_file(source, raw) for source, raw in zip(inputs, raws,
                                                                                                strict=True)]
    # The workers are forked: they inherit the bytes read here, never pickled.
    return run_all(range(len(inputs)), lambda at: raws[at] if isinstance(raws[at], str) else
                   read_file(inputs[at], raws[at]), jobs=jobs, label="đọc tệp", progress=progress)
