"""The agency's identity (config.yaml `identity:`) in the header, the footer and JSON-LD; share links; the
draft and scheduled badges of `--drafts/--future`."""

from __future__ import annotations

import json
import shutil
import struct
import subprocess
import sys
import zlib
from pathlib import Path
from urllib.parse import quote
from xml.etree.ElementTree import Element

import html5lib
import pytest
from conftest import REPO, Project, article
from sitecheck import jsonld
from tintuc.build import Builder
from tintuc.config import load_config
from tintuc.errors import BuildFailed

BASE = "title: Thử nghiệm\nbase_url: https://example.gov.vn/\n"  # identity: starts on line 3

FULL = """identity:
  name: "Sở Y tế tỉnh Mẫu Sơn"
  governing_agency: "Ủy ban nhân dân tỉnh Mẫu Sơn"
  licence: "Giấy phép số 12/GP-TTĐT ngày 05/3/2020"
  responsible: "Bác sĩ Nguyễn Văn An"
  address: "Số 1 đường Hùng Vương"
  phone: "(0205) 3.870.000"
  email: vanphong@soyte.example.gov.vn
  logo: logo.svg
  social:
    - {name: Facebook, url: "https://www.facebook.com/soyte.example"}
    - {name: Zalo, url: "https://zalo.me/soyte.example"}
"""


def _png(width: int, height: int) -> bytes:
    """A real one-colour PNG of the given size."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    rows = b"".join(b"\x00" + b"\x00\x80\x40" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def _jpeg(width: int, height: int) -> bytes:
    """The markers of a baseline JPEG up to its frame header (where the size is), after a JFIF segment."""
    app0 = b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    sof0 = b"\xff\xc0" + struct.pack(">HBHHB", 11, 8, height, width, 1) + b"\x01\x11\x00"
    return b"\xff\xd8" + app0 + sof0 + b"\xff\xd9"


def _webp_lossless(width: int, height: int) -> bytes:
    bits = (width - 1) | ((height - 1) << 14)
    payload = b"\x2f" + bits.to_bytes(4, "little")
    return b"RIFF" + struct.pack("<I", 4 + 8 + len(payload)) + b"WEBP" + b"VP8L" + struct.pack("<I", len(payload)) \
        + payload


def _svg(attributes: str) -> bytes:
    return f'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" {attributes}><circle r="1"/></svg>'.encode()


def _project(project: Project, identity: str, files: dict[str, bytes] | None = None) -> Project:
    project.write_config(BASE + identity)
    if files is None:
        files = {"logo.svg": (REPO / "static" / "logo.svg").read_bytes()}  # the sample archive's logo
    for name, data in files.items():
        target = project.root / "static" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return project


def _build(project: Project, **changes: object) -> Path:
    Builder(project.config(**changes), jobs=1).build()
    return project.public


def _html(path: Path) -> Element:
    return html5lib.parse(path.read_text(encoding="utf-8"), namespaceHTMLElements=False)


def _text(element: Element | None) -> str:
    return " ".join("".join(element.itertext()).split()) if element is not None else ""


def _cli(project: Project, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tintuc", *args], cwd=project.root, capture_output=True,
                          text=True, timeout=120)


# ---- config.yaml: good values -------------------------------------------------------------------------

@pytest.mark.parametrize("identity, expected", [
    pytest.param("", {"name": None, "logo": None, "social": ()}, id="absent"),
    pytest.param("identity:\n  name: 'Yes'\n  licence: '1.10'\n", {"name": "Yes", "licence": "1.10"},
                 id="quoted-text-kept-as-written"),
    pytest.param("identity:\n  phone: 0205 3870 000\n", {"phone": "0205 3870 000", "phone_href": "tel:02053870000"},
                 id="phone-with-spaces"),
    pytest.param("identity:\n  phone: '+84 205 3870 000'\n", {"phone_href": "tel:+842053870000"},
                 id="phone-international"),
    pytest.param("identity:\n  logo: /logo.svg\n", {"logo": "logo.svg"}, id="logo-leading-slash"),
    pytest.param("identity:\n  email: ' vanphong@soyte.example.gov.vn '\n", {"email": "vanphong@soyte.example.gov.vn"},
                 id="email-trimmed"),
    pytest.param("identity:\n  name: ''\n  social: []\n", {"name": None, "social": ()}, id="empty-values"),
])
def test_good_identity_values_are_read(project: Project, identity: str, expected: dict[str, object]) -> None:
    found = _project(project, identity).config().identity
    assert {key: getattr(found, key) for key in expected} == expected


def test_full_identity_is_read(project: Project) -> None:
    identity = _project(project, FULL).config().identity
    assert identity.name == "Sở Y tế tỉnh Mẫu Sơn" and identity.logo == "logo.svg"
    assert [(s.name, s.url) for s in identity.social] == [("Facebook", "https://www.facebook.com/soyte.example"),
                                                          ("Zalo", "https://zalo.me/soyte.example")]


# ---- config.yaml: each bad value is exit 1 with its key and line ---------------------------------------

@pytest.mark.parametrize("identity, message", [
    pytest.param("identity: Sở Y tế\n", "expected a mapping with any of: name,", id="not-a-mapping"),
    pytest.param("identity:\n  website: x\n", "unknown key 'website'", id="unknown-key"),
    pytest.param("identity:\n  name: Yes\n", "'name' as text in quotes (unquoted, YAML read it as True",
                 id="unquoted-yes"),
    pytest.param("identity:\n  phone: 02433\n", "'phone' as text in quotes (unquoted, YAML read it as 1307",
                 id="octal-phone"),
    pytest.param("identity:\n  phone: gọi tổng đài\n", "'phone' as one number", id="phone-words"),
    pytest.param("identity:\n  email: 'javascript:alert(1)'\n", "'email' as a plain address", id="email-script"),
    pytest.param("identity:\n  email: 'a@b.vn?subject=x'\n", "'email' as a plain address", id="email-query"),
    pytest.param("identity:\n  email: 'vanphong@localhost'\n", "'email' as a plain address", id="email-no-domain"),
    pytest.param("identity:\n  social:\n    - {name: X, url: 'javascript:alert(1)'}\n", "'social' entries",
                 id="social-script"),
    pytest.param("identity:\n  social:\n    - {name: X, url: 'JaVa&#115;cript:alert(1)'}\n", "'social' entries",
                 id="social-encoded-script"),
    pytest.param("identity:\n  social:\n    - {name: X, url: /trang-facebook/}\n", "'social' entries",
                 id="social-relative"),
    pytest.param("identity:\n  social:\n    - {name: X}\n", "exactly 'name' and 'url'", id="social-no-url"),
    pytest.param("identity:\n  social: https://www.facebook.com/x\n", "'social' as a list", id="social-not-a-list"),
    pytest.param("identity:\n  logo: https://example.com/logo.png\n", "'logo' as the path of an image",
                 id="logo-address"),
    pytest.param("identity:\n  logo: ../config.yaml\n", "'logo' as the path of an image", id="logo-outside"),
    pytest.param("identity:\n  logo: logo.gif\n", "'logo' as an image of type .svg, .png", id="logo-type"),
])
def test_bad_identity_values_stop_the_build_at_their_line(project: Project, identity: str, message: str) -> None:
    _project(project, identity)
    done = _cli(project, "build")
    assert done.returncode == 1, done.stderr
    assert "config.yaml:3: 'identity' has the wrong form: expected " in done.stderr
    assert message in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("files, message", [
    pytest.param({}, "no file static/logo.png in the project", id="missing"),
    pytest.param({"logo.png": b"not an image"}, "static/logo.png is not a readable PNG image", id="not-an-image"),
    pytest.param({"logo.png/inner.png": _png(4, 4)}, "no file static/logo.png", id="a-folder"),
])
def test_logo_must_be_an_image_file_of_static(project: Project, files: dict[str, bytes], message: str) -> None:
    _project(project, "identity:\n  name: Sở Y tế\n  logo: logo.png\n", files)
    project.add("2021/bai.md", article())
    done = _cli(project, "build")
    assert done.returncode == 1, done.stderr
    assert f"config.yaml:5: 'identity.logo': {message}" in done.stderr
    assert "hint: put the image into the project's static/ folder" in done.stderr


# ---- the header: logo with alt text and size ----------------------------------------------------------

@pytest.mark.parametrize("name, data, size", [
    pytest.param("logo.svg", _svg('width="64" height="64" viewBox="0 0 64 64"'), ("40", "40"), id="svg-square"),
    pytest.param("logo.svg", _svg('viewBox="0 0 300 100"'), ("120", "40"), id="svg-viewbox-only"),
    pytest.param("logo.svg", _svg('width="90px" height="60px"'), ("60", "40"), id="svg-px"),
    pytest.param("anh/logo.png", _png(200, 100), ("80", "40"), id="png-in-a-folder"),
    pytest.param("logo.jpg", _jpeg(120, 160), ("30", "40"), id="jpeg"),
    pytest.param("logo.webp", _webp_lossless(50, 100), ("20", "40"), id="webp"),
    pytest.param("ảnh/biểu trưng.png", _png(40, 40), ("40", "40"), id="vietnamese-file-name"),
])
def test_header_logo_has_alt_and_size(project: Project, name: str, data: bytes, size: tuple[str, str]) -> None:
    _project(project, f"identity:\n  name: Sở Y tế tỉnh Mẫu Sơn\n  logo: {name}\n", {name: data})
    project.add("2021/bai.md", article())
    public = _build(project)
    img = _html(public / "index.html").find(".//header//a[@rel='home']/img")
    assert img is not None
    assert (img.get("src"), img.get("alt")) == ("/" + quote(name), "Sở Y tế tỉnh Mẫu Sơn")
    assert (img.get("width"), img.get("height")) == size
    assert (public / name).read_bytes() == data  # static/ is copied as it is


def test_without_identity_the_header_has_the_title_and_no_logo_or_agency_footer(project: Project) -> None:
    project.add("2021/bai.md", article())
    page = _html(_build(project) / "index.html")
    assert page.find(".//header//img") is None
    assert _text(page.find(".//header//a[@rel='home']")) == "Thử nghiệm"
    assert page.find(".//footer//*[@class='agency']") is None


# ---- the footer: agency details, escaped, with links ---------------------------------------------------

def _details(page: Element) -> dict[str, str]:
    return {_text(row.find("dt")): _text(row.find("dd")) for row in page.iterfind(".//dl[@class='agency-details']/div")}


def test_footer_lists_the_agency_details_with_their_labels(project: Project) -> None:
    _project(project, FULL)
    project.add("2021/bai.md", article())
    page = _html(_build(project) / "2021/08/hoi-nghi-truc-tuyen/index.html")
    footer = page.find(".//footer[@class='site-footer']")
    assert _text(footer.find(".//*[@class='agency-name']")) == "Sở Y tế tỉnh Mẫu Sơn"
    assert _details(footer) == {
        "Cơ quan chủ quản": "Ủy ban nhân dân tỉnh Mẫu Sơn",
        "Giấy phép": "Giấy phép số 12/GP-TTĐT ngày 05/3/2020",
        "Người chịu trách nhiệm": "Bác sĩ Nguyễn Văn An",
        "Địa chỉ": "Số 1 đường Hùng Vương",
        "Điện thoại": "(0205) 3.870.000",
        "Thư điện tử": "vanphong@soyte.example.gov.vn",
        "Mạng xã hội": "Facebook Zalo",
    }
    links = {_text(a): a.get("href") for a in footer.iterfind(".//dl//a")}
    assert links == {"(0205) 3.870.000": "tel:02053870000",
                     "vanphong@soyte.example.gov.vn": "mailto:vanphong@soyte.example.gov.vn",
                     "Facebook": "https://www.facebook.com/soyte.example", "Zalo": "https://zalo.me/soyte.example"}


def test_footer_labels_follow_the_interface_language(project: Project) -> None:
    _project(project, "language: en\nidentity:\n  governing_agency: Provincial People's Committee\n"
                      "  phone: '0205 3870 000'\n")
    project.add("2021/bai.md", article())
    details = _details(_html(_build(project) / "index.html"))
    assert details == {"Governing agency": "Provincial People's Committee", "Phone": "0205 3870 000"}


def test_only_the_fields_set_are_shown(project: Project) -> None:
    _project(project, "identity:\n  email: vanphong@soyte.example.gov.vn\n")
    project.add("2021/bai.md", article())
    page = _html(_build(project) / "index.html")
    assert _details(page) == {"Thư điện tử": "vanphong@soyte.example.gov.vn"}
    assert page.find(".//*[@class='agency-name']") is None


HOSTILE = '<script>alert("x")</script> & "Sở"'


def test_hostile_identity_text_is_escaped_everywhere(project: Project) -> None:
    quoted = HOSTILE.replace('"', '\\"')
    _project(project, f'identity:\n  name: "{quoted}"\n  address: "{quoted}"\n  logo: logo.svg\n'
                      f'  social:\n    - {{name: "{quoted}", url: "https://www.facebook.com/x?a=1&b=\\"2"}}\n')
    project.add("2021/bai.md", article())
    public = _build(project)
    for path in (public / "index.html", public / "2021/08/hoi-nghi-truc-tuyen/index.html"):
        source = path.read_text(encoding="utf-8")
        assert "<script>alert" not in source
        page = _html(path)
        assert [s.get("type") for s in page.iter("script")] in ([], ["application/ld+json"])
        assert page.find(".//header//img").get("alt") == HOSTILE
        assert _text(page.find(".//*[@class='agency-name']")) == HOSTILE
        assert _details(page)["Địa chỉ"] == HOSTILE
        social = page.find(".//ul[@class='social-links']/li/a")
        assert (_text(social), social.get("href")) == (HOSTILE, 'https://www.facebook.com/x?a=1&b="2')
    data = jsonld(public / "2021/08/hoi-nghi-truc-tuyen/index.html")[0]
    assert data["publisher"]["name"] == HOSTILE


# ---- JSON-LD ---------------------------------------------------------------------------------------------

def test_jsonld_publisher_is_the_agency(project: Project) -> None:
    _project(project, FULL)
    project.add("2021/bai.md", article())
    public = _build(project)
    source = (public / "2021/08/hoi-nghi-truc-tuyen/index.html").read_text(encoding="utf-8")
    block = source.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    publisher = json.loads(block)["publisher"]
    assert publisher == {
        "@type": "GovernmentOrganization",
        "name": "Sở Y tế tỉnh Mẫu Sơn",
        "url": "https://example.gov.vn/",
        "logo": {"@type": "ImageObject", "url": "https://example.gov.vn/logo.svg"},
        "address": "Số 1 đường Hùng Vương",
        "telephone": "(0205) 3.870.000",
        "email": "vanphong@soyte.example.gov.vn",
        "parentOrganization": {"@type": "GovernmentOrganization", "name": "Ủy ban nhân dân tỉnh Mẫu Sơn"},
        "sameAs": ["https://www.facebook.com/soyte.example", "https://zalo.me/soyte.example"],
    }
    assert (public / "logo.svg").is_file()  # the logo's address in JSON-LD opens


def test_jsonld_logo_follows_a_subpath_base_url(project: Project) -> None:
    project.write_config("title: T\nbase_url: https://example.gov.vn/tin-tuc/\nidentity:\n  logo: anh/logo.png\n")
    (project.root / "static/anh").mkdir(parents=True)
    (project.root / "static/anh/logo.png").write_bytes(_png(2, 2))
    project.add("2021/bai.md", article())
    public = _build(project)
    page = public / "2021/08/hoi-nghi-truc-tuyen/index.html"
    assert jsonld(page)[0]["publisher"]["logo"]["url"] == "https://example.gov.vn/tin-tuc/anh/logo.png"
    assert _html(page).find(".//header//img").get("src") == "/tin-tuc/anh/logo.png"


# ---- share links -------------------------------------------------------------------------------------------

def test_article_has_plain_share_links_to_facebook_and_zalo(project: Project) -> None:
    project.add("2021/bai.md", article(title="Hội nghị & giao ban?", slug="hoi-nghi-giao-ban"))
    page = _html(_build(project) / "2021/08/hoi-nghi-giao-ban/index.html")
    links = {_text(a): (a.get("href"), a.get("rel"), a.get("target"))
             for a in page.iterfind(".//ul[@class='share-links']/li/a")}
    encoded = "https%3A%2F%2Fexample.gov.vn%2F2021%2F08%2Fhoi-nghi-giao-ban%2F"
    assert links == {
        "Chia sẻ lên Facebook": (f"https://www.facebook.com/sharer/sharer.php?u={encoded}", "noopener nofollow", None),
        "Chia sẻ qua Zalo": (f"https://sp.zalo.me/share_to_zalo?url={encoded}", "noopener nofollow", None),
    }
    # No third party's script: the only script of an article page is its JSON-LD.
    assert [s.get("type") for s in page.iter("script")] == ["application/ld+json"]


def test_share_links_are_on_articles_only(project: Project) -> None:
    project.add("pages/gioi-thieu.md", "---\ntitle: Giới thiệu\n---\nVề chúng tôi.\n")
    project.add("2021/bai.md", article())
    public = _build(project)
    assert _html(public / "index.html").find(".//*[@class='share']") is None
    pages = [p for p in public.rglob("index.html") if "Về chúng tôi" in p.read_text(encoding="utf-8")]
    assert pages and _html(pages[0]).find(".//*[@class='share']") is None


# ---- badges: drafts and scheduled articles ---------------------------------------------------------------

def _badges(element: Element | None) -> list[str]:
    assert element is not None
    return [_text(b) for b in element.iterfind(".//*[@class='badges']/span")]


@pytest.fixture
def drafts_and_future(project: Project) -> Project:
    project.add("2021/cu.md", article(title="Bài đã đăng", date="2021-08-01 08:00", slug="da-dang"))
    project.add("2021/nhap.md", article(title="Bài còn nháp", date="2021-08-02 08:00", slug="con-nhap", draft="true"))
    project.add("2090/hen.md", article(title="Bài hẹn giờ", date="2090-01-02 08:00", slug="hen-gio"))
    project.add("2090/ca-hai.md", article(title="Nháp hẹn giờ", date="2090-01-03 08:00", slug="ca-hai", draft="true"))
    return project


def _entries(public: Path) -> dict[str, list[str]]:
    return {_text(entry.find(".//*[@class='entry-title']")): _badges(entry)
            for entry in _html(public / "index.html").iterfind(".//article[@class='entry']")}


@pytest.mark.parametrize("language, draft, scheduled", [
    pytest.param("vi", "Bản nháp", "Hẹn giờ đăng", id="vi"),
    pytest.param("en", "Draft", "Scheduled", id="en"),
])
def test_drafts_and_scheduled_articles_carry_badges(drafts_and_future: Project, language: str, draft: str,
                                                    scheduled: str) -> None:
    drafts_and_future.write_config(BASE + f"language: {language}\n")
    public = _build(drafts_and_future, drafts=True, future=True)
    assert _entries(public) == {"Nháp hẹn giờ": [draft, scheduled], "Bài hẹn giờ": [scheduled],
                                "Bài còn nháp": [draft], "Bài đã đăng": []}
    for path, expected in (("2021/08/da-dang/", []), ("2021/08/con-nhap/", [draft]), ("2090/01/hen-gio/", [scheduled]),
                           ("2090/01/ca-hai/", [draft, scheduled])):
        assert _badges(_html(public / path / "index.html").find(".//header[@class='article-header']")) == expected


def test_a_public_build_has_no_badges(drafts_and_future: Project) -> None:
    public = _build(drafts_and_future)
    assert _entries(public) == {"Bài đã đăng": []}
    assert "badge" not in (public / "2021/08/da-dang/index.html").read_text(encoding="utf-8")


def test_draft_page_carries_a_badge(project: Project) -> None:
    project.add("pages/gioi-thieu.md", "---\ntitle: Giới thiệu\ndraft: true\n---\nVề chúng tôi.\n")
    public = _build(project, drafts=True)
    pages = [p for p in public.rglob("index.html") if "Về chúng tôi" in p.read_text(encoding="utf-8")]
    assert len(pages) == 1 and _badges(_html(pages[0])) == ["Bản nháp"]


def test_publishing_a_draft_removes_its_badge_from_lists_on_the_next_build(drafts_and_future: Project) -> None:
    """The draft flag is part of what a list shows of an article: a second (incremental) build of the
    same folder renders the home page again, and the result is the one a clean build writes."""
    _build(drafts_and_future, drafts=True)
    assert _entries(drafts_and_future.public)["Bài còn nháp"] == ["Bản nháp"]
    drafts_and_future.add("2021/nhap.md", article(title="Bài còn nháp", date="2021-08-02 08:00", slug="con-nhap"))
    public = _build(drafts_and_future, drafts=True)
    assert _entries(public) == {"Bài đã đăng": [], "Bài còn nháp": []}
    incremental = (public / "index.html").read_bytes()
    shutil.rmtree(public)
    shutil.rmtree(drafts_and_future.root / ".tintuc-cache")
    assert (_build(drafts_and_future, drafts=True) / "index.html").read_bytes() == incremental


# ---- the site's share picture (issue 15) ---------------------------------------------------------------------


def _share_png(path: Path, size: tuple[int, int]) -> None:
    from PIL import Image

    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, (14, 74, 132)).save(path)


def test_pages_without_a_photo_are_shared_with_the_site_picture(project: Project) -> None:
    _share_png(project.root / "static" / "chia se.png", (1200, 630))
    project.write_config("title: Thử\nbase_url: https://soyte.example.gov.vn/\nidentity:\n  share_image: chia se.png\n")
    project.add("2021/khong-anh.md", article(title="Không có ảnh"))
    project.add("2021/ve.md", article(title="Có hình vẽ", image="ve.svg"))
    (project.root / "content" / "2021" / "ve.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="3"></svg>', encoding="utf-8")
    _build(project)
    picture = '<meta property="og:image" content="https://soyte.example.gov.vn/chia%20se.png">'
    for page in ("index.html", "2021/08/khong-co-anh/index.html", "2021/08/co-hinh-ve/index.html"):
        assert picture in (project.public / page).read_text(encoding="utf-8"), page
    assert (project.public / "chia se.png").is_file()


@pytest.mark.parametrize(("setting", "size", "says", "line"), [
    ("chia-se.svg", None, "'share_image' as an image of type .png, .jpg, .jpeg", 3),  # the form: at identity:
    ("khong-co.png", None, "no file static/khong-co.png in the project", 4),
    ("nho.png", (120, 120), "is 120×120 pixels; Facebook and Zalo show no picture under 200×200", 4),
])
def test_a_wrong_share_picture_is_a_configuration_error_at_its_line(project: Project, setting: str,
                                                                    size: tuple[int, int] | None, says: str,
                                                                    line: int) -> None:
    if size:
        _share_png(project.root / "static" / setting, size)
    project.write_config(f"title: Thử\nbase_url: https://soyte.example.gov.vn/\nidentity:\n  share_image: {setting}\n")
    with pytest.raises(BuildFailed) as failed:
        load_config(project.root / "config.yaml")
    (problem,) = failed.value.problems
    assert says in problem.message and problem.line == line, problem
