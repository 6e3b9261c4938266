"""`tintuc import`: the five raw seeds, each date form and encoding, and a site built from the result."""

from __future__ import annotations

import argparse
import codecs
import hashlib
import shutil
import time
import unicodedata
import urllib.parse
from pathlib import Path

import pytest
import yaml
from conftest import FIXTURES, Project
from tintuc import import_cli
from tintuc.build import Builder
from tintuc.frontmatter import site_path
from tintuc.importer import ImportReport, import_paths
from tintuc.importer.address import alias_for, old_site, source_url, take_source_lines
from tintuc.importer.byline import split_byline
from tintuc.importer.captions import is_caption
from tintuc.importer.clean import clean, trim_counter
from tintuc.importer.decode import TCVN3, UndecodableError, decode_bytes
from tintuc.importer.extract import extract
from tintuc.importer.published import find_stamp, first_story_date
from tintuc.importer.tagging import guess_province, match_topics, validate_topics
from tintuc.taxonomy import parse_taxonomies

SEEDS = FIXTURES / "seeds"
IMPORT_FIXTURES = FIXTURES / "import"
SAMPLE = "Hội nghị trực tuyến phòng chống dịch Covid-19 tại huyện Kỳ Anh\n\nNgày đăng 01/08/2021 | 15:44\n\n" \
         "Chiều ngày 31/7/2021, Ban chỉ đạo huyện Kỳ Anh họp bàn các giải pháp phòng chống dịch.\n\nTrung Anh\n"


def read_article(path: Path) -> tuple[dict, str]:
    text = path.read_text(encoding="utf-8")
    _, front, body = text.split("---\n", 2)
    return yaml.safe_load(front), body


@pytest.fixture(scope="module")
def seeds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[dict, str]]:
    out = tmp_path_factory.mktemp("imported")
    report = import_paths([SEEDS], out)
    assert [f.status for f in report.files] == ["written"] * 5
    return {f.source.name[:3]: read_article(f.output) for f in report.files if f.output}


EXPECTED = {
    # seed: (title start, date, author, source_unit, province, covid)
    "000": ("Chủ trì Hội nghị tại điểm cầu trực tuyến", "unknown", "Bạch Vân", "Trung tâm Kiểm soát bệnh tật",
            "Kon Tum"),
    "001": ("Hội nghị trực tuyến Giao ban công tác y tế quý I", "2020-04-16", "Nguyễn Linh Trang", None, "Lạng Sơn"),
    "002": ("Huyện Kỳ Anh tiếp tục bổ cứu các giải pháp", "unknown", "Trung Anh", None, "Hà Tĩnh"),
    "003": ("Hội nghị trực tuyến công tác phòng, chống dịch COVID-19", "2020-03-31 16:58", "Công Sơn", None,
            "Thái Nguyên"),
    "004": ("Hội nghị trực tuyến toàn tỉnh về công tác phòng, chống dịch Covid-19", "2021-08-01 15:44", "DT", None,
            "Đắk Nông"),
}


@pytest.mark.parametrize("seed", sorted(EXPECTED))
def test_seed_front_matter(seeds: dict[str, tuple[dict, str]], seed: str) -> None:
    front, _ = seeds[seed]
    title, date, author, unit, province = EXPECTED[seed]
    assert front["title"].startswith(title)
    assert str(front["date"]) == date
    assert front["author"] == author
    assert front.get("source_unit") == unit
    assert front["provinces"] == [province]  # the place taxonomy, apart from the topics
    assert province not in front["tags"]
    assert "COVID-19" in front["tags"]
    assert "aliases" not in front and "source" not in front  # the seeds give no address
    assert front["summary"] and len(front["summary"]) <= 201


def test_seed_review_notes_say_what_is_uncertain(seeds: dict[str, tuple[dict, str]]) -> None:
    """What the editor reads, in the default site language (vi)."""
    notes = {seed: " ".join(front.get("review", [])) for seed, (front, _) in seeds.items()}
    assert "Không có tiêu đề trong bài" in notes["000"] and "Không tìm thấy ngày đăng" in notes["000"]
    assert "'Chiều ngày 25/3' mà không có năm" in notes["002"] and "--year YYYY" in notes["002"]
    assert "không phải ngày đăng" in notes["001"]
    assert "Tỉnh Kon Tum được suy ra từ Ngọc Hồi" in notes["000"]
    assert "Tỉnh Đắk Nông được suy ra từ Gia Nghĩa" in notes["004"]
    assert "3 chú thích ảnh không có ảnh đi kèm" in notes["004"]
    assert "suy ra" not in notes["003"]  # Thái Nguyên is named in the text


def test_seed_topics(seeds: dict[str, tuple[dict, str]]) -> None:
    assert {"Hội nghị trực tuyến", "Bầu cử"} <= set(seeds["000"][0]["tags"])
    assert "Tiêm chủng" in seeds["004"][0]["tags"]
    assert "Hà Nội" not in seeds["003"][0]["tags"] + seeds["003"][0]["provinces"]  # mentioned once, in passing


CAPTIONS = {
    "000": ["*TS BSCKII Võ Văn Thanh – Tỉnh ủy viên, Giám đốc Sở Y tế chủ trì Hội nghị tại điểm cầu trực tuyến "
            "Sở Y tế*{: .caption}", "*Quang cảnh Hội nghị tại điểm cầu trực tuyến Sở Y tế*{: .caption}"],
    "001": ["*Các cán bộ y tế dự hội nghị trực tuyến tại điểm cầu Hữu Lũng*{: .caption}"],
    "002": ["*Đại biểu tham dự hội nghị*{: .caption}", "*Đaị biểu tham dự hội nghị*{: .caption}",
            "*Lãnh đạo phòng y tế huyện phát biểu ý kiến*{: .caption}",
            "*Đồng chí Trần Đình Gia, trưởng Ban chỉ đạo phát biểu kết luận,*{: .caption}"],
    "003": ["*Điểm cầu huyện Định Hóa*{: .caption}"],
    "004": ["*Toàn cảnh Hội nghị.*{: .caption}", "*BCĐ các huyện, thành phố phát biểu tại Hội nghị.*{: .caption}"],
}
GONE = {
    "000": ["Tin,ảnh:", "\nTrung tâm Kiểm soát bệnh tật\n"],
    "001": ["Bài viết liên quan", "Hợp tác chuyên môn", "\nNguyễn Linh Trang"],
    "002": ["Tin liên quan", "\nTrung Anh"],
    "003": ["Truy cập nội dung luôn", "Đăng nhập", "Thống kê truy cập", "Đang truy cập", "Tổng truy cập",
            "Thực hiện:", "2020-03-31"],
    "004": ["Kết quả tiếp công dân hàng tháng", "View count", "Ngày đăng", "\nDT"],
}


@pytest.mark.parametrize("seed", sorted(CAPTIONS))
def test_seed_body_has_captions_and_no_boilerplate(seeds: dict[str, tuple[dict, str]], seed: str) -> None:
    front, body = seeds[seed]
    paragraphs = body.strip().split("\n\n")
    for caption in CAPTIONS[seed]:
        assert caption in paragraphs
    for line in GONE[seed]:
        assert line not in body
    assert front["title"] not in paragraphs  # the headline is front matter, not body
    assert not paragraphs[0].startswith("*")  # the lead is a paragraph


# --- dates ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("line", "value"), [
    ("2020-03-31 16:58:00.0", "2020-03-31 16:58"),
    ("Ngày đăng 01/08/2021 | 15:44  | View count: 11848", "2021-08-01 15:44"),
    ("Ngày đăng 01/08/2021 | 15:44", "2021-08-01 15:44"),
    ("Thứ Ba, 31/03/2020 16:58", "2020-03-31 16:58"),
    ("Cập nhật lúc 08:05, 31.7.2021", "2021-07-31 08:05"),
    ("31/7/2021", "2021-07-31"),
])
def test_publication_stamps(line: str, value: str) -> None:
    stamp = find_stamp(trim_counter(line))  # the importer trims counters before looking for stamps
    assert stamp is not None and stamp.value() == value


@pytest.mark.parametrize("line", ["Ngày 30/3 đồng chí Trần Quốc Tỏ chủ trì hội nghị", "Hội nghị trực tuyến",
                                  "Bầu cử nhiệm kỳ 2021-2026"])
def test_story_lines_are_not_stamps(line: str) -> None:
    assert find_stamp(line) is None


@pytest.mark.parametrize(("text", "value", "written"), [
    ("Thực hiện chương trình, sáng ngày 16/04/2020 Sở Y tế họp.", "2020-04-16", "sáng ngày 16/04/2020"),
    ("Chiều ngày 25/3, Ban chỉ đạo họp.", None, "Chiều ngày 25/3"),
    ("Ngày 30/3 đồng chí Trần Quốc Tỏ chủ trì.", None, "Ngày 30/3"),
    ("Hôm nay 31/7/2021, tỉnh họp.", "2021-07-31", "Hôm nay 31/7/2021"),
    ("Hội nghị diễn ra 31.7.2021 tại tỉnh.", "2021-07-31", "31.7.2021"),
    ("Vào ngày 31 tháng 7 năm 2021, tỉnh họp.", "2021-07-31", "ngày 31 tháng 7 năm 2021"),
    ("Sáng 25.9, huyện họp.", None, "Sáng 25.9"),
])
def test_story_dates(text: str, value: str | None, written: str) -> None:
    found = first_story_date(text)
    assert found is not None
    assert found.value() == value
    assert found.written == written


def test_story_date_ignores_numbers_and_impossible_dates() -> None:
    assert first_story_date("Tỷ lệ tăng 1.5 lần, nhiệm kỳ 2021-2026.") is None
    assert first_story_date("Chiều ngày 31/2 họp.") is None


def test_year_option_fills_a_yearless_date(tmp_path: Path) -> None:
    source = tmp_path / "in" / "tin.txt"
    source.parent.mkdir()
    source.write_text("Huyện Kỳ Anh họp bàn phòng chống dịch\n\nChiều ngày 25/3, Ban chỉ đạo huyện Kỳ Anh họp.\n",
                      encoding="utf-8")
    report = import_paths([source], tmp_path / "out", year=2020)
    front, _ = read_article(report.files[0].output)
    assert str(front["date"]) == "2020-03-25"
    assert any("--year" in note for note in front["review"])


def test_stamp_wins_over_story_date() -> None:
    story = extract(clean(SAMPLE).lines)
    assert story.stamp is not None and story.stamp.value() == "2021-08-01 15:44"
    assert story.story_date is not None and story.story_date.value() == "2021-07-31"


# --- encodings -----------------------------------------------------------------------------------------

TEXT = "Hội đồng nhân dân tỉnh Đắk Nông họp trực tuyến về phòng chống dịch Covid-19 ở huyện Kỳ Anh"
_TCVN3_BYTES = {char: byte for byte, char in TCVN3.items()}
# VNI-Windows, written out independently of the decoder: a letter, then a byte for its marks.
_VNI_TONE = {"": "", "\u0301": "ù", "\u0300": "ø", "\u0309": "û", "\u0303": "õ", "\u0323": "ï"}
_VNI_CIRCUMFLEX = {"": "â", "\u0301": "á", "\u0300": "à", "\u0309": "å", "\u0303": "ã", "\u0323": "ä"}
_VNI_BREVE = {"": "ê", "\u0301": "é", "\u0300": "è", "\u0309": "ú", "\u0303": "ü", "\u0323": "ë"}
_VNI_I = {"\u0301": "í", "\u0300": "ì", "\u0309": "æ", "\u0303": "ó", "\u0323": "ò"}


def to_cp1258(text: str) -> bytes:
    """Windows-1258 as Word writes it: base letters with their vowel marks, tones as separate bytes."""
    tones = "\u0300\u0301\u0303\u0309\u0323"
    out = []
    for char in text:
        parts = unicodedata.normalize("NFD", char)
        out.append(unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones)))
        out.extend(c for c in parts if c in tones)
    return "".join(out).encode("cp1258")


def to_tcvn3(text: str) -> bytes:
    return bytes(_TCVN3_BYTES[c.lower()] if not c.isascii() else ord(c) for c in text)


def vni_letter(char: str) -> str:
    if char in "đĐ":
        return "ñ" if char == "đ" else "Ñ"
    parts = unicodedata.normalize("NFD", char)
    base, marks = parts[0], parts[1:]
    tone = "".join(m for m in marks if m in _VNI_TONE and m)
    upper = base.isupper()
    if "\u031b" in marks:  # horn: ơ, ư are letters of their own
        base = {"o": "ô", "u": "ö", "O": "Ô", "U": "Ö"}[base]
        suffix = _VNI_TONE[tone]
    elif "\u0302" in marks:
        suffix = _VNI_CIRCUMFLEX[tone]
    elif "\u0306" in marks:
        suffix = _VNI_BREVE[tone]
    elif base.lower() == "i" and tone:
        return _VNI_I[tone].upper() if upper else _VNI_I[tone]
    elif base.lower() == "y" and tone == "\u0323":
        return "Î" if upper else "î"
    else:
        suffix = _VNI_TONE[tone]
    return base + (suffix.upper() if upper else suffix)


def to_vni(text: str) -> bytes:
    return "".join(vni_letter(c) if not c.isascii() else c for c in text).encode("cp1252")


@pytest.mark.parametrize(("name", "raw", "encoding"), [
    ("utf-8", TEXT.encode("utf-8"), "utf-8"),
    ("utf-8 BOM", codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
    ("utf-16", TEXT.encode("utf-16"), "utf-16"),
    ("nfd + crlf", unicodedata.normalize("NFD", TEXT + "\r\n" + TEXT).encode("utf-8"), "utf-8"),
    ("cp1258", to_cp1258(TEXT), "cp1258"),
    ("vni", to_vni(TEXT), "vni"),
])
def test_encodings(name: str, raw: bytes, encoding: str) -> None:
    decoded = decode_bytes(raw)
    assert decoded.encoding == encoding, name
    assert decoded.text.split("\n")[0] == TEXT
    assert "\r" not in decoded.text


def test_tcvn3_decodes_lower_case_letters() -> None:
    assert to_tcvn3("Héi".replace("é", "ộ"))  # the table covers the letters
    raw = "Héi ®ång nh©n d©n tØnh häp vÒ NghÞ ®Þnh phßng chèng dÞch".encode("latin-1")
    decoded = decode_bytes(raw)
    assert decoded.encoding == "tcvn3"
    assert decoded.text == "Hội đồng nhân dân tỉnh họp về Nghị định phòng chống dịch"
    assert decode_bytes(to_tcvn3(TEXT.lower())).text == TEXT.lower()


def test_undecodable_file_is_an_error_naming_it(tmp_path: Path) -> None:
    bad = tmp_path / "rac.txt"
    bad.write_bytes(bytes(range(0x80, 0x100)) * 4 + b"\x00\x01")
    good = tmp_path / "tin.txt"
    good.write_text(SAMPLE, encoding="utf-8")
    with pytest.raises(UndecodableError):
        decode_bytes(bad.read_bytes())
    report = import_paths([bad, good], tmp_path / "out")
    assert [f.status for f in report.files] == ["unreadable", "written"]
    assert str(bad) in report.files[0].error


def test_a_utf8_byte_order_mark_before_other_bytes_is_an_error_not_a_crash(tmp_path: Path) -> None:
    """A UTF-8 mark followed by bytes that are not UTF-8 (a damaged file, or a legacy one behind a stray
    mark): the file is reported, with the byte, and the batch goes on."""
    bad = tmp_path / "hong.txt"
    bad.write_bytes(b"\xef\xbb\xbf" + "Tin tức".encode() + b"\xff\xfe" + "Hội nghị".encode())
    good = tmp_path / "tin.txt"
    good.write_text(SAMPLE, encoding="utf-8")
    with pytest.raises(UndecodableError, match="byte 12 is not UTF-8"):
        decode_bytes(bad.read_bytes())
    report = import_paths([bad, good], tmp_path / "out")
    assert [f.status for f in report.files] == ["unreadable", "written"]
    assert "byte-order mark" in report.files[0].error


def test_imported_articles_have_an_ordinary_files_mode(tmp_path: Path) -> None:
    """Written through a temporary file (mkstemp: 0600), an article ends up as any new file would (0666 less
    the umask): readable by the web server or the colleague that builds the site."""
    import os

    source = tmp_path / "tin.txt"
    source.write_text(SAMPLE, encoding="utf-8")
    report = import_paths([source], tmp_path / "out")
    written = report.files[0].output
    assert written is not None
    mask = os.umask(0o022)
    os.umask(mask)
    assert written.stat().st_mode & 0o777 == 0o666 & ~mask


def test_encoding_fixture_files_import(tmp_path: Path) -> None:
    folder = tmp_path / "raw"
    folder.mkdir()
    for name, raw in {"cp1258.txt": to_cp1258(SAMPLE), "utf16.txt": SAMPLE.encode("utf-16"),
                      "vni.txt": to_vni(SAMPLE), "crlf.txt": SAMPLE.replace("\n", "\r\n").encode()}.items():
        (folder / name).write_bytes(raw)
    report = import_paths([folder], tmp_path / "out")
    assert len(report.files) == 4 and not report.unreadable
    assert [f.status for f in report.files] == ["written"] * 4
    fronts = [read_article(f.output)[0] for f in report.files if f.output]
    assert {f["title"] for f in fronts} == {"Hội nghị trực tuyến phòng chống dịch Covid-19 tại huyện Kỳ Anh"}
    assert {str(f["date"]) for f in fronts} == {"2021-08-01 15:44"}
    assert {f["author"] for f in fronts} == {"Trung Anh"}
    # one title, four files: the later ones get -2, -3, -4 rather than overwriting the first
    slug = "hoi-nghi-truc-tuyen-phong-chong-dich-covid-19-tai-huyen-ky-anh"
    assert sorted(f.output.name for f in report.files if f.output) == [
        f"{slug}-2.md", f"{slug}-3.md", f"{slug}-4.md", f"{slug}.md"]


# --- lines, bylines, captions, tags --------------------------------------------------------------------

def test_boilerplate_is_removed() -> None:
    cleaned = clean("Truy cập nội dung luôn\nĐăng nhập\nTiêu đề bài\nNội dung.\nTin liên quan\nBài khác\n"
                    "Tổng truy cập: 5")
    assert cleaned.lines == ("Tiêu đề bài", "Nội dung.")


@pytest.mark.parametrize(("tail", "author", "unit"), [
    (["Tin,ảnh: Bạch Vân", "Trung tâm Kiểm soát bệnh tật"], "Bạch Vân", "Trung tâm Kiểm soát bệnh tật"),
    (["Thực hiện: Công Sơn"], "Công Sơn", None),
    (["Nguyễn Linh Trang"], "Nguyễn Linh Trang", None),
    (["DT"], "DT", None),
    (["Bài và ảnh: T.H", "Nguồn: Sở Y tế"], "T.H", "Sở Y tế"),
])
def test_bylines(tail: list[str], author: str, unit: str | None) -> None:
    body, byline = split_byline(["Một đoạn văn dài của bài viết kết thúc ở đây./.", *tail])
    assert body == ["Một đoạn văn dài của bài viết kết thúc ở đây./."]
    assert (byline.author, byline.source_unit) == (author, unit)


@pytest.mark.parametrize(("line", "caption"), [
    ("Ảnh: Điểm cầu huyện Định Hóa", True),
    ("Quang cảnh Hội nghị tại điểm cầu trực tuyến Sở Y tế", True),
    ("Đại biểu tham dự hội nghị", True),
    ("Chiều ngày 25/3, Ban chỉ đạo họp.", False),
    ("Hội nghị kết thúc. Các đại biểu ra về.", False),
    ("Kết thúc hội nghị, các đơn vị thống nhất thực hiện./.", False),
])
def test_captions(line: str, caption: bool) -> None:
    assert is_caption(line) is caption


def test_caption_split_over_two_lines_is_one_caption() -> None:
    story = extract(["Tiêu đề của bài viết", "Đoạn mở đầu của bài viết, dài và đầy đủ, có dấu chấm ở cuối câu.",
                     "TS Võ Văn Thanh – Giám đốc Sở Y tế", "chủ trì Hội nghị", "Đoạn tiếp theo của bài./."])
    assert story.captions == ("TS Võ Văn Thanh – Giám đốc Sở Y tế chủ trì Hội nghị",)


@pytest.mark.parametrize(("text", "province", "named"), [
    ("Bệnh viện Đa khoa khu vực Ngọc Hồi họp", "Kon Tum", False),
    ("Tại huyện Kỳ Anh, ban chỉ đạo họp", "Hà Tĩnh", False),
    ("điểm cầu Hữu Lũng", "Lạng Sơn", False),
    ("điểm cầu huyện Định Hoá", "Thái Nguyên", False),  # the other tone placement
    ("trên địa bàn thành phố Gia Nghĩa", "Đắk Nông", False),
    ("Sở Y tế tỉnh Lang Son", "Lạng Sơn", True),  # typed without accents
    ("Sở Y tế Lạng Sơn và bệnh viện Bạch Mai - Hà Nội; tỉnh Lạng Sơn", "Lạng Sơn", True),
])
def test_province_from_gazetteer(text: str, province: str, named: bool) -> None:
    guess = guess_province(text)
    assert guess is not None and (guess.province, guess.named) == (province, named)


@pytest.mark.parametrize("text", ["Vì hòa bình và hữu nghị", "Đồng chí Nguyễn Thành Phố họp", "Vinh dự được đón đoàn",
                                  "Đại biểu Trần Văn Vinh phát biểu", "Huyện Châu Thành họp"])
def test_no_province_from_common_words_or_ambiguous_names(text: str) -> None:
    assert guess_province(text) is None


def test_gazetteer_has_63_provinces() -> None:
    data = yaml.safe_load((Path(__file__).parent.parent / "generator/data/gazetteer.yaml").read_text("utf-8"))
    assert len(data["provinces"]) == 63


def test_topics_any_spelling_and_override() -> None:
    topics = {"COVID-19": ("covid-19", "covid")}
    for spelling in ("COVID - 19", "Covid – 19", "covid19", "Covid-19"):
        assert match_topics(f"phòng chống dịch {spelling}", topics) == ["COVID-19"]
    assert match_topics("bầu cử đại biểu", validate_topics({"Bầu cử": ["bau cu"]})) == ["Bầu cử"]
    with pytest.raises(ValueError):
        validate_topics({"Bầu cử": 3})


# --- the command ---------------------------------------------------------------------------------------

def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="tintuc")
    import_cli.add_parser(parser.add_subparsers(dest="command"))
    return parser.parse_args(["import", *argv])


def digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_command_writes_reports_and_never_overwrites(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    raw = tmp_path / "raw"
    shutil.copytree(SEEDS, raw)
    before = digest(raw)
    out = tmp_path / "out"
    assert import_cli.run(parse(str(raw), "--out", str(out), "--dry-run")) == 0
    assert not out.exists()
    assert import_cli.run(parse(str(raw), "--out", str(out))) == 0
    printed = capsys.readouterr().out  # no config.yaml: the default site language, vi
    assert "→" in printed and "    tìm thấy: " in printed and "    cần xem lại: " in printed
    assert "5 tệp: đã ghi 5" in printed
    written = digest(out)
    (out / sorted(written)[0]).write_text("biên tập viên đã sửa", encoding="utf-8")
    assert import_cli.run(parse(str(raw), "--out", str(out))) == 0
    assert "giữ nguyên 5 bài đã có" in capsys.readouterr().out
    assert (out / sorted(written)[0]).read_text(encoding="utf-8") == "biên tập viên đã sửa"
    assert import_cli.run(parse(str(raw), "--out", str(out), "--force")) == 0
    assert digest(out) == written
    assert digest(raw) == before  # inputs untouched


def test_command_exit_codes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert import_cli.run(parse("khong-co.txt", "--out", "out")) == 2
    assert import_cli.run(parse(str(SEEDS), "--year", "20", "--out", "out")) == 2
    (tmp_path / "bad.txt").write_bytes(b"\x00\x9f\x80" * 20)
    assert import_cli.run(parse("bad.txt", "--out", "out")) == 1


def test_command_tags_and_config_topics(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "config.yaml").write_text("title: T\nimport:\n  topics:\n    Họp: [họp bàn]\n", encoding="utf-8")
    assert import_cli.run(parse(str(SEEDS / "002_f3225e202dd5acac.txt"), "--out", "out", "--tags",
                                "Lưu trữ, Y tế")) == 0
    front, _ = read_article(next((tmp_path / "out").glob("*.md")))
    assert front["tags"] == ["Họp", "Lưu trữ", "Y tế"]
    assert front["provinces"] == ["Hà Tĩnh"]


def test_help_describes_every_option(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        parse("--help")
    text = capsys.readouterr().out
    for option in ("--out", "--year", "--tags", "--dry-run", "--force", "--config", "--old-site", "FILE_OR_FOLDER"):
        assert option in text


def test_thousand_files_import_in_seconds(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    seeds = sorted(SEEDS.glob("*.txt"))
    for index in range(1000):
        text = seeds[index % 5].read_text(encoding="utf-8")
        (raw / f"{index:04d}.txt").write_text(f"Tin số {index} về phòng chống dịch\n\n{text}", encoding="utf-8")
    started = time.perf_counter()
    report = import_paths([raw], tmp_path / "out")
    assert len(report.files) == 1000 and report.count("written") == 1000
    assert time.perf_counter() - started < 15


def reviewed(folder: Path) -> None:
    """What an editor does once the notes are checked: the `review:` field goes (issue 16: until then the
    article is held back from publishing)."""
    for path in folder.rglob("*.md"):
        text = path.read_text(encoding="utf-8")
        front, body = text.split("\n---\n", 1)
        data = yaml.safe_load(front.removeprefix("---\n"))
        data.pop("review", None)
        path.write_text("---\n" + yaml.safe_dump(data, allow_unicode=True) + "---\n" + body, encoding="utf-8")


def test_imported_seeds_build_into_a_site(project: Project) -> None:
    report = import_paths([SEEDS], project.root / "content" / "imported")
    assert report.count("written") == 5
    held = Builder(project.config()).build()
    assert (held.articles, held.held) == (0, 5)  # every seed needs a look: none is published unchecked
    reviewed(project.root / "content" / "imported")
    result = Builder(project.config()).build()
    assert (result.articles, result.held) == (5, 0)
    pages = [p.read_text(encoding="utf-8") for p in project.public.rglob("index.html")]
    assert any('<em class="caption">Quang cảnh Hội nghị tại điểm cầu trực tuyến Sở Y tế</em>' in p for p in pages)


# --- places into the place taxonomy, old addresses as aliases (issue 13) ---------------------------------

OLD = "https://soyte.example.gov.vn/"
PLACES_SITE = ("title: Sở Y tế\nbase_url: https://soyte.example.gov.vn/\ntaxonomies:\n  - key: tags\n"
               "  - {key: provinces, name: {vi: Địa phương, en: Places}, path: dia-phuong}\n")


def imported(report: ImportReport, name: str) -> tuple[dict, str]:
    """The article made from the fixture `name`."""
    item = next(f for f in report.files if f.source.name == name)
    assert item.output is not None
    return read_article(item.output)


@pytest.mark.parametrize(("line", "url"), [
    ("https://soyte.example.gov.vn/tin-tuc/a.html", "https://soyte.example.gov.vn/tin-tuc/a.html"),
    ("<https://soyte.example.gov.vn/a.html>.", "https://soyte.example.gov.vn/a.html"),
    ("Nguồn: http://baotinh.example.vn/a-1.html", "http://baotinh.example.vn/a-1.html"),
    ("NGUON : https://x.example.vn/b", "https://x.example.vn/b"),
    ("Link gốc - https://x.example.vn/c.aspx?id=3", "https://x.example.vn/c.aspx?id=3"),
    ("URL: https://x.example.vn/", "https://x.example.vn/"),
    ("Địa chỉ bài viết: https://x.example.vn/d", "https://x.example.vn/d"),
    ("\u00d0ịa chỉ bài viết: https://x.example.vn/d", "https://x.example.vn/d"),  # the look-alike Ð of old text
    # the outlet named between 'Nguồn' and the colon, and an address without its scheme (read as http://)
    ("Nguồn Báo Tỉnh Bắc Kạn: https://baotinh.example.vn/xa-hoi/e-1.html", "https://baotinh.example.vn/xa-hoi/e-1.html"),
    ("Nguồn baotinh.example.vn: https://baotinh.example.vn/f", "https://baotinh.example.vn/f"),
    ("Nguồn Đài PTTH huyện: www.daihuyen.example.vn/tin/g-2.html", "http://www.daihuyen.example.vn/tin/g-2.html"),
    ("NGUỒN: www.x.example.vn", "http://www.x.example.vn"),
])
def test_a_line_that_gives_the_page_address(line: str, url: str) -> None:
    assert source_url(line) == url


@pytest.mark.parametrize("line", ["Nguồn: Sở Y tế", "Xem thêm tại https://x.example.vn/a.html",
                                  "www.baotinh.example.vn",  # alone: the site's signature, not an address
                                  "Nguồn vốn tăng, xem chi tiết: https://x.example.vn/a.html",  # a sentence
                                  "Nguồn Báo X: bài gốc https://x.example.vn/a.html", "Nguồn X: www.",
                                  "https://x.example.vn/a.html (truy cập ngày 5/6)", "http://[::1/a", "https://",
                                  "Ảnh: https://x.example.vn/anh.jpg"])
def test_lines_that_do_not_give_the_page_address(line: str) -> None:
    assert source_url(line) is None


def test_an_address_the_story_introduces_stays_in_the_body() -> None:
    text = ("https://a.example.vn/tin/1.html\nTiêu đề\nĐoạn một.\nCác mẫu đơn đăng tại:\nhttps://a.example.vn/m1.doc\n"
            "https://a.example.vn/m2.doc\nĐoạn cuối./.\nNguồn: https://b.example.vn/x.html\n")
    kept, taken = take_source_lines(text)
    assert [(t.line, t.url) for t in taken] == [(1, "https://a.example.vn/tin/1.html"),
                                                 (8, "https://b.example.vn/x.html")]
    assert "https://a.example.vn/m1.doc\nhttps://a.example.vn/m2.doc" in kept
    assert "tin/1.html" not in kept and "Nguồn" not in kept


@pytest.mark.parametrize(("url", "root", "alias"), [
    ("https://soyte.example.gov.vn/tin-tuc/123-abc.html", OLD, "/tin-tuc/123-abc.html"),
    ("http://WWW.SoYTe.example.gov.vn/tin-tuc/123/#binh-luan", OLD, "/tin-tuc/123/"),  # scheme, www, fragment
    # as a server receives it: escapes kept as written, letters with marks escaped as a browser sends them
    ("https://soyte.example.gov.vn/tin-t%E1%BB%A9c/a%20b.html", OLD, "/tin-t%E1%BB%A9c/a%20b.html"),
    ("https://soyte.example.gov.vn/tin-tức/hội nghị.html", OLD, "/tin-t%E1%BB%A9c/h%E1%BB%99i%20ngh%E1%BB%8B.html"),
    ("https://soyte.example.gov.vn/cong/tin/5.aspx", "https://soyte.example.gov.vn/cong", "/tin/5.aspx"),
])
def test_old_addresses_become_aliases_the_front_matter_accepts(url: str, root: str, alias: str) -> None:
    found, trouble = alias_for(url, old_site(root, "--old-site"))
    assert (found, trouble) == (alias, None)
    path, problem = site_path(alias)
    assert problem is None and path == unicodedata.normalize("NFC", urllib.parse.unquote(alias)).lstrip("/")


@pytest.mark.parametrize(("url", "why"), [
    ("https://soyte.example.gov.vn/khac/5.html", "outside the old site's root /cong/"),
    ("https://soyte.example.gov.vn/cong/a%2Fb.html", "escaped '/'"),
    ("https://soyte.example.gov.vn/cong/a%3Fid=1.html", "query string"),  # an escaped '?' is still one to a host
    ("https://soyte.example.gov.vn/cong/", "home page"),
    ("https://soyte.example.gov.vn/cong//a.html", "empty folder name"),
    ("https://soyte.example.gov.vn/cong/a/../b.html", "not a path of folder and file names"),
])
def test_old_addresses_that_cannot_be_aliases_say_why(url: str, why: str) -> None:
    alias, trouble = alias_for(url, old_site("https://soyte.example.gov.vn/cong/", "--old-site"))
    assert alias is None and trouble is not None and why in trouble


def test_old_site_must_be_an_address() -> None:
    with pytest.raises(ValueError, match="absolute http"):
        old_site("soyte.example.gov.vn", "--old-site")


def test_fixtures_record_alias_source_and_query_note(tmp_path: Path) -> None:
    named = ("dia_chi_cu_dau_trang.txt", "nguon_bao_khac.txt", "link_goc_co_query.txt")  # not the mau_* patterns
    report = import_paths([IMPORT_FIXTURES / n for n in named], tmp_path / "out", old_site=old_site(OLD, "--old-site"),
                          language="en")
    assert report.count("written") == 3

    front, body = imported(report, "dia_chi_cu_dau_trang.txt")
    assert front["aliases"] == ["/tin-tuc/2019/05/tiem-chung-tai-muong-te-1234.html"] and "source" not in front
    assert front["provinces"] == ["Lai Châu"] and front["tags"] == ["Tiêm chủng"]
    assert "tiem-chung-tai-muong-te-1234" not in body  # the source line is out of the body …
    assert "\n\nhttps://soyte.example.gov.vn/tiem-chung/lich-thang-5.html\n\n" in body  # … the story's link is not
    item = next(f for f in report.files if f.source.name == "dia_chi_cu_dau_trang.txt")
    assert any("recorded in 'aliases:' as /tin-tuc/2019/05/tiem-chung-tai-muong-te-1234.html" in line
               for line in item.found)

    front, body = imported(report, "nguon_bao_khac.txt")
    assert front["source"] == "https://baotinh.example.vn/xa-hoi/diet-lang-quang-truoc-mua-mua-567.html"
    assert "aliases" not in front and "Nguồn" not in body and "baotinh" not in body
    assert front["author"] == "Thu Hà"  # the source line under the byline does not hide it

    front, body = imported(report, "link_goc_co_query.txt")
    assert "aliases" not in front and "source" not in front and "LINK" not in body
    assert front["title"].startswith("Tỉnh Quảng Trị mở lớp tập huấn")
    note = next(n for n in front["review"] if "query string" in n)
    assert "index.php?option=com_content&view=article&id=88" in note and "web-server rewrite" in note


def test_without_an_old_site_every_address_is_a_source(tmp_path: Path) -> None:
    report = import_paths([IMPORT_FIXTURES / "dia_chi_cu_dau_trang.txt"], tmp_path / "out", language="en")
    front, _ = read_article(report.files[0].output)
    assert front["source"] == OLD + "tin-tuc/2019/05/tiem-chung-tai-muong-te-1234.html"
    assert "aliases" not in front
    assert any("--old-site" in line for line in report.files[0].found)


@pytest.mark.parametrize(("line", "source"), [
    ("Nguồn Báo Tỉnh Bắc Kạn: https://baotinh.example.vn/xa-hoi/lop-boi-9.html",
     "https://baotinh.example.vn/xa-hoi/lop-boi-9.html"),
    ("Nguồn Đài PTTH huyện: www.daihuyen.example.vn/tin/lop-boi-9.html", "http://www.daihuyen.example.vn/tin/lop-boi-9.html"),
])
def test_a_source_line_naming_its_outlet_is_recorded_as_source(tmp_path: Path, line: str, source: str) -> None:
    raw = tmp_path / "nguon.txt"
    raw.write_text(f"{SAMPLE}\n{line}\n", encoding="utf-8")
    report = import_paths([raw], tmp_path / "out", language="en")
    front, body = read_article(report.files[0].output)
    assert front["source"] == source and "Nguồn" not in body and "lop-boi-9" not in body
    assert f"{source} recorded as 'source:' (no old site known: if it is the site being migrated, import again " \
           "with --old-site)" in report.files[0].found


def test_two_sources_keep_the_first_and_ask(tmp_path: Path) -> None:
    raw = tmp_path / "hai-nguon.txt"
    raw.write_text(f"URL: https://a.example.vn/1.html\n\n{SAMPLE}\nNguồn: https://b.example.vn/2.html\n",
                   encoding="utf-8")
    front, _ = read_article(import_paths([raw], tmp_path / "out", language="en").files[0].output)
    assert front["source"] == "https://a.example.vn/1.html"
    assert any("2 source addresses" in note for note in front["review"])


def test_imported_aliases_become_redirects_and_places_get_their_pages(project: Project,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    project.write_config(PLACES_SITE)  # base_url is the old site's host: no --old-site needed
    monkeypatch.chdir(project.root)
    assert import_cli.run(parse(str(IMPORT_FIXTURES), "--out", "content/imported")) == 0
    reviewed(project.root / "content" / "imported")
    Builder(project.config()).build()
    redirect = (project.public / "tin-tuc/2019/05/tiem-chung-tai-muong-te-1234.html").read_text(encoding="utf-8")
    assert 'http-equiv="refresh"' in redirect and "/2019/05/huyen-muong-te-dua-doi-tiem-chung" in redirect
    assert "/tin-tuc/2019/05/tiem-chung-tai-muong-te-1234.html" in (project.public / "_redirects").read_text("utf-8")
    for place in ("lai-chau", "dien-bien", "quang-tri"):
        assert (project.public / "dia-phuong" / place / "index.html").is_file()
    page = next(project.public.glob("2022/04/*/index.html")).read_text(encoding="utf-8")
    assert 'href="https://baotinh.example.vn/xa-hoi/diet-lang-quang-truoc-mua-mua-567.html"' in page


def test_undeclared_place_taxonomy_gets_one_notice_with_a_block_to_paste(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "config.yaml").write_text("title: T\ntaxonomies:\n  - key: tags\n  - {key: categories, path: "
                                          "chuyen-muc, weight: 2}\n", encoding="utf-8")
    assert import_cli.run(parse(str(SEEDS), "--out", "out")) == 0
    printed = capsys.readouterr().out
    assert printed.count("declares no taxonomy 'provinces'") == 1
    block = printed[printed.index("taxonomies:\n"):printed.index("\n(or set")]
    declared = parse_taxonomies(yaml.safe_load(block)["taxonomies"])
    assert [(t.key, t.path, t.weight) for t in declared] == [
        ("tags", "tags", 1.0), ("categories", "chuyen-muc", 2.0), ("provinces", "dia-phuong", 1.0)]
    assert all(read_article(p)[0]["provinces"] for p in (tmp_path / "out").glob("*.md"))  # written all the same

    (tmp_path / "config.yaml").write_text(PLACES_SITE, encoding="utf-8")
    assert import_cli.run(parse(str(SEEDS), "--out", "out", "--dry-run")) == 0
    assert "declares no taxonomy" not in capsys.readouterr().out


def test_config_names_the_place_field(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    seed = str(SEEDS / "002_f3225e202dd5acac.txt")
    (tmp_path / "config.yaml").write_text("title: T\nimport:\n  places: tags\n", encoding="utf-8")
    assert import_cli.run(parse(seed, "--out", "a")) == 0  # places among the topics, as before
    front, _ = read_article(next((tmp_path / "a").glob("*.md")))
    assert front["tags"][0] == "Hà Tĩnh" and "provinces" not in front
    assert "declares no taxonomy" not in capsys.readouterr().out

    (tmp_path / "config.yaml").write_text("title: T\nimport:\n  places: dia_danh\n", encoding="utf-8")
    assert import_cli.run(parse(seed, "--out", "b")) == 0
    front, _ = read_article(next((tmp_path / "b").glob("*.md")))
    assert front["dia_danh"] == ["Hà Tĩnh"] and "Hà Tĩnh" not in front["tags"]
    assert "  - key: dia_danh" in capsys.readouterr().out


@pytest.mark.parametrize(("config", "message"), [
    ("import:\n  places: title\n", "import.places"),
    ("import:\n  places: [provinces]\n", "import.places"),
    ("import:\n  places: Tỉnh\n", "import.places"),
    ("import:\n  noi: provinces\n", "unknown key 'import.noi'"),
    ("import: provinces\n", "'import:' must be a mapping"),
])
def test_wrong_import_settings_are_usage_errors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str], config: str, message: str) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "config.yaml").write_text("title: T\n" + config, encoding="utf-8")
    assert import_cli.run(parse(str(SEEDS), "--out", "out")) == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_old_site_option_is_checked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "config.yaml").write_text("title: T\nlanguage: en\n", encoding="utf-8")  # an English site
    assert import_cli.run(parse(str(SEEDS), "--out", "out", "--old-site", "soyte.example.gov.vn")) == 2
    assert "--old-site" in capsys.readouterr().err
    assert import_cli.run(parse(str(IMPORT_FIXTURES), "--out", "out", "--old-site", OLD)) == 0
    printed = capsys.readouterr().out
    assert "recorded in 'aliases:'" in printed and "recorded as 'source:'" in printed and "query string" in printed
