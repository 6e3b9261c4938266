"""Videos and maps (issue 15): a provider's address alone on its line becomes a click-to-load facade.

Markdown to HTML for each provider and address form; hostile addresses stay plain; the allowlist in
config.yaml; the sanitiser; feeds and search; the build's warnings; byte-identical and incremental
builds; embed.js's own patterns (in Node); and in Chromium, that nothing leaves 127.0.0.1 before the
reader presses play.
"""

from __future__ import annotations

import html
import json
import shutil
import subprocess
from pathlib import Path

import html5lib
import pytest
from conftest import REPO, Project, article, served
from tintuc.build import Builder
from tintuc.embeds import SOURCES, Embed, for_feed, iframe_hint, parse_address
from tintuc.errors import BuildFailed
from tintuc.markdown_render import make_markdown, render_body, sanitise
from tintuc.search.documents import plain_text

VIDEO = "aBc_12-xYz9"  # an 11-character video id with both of the id's punctuation marks
NOCOOKIE = f"https://www.youtube-nocookie.com/embed/{VIDEO}?autoplay=1"
WATCH = f"https://www.youtube.com/watch?v={VIDEO}"
FB_PAGE = "https://www.facebook.com/so.y.te.tinh/videos/1234567890123/"
FB_PLUGIN = ("https://www.facebook.com/plugins/video.php?href=https%3A%2F%2Fwww.facebook.com%2Fso.y.te.tinh%2F"
             "videos%2F1234567890123%2F&show_text=false&autoplay=true")
PB = "!1m18!1m12!1m3!1d3724.1!2d105.84!3d21.02!2m3!1f0!2f0!3f0!3m2!1i1024!2i768!4f13.1!5e0!3m2!1svi!2s"
MAPS_EMBED = f"https://www.google.com/maps/embed?pb={PB}"
PAGE = "2024/05/khai-mac-ky-hop/index.html"

MD = make_markdown()


def render(body: str, **options: object):  # type: ignore[no-untyped-def]
    return render_body(make_markdown(**options) if options else MD, body)  # type: ignore[arg-type]


def facades(body_html: str) -> list[tuple[str, str, str]]:
    """(frame address, title, plain link) of each facade in a body."""
    import re

    found = re.findall(r'data-embed-src="([^"]*)">\s*<figcaption class="embed-title">([^<]*)</figcaption>.*?'
                       r'<p class="embed-source"><a href="([^"]*)">', body_html, re.S)
    return [(html.unescape(src), html.unescape(title), html.unescape(link)) for src, title, link in found]


# --- Markdown to HTML, every provider and form -----------------------------------------------------

@pytest.mark.parametrize(("line", "src", "link"), [
    (WATCH, NOCOOKIE, WATCH),
    (f"https://youtube.com/watch?v={VIDEO}&si=Zx8_shareToken", NOCOOKIE, WATCH),
    (f"https://m.youtube.com/watch?v={VIDEO}&t=1m30s", NOCOOKIE + "&start=90", WATCH + "&t=90s"),
    (f"https://youtu.be/{VIDEO}", NOCOOKIE, WATCH),
    (f"https://youtu.be/{VIDEO}?si=abcDEF123&t=45", NOCOOKIE + "&start=45", WATCH + "&t=45s"),
    (f"https://www.youtube.com/shorts/{VIDEO}", NOCOOKIE, WATCH),
    (f"<https://youtu.be/{VIDEO}>", NOCOOKIE, WATCH),
    (FB_PAGE, FB_PLUGIN, FB_PAGE),
    ("https://m.facebook.com/so.y.te.tinh/videos/1234567890123?mibextid=abc123", FB_PLUGIN, FB_PAGE),
    ("https://www.facebook.com/watch/?v=987654321012",
     "https://www.facebook.com/plugins/video.php?href=https%3A%2F%2Fwww.facebook.com%2Fwatch%2F%3Fv%3D987654321012"
     "&show_text=false&autoplay=true", "https://www.facebook.com/watch/?v=987654321012"),
    ("https://fb.watch/aB3_dE-9x/",
     "https://www.facebook.com/plugins/video.php?href=https%3A%2F%2Ffb.watch%2FaB3_dE-9x%2F&show_text=false"
     "&autoplay=true", "https://fb.watch/aB3_dE-9x/"),
    (MAPS_EMBED, MAPS_EMBED, MAPS_EMBED),
    ("https://www.google.com/maps/place/H%E1%BB%99i+tr%C6%B0%E1%BB%9Dng+t%E1%BB%89nh/@21.0285,105.8542,17z/"
     "data=!3m1!4b1", "https://www.google.com/maps?q=21.0285%2C105.8542&z=17&hl=vi&output=embed",
     "https://www.google.com/maps/search/?api=1&query=21.0285%2C105.8542"),
    ("https://www.google.com.vn/maps/place/Ch%E1%BB%A3+%C4%90%C3%B4ng+Ba",
     "https://www.google.com/maps?q=Ch%E1%BB%A3%20%C4%90%C3%B4ng%20Ba&hl=vi&output=embed",
     "https://www.google.com/maps/search/?api=1&query=Ch%E1%BB%A3%20%C4%90%C3%B4ng%20Ba"),
    ("https://www.google.com/maps/search/?api=1&query=B%E1%BB%87nh+vi%E1%BB%87n+t%E1%BB%89nh",
     "https://www.google.com/maps?q=B%E1%BB%87nh%20vi%E1%BB%87n%20t%E1%BB%89nh&hl=vi&output=embed",
     "https://www.google.com/maps/search/?api=1&query=B%E1%BB%87nh%20vi%E1%BB%87n%20t%E1%BB%89nh"),
    ("https://maps.google.com/maps?q=16.4637,107.5909&z=15",
     "https://www.google.com/maps?q=16.4637%2C107.5909&z=15&hl=vi&output=embed",
     "https://www.google.com/maps/search/?api=1&query=16.4637%2C107.5909"),
])
def test_an_address_alone_on_its_line_becomes_a_facade(line: str, src: str, link: str) -> None:
    body = render(f"Mở đầu bài.\n\n{line}\n\nKết thúc bài.")
    assert len(facades(body.html)) == 1
    assert facades(body.html)[0][0] == src and facades(body.html)[0][2] == link
    assert body.html.startswith("<p>Mở đầu bài.</p>\n<figure class=\"embed embed-")
    assert body.html.endswith("</figure>\n<p>Kết thúc bài.</p>")
    assert any(pattern.fullmatch(src) for pattern in SOURCES.values())


def test_the_facade_markup() -> None:
    """Title on top, a real <button> named with the title, a plain link; nothing of the provider's loaded."""
    body = render(f"[Toàn cảnh phiên khai mạc kỳ họp thứ bảy](https://youtu.be/{VIDEO})").html
    assert body == (
        f'<figure class="embed embed-youtube" data-embed-src="{NOCOOKIE}">\n'
        '<figcaption class="embed-title">Toàn cảnh phiên khai mạc kỳ họp thứ bảy</figcaption>\n'
        '<div class="embed-box"><button type="button" class="embed-play" '
        'aria-label="Phát video: Toàn cảnh phiên khai mạc kỳ họp thứ bảy"></button></div>\n'
        f'<p class="embed-source"><a href="{WATCH}">Xem video trên YouTube</a></p>\n'
        '</figure>')
    for absent in ("<iframe", "<script", "<img", "ytimg", "style="):
        assert absent not in body


@pytest.mark.parametrize(("language", "line", "title", "verb"), [
    ("vi", f"https://youtu.be/{VIDEO}", "Video trên YouTube", "Phát video"),
    ("vi", FB_PAGE, "Video trên Facebook", "Phát video"),
    ("vi", MAPS_EMBED, "Bản đồ Google", "Hiện bản đồ"),
    ("en", f"https://youtu.be/{VIDEO}", "Video on YouTube", "Play video"),
    ("en", MAPS_EMBED, "Google map", "Show map"),
])
def test_default_titles_are_in_the_sites_language(language: str, line: str, title: str, verb: str) -> None:
    body = render(line, language=language).html
    assert facades(body)[0][1] == title
    assert f'aria-label="{verb}: {title}"' in body


def test_a_title_is_text_escaped_and_unescaped_from_markdown() -> None:
    body = render(f'[Họp báo \\[trực tuyến\\] <b>& "Quý 1"</b>](https://youtu.be/{VIDEO} "chú thích")').html
    assert facades(body)[0][1] == 'Họp báo [trực tuyến] <b>& "Quý 1"</b>'
    assert "<b>" not in body


def test_only_a_line_of_its_own_is_embedded() -> None:
    """Inside a sentence, in code, a code block or a ``` block, the address is left as written."""
    inline = render(f"Xem https://youtu.be/{VIDEO} để biết thêm.").html
    assert facades(inline) == [] and "<a " not in inline
    assert facades(render(f"Mã `https://youtu.be/{VIDEO}` trong dòng.").html) == []
    assert facades(render(f"Ví dụ:\n\n    https://youtu.be/{VIDEO}\n").html) == []
    assert facades(render(f"```\nhttps://youtu.be/{VIDEO}\n```").html) == []
    split = render(f"Dòng một của đoạn.\nhttps://youtu.be/{VIDEO}\nDòng ba của đoạn.").html
    assert split.startswith("<p>Dòng một của đoạn.</p>\n<figure")
    assert split.endswith("</figure>\n<p>Dòng ba của đoạn.</p>")


def test_a_body_that_opens_with_a_video_takes_its_summary_from_the_text() -> None:
    body = render(f"https://youtu.be/{VIDEO}\n\nĐoàn công tác đã kiểm tra tiến độ thi công cầu.")
    assert body.first_paragraph == "Đoàn công tác đã kiểm tra tiến độ thi công cầu."


# --- hostile and unsupported addresses stay plain ---------------------------------------------------

HOSTILE = [
    f'https://www.youtube.com/watch?v={VIDEO}"onmouseover="alert(1)',
    f"https://www.youtube.com/watch?v={VIDEO}'",
    f"javascript:alert('https://youtu.be/{VIDEO}')",
    f"JAVASCRIPT://youtu.be/{VIDEO}",
    f"data:text/html,https://youtu.be/{VIDEO}",
    f"https://youtu.be/{VIDEO}/extra",
    f"https://www.youtube.com/watch/extra?v={VIDEO}",
    f"https://www.youtube.com/shorts/{VIDEO}/x",
    f"https://youtube.com.evil.example/watch?v={VIDEO}",
    f"https://evil.example/?u=https://youtu.be/{VIDEO}",
    f"https://www.youtube.com@evil.example/watch?v={VIDEO}",
    f"https://www.youtube.com:8443/watch?v={VIDEO}",
    f"https://www.youtube.com/watch?v={VIDEO}&v=zzzzzzzzzzz",
    f"https://www.youtube.com/watch?v={VIDEO}&onload=x",
    f"https://www.youtube.com/watch?v={VIDEO}#t=30",
    "https://www.youtube.com/watch?v=short",
    f"https://www.youtube.com/watch?v={VIDEO}x",
    f"https://www.youtube.com/watch?v=%22{VIDEO[:8]}",
    f"https://www.youtube.com/watch?v={VIDEO}&t=soon",
    f"https://www.youtube-nocookie.com/watch?v={VIDEO}",
    "https://www.facebook.com/so.y.te.tinh/videos/1234567890123/../../evil",
    "https://www.facebook.com/so.y.te.tinh/videos/abc/",
    "https://www.facebook.com/so.y.te.tinh/posts/1234567890123",
    "https://www.facebook.com/plugins/video.php?href=https%3A%2F%2Fevil.example%2Fvideos%2F1",
    "https://fb.watch/a/",
    "https://www.google.com/maps/place/%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    "https://www.google.com/maps/embed?pb=!1m2%22onload",
    "https://www.google.com/maps/embed?pb=!1m2&callback=x",
    "https://www.google.com/url?q=https://evil.example",
    "https://www.google.com/maps/place/T%E1%BB%89nh/extra/path/here",
    "https://www.google.evil.example/maps/place/T",
]


@pytest.mark.parametrize("line", HOSTILE)
def test_a_hostile_or_unknown_address_is_not_embedded(line: str) -> None:
    assert parse_address(line) is None
    body = render(f"Mở đầu.\n\n{line}\n\n[Tiêu đề]({line})\n\nKết thúc.").html
    assert "data-embed-src" not in body and "<button" not in body and "<figure" not in body
    attributes = {name for element in html5lib.parse(body, namespaceHTMLElements=False).iter()
                  for name in element.attrib}
    assert attributes <= {"href", "title"}  # no attribute smuggled in by a quote


def test_the_sanitiser_keeps_the_facade_and_nothing_like_it() -> None:
    """A body read back from a tampered cache passes nh3 again: only a frame address made by the generator
    survives, on a <figure>; a button can only be type=button, with an aria-label and nothing else."""
    good = render(f"https://youtu.be/{VIDEO}").html
    assert sanitise(good) == good
    tampered = good.replace(NOCOOKIE, "https://evil.example/embed/x")
    assert "data-embed-src" not in sanitise(tampered)
    assert "data-embed-src" not in sanitise(good.replace(NOCOOKIE, "javascript:alert(1)"))
    assert "data-embed-src" not in sanitise(f'<div data-embed-src="{NOCOOKIE}">x</div>')
    assert sanitise('<button type="submit" formaction="https://evil.example" onclick="x()" aria-label="a">b</button>') \
        == '<button aria-label="a">b</button>'
    assert sanitise('<p aria-label="x" data-x="y">c</p><iframe src="https://www.youtube.com/"></iframe>') == "<p>c</p>"


# --- the allowlist in config.yaml -------------------------------------------------------------------

def test_only_allowed_providers_are_embedded() -> None:
    lines = f"https://youtu.be/{VIDEO}\n\n{FB_PAGE}\n\n{MAPS_EMBED}"
    only_youtube = render(lines, embeds=("youtube",)).html
    assert [src for src, _, _ in facades(only_youtube)] == [NOCOOKIE]
    assert f'<p><a href="{FB_PAGE}">{FB_PAGE}</a></p>' in only_youtube  # a working plain link
    none = render(f"https://youtu.be/{VIDEO}\n\n[Lễ ra quân](https://youtu.be/{VIDEO})", embeds=()).html
    assert none == (f'<p><a href="https://youtu.be/{VIDEO}">https://youtu.be/{VIDEO}</a></p>\n'
                    f'<p><a href="https://youtu.be/{VIDEO}">Lễ ra quân</a></p>')


def test_the_embeds_key_is_validated(project: Project) -> None:
    project.write_config("title: Thử\nbase_url: https://example.gov.vn/\nembeds: [youtube, vimeo]\n")
    with pytest.raises(BuildFailed) as failed:
        project.config()
    problem = failed.value.problems[0]
    assert problem.line == 3 and "'embeds'" in problem.message
    assert "youtube, facebook, google_maps" in problem.message and "'vimeo'" in problem.message
    project.write_config("title: Thử\nbase_url: https://example.gov.vn/\nembeds: youtbe\n")
    with pytest.raises(BuildFailed) as failed:
        project.config()
    assert "a list of providers from: youtube, facebook, google_maps" in failed.value.problems[0].message
    project.write_config("title: Thử\nbase_url: https://example.gov.vn/\nembeds: [goggle_maps]\n")
    with pytest.raises(BuildFailed) as failed:
        project.config()
    assert "did you mean 'google_maps'" in failed.value.problems[0].message
    project.write_config("title: Thử\nbase_url: https://example.gov.vn/\nembeds: []\n")
    assert project.config().embeds == ()
    project.write_config("title: Thử\nbase_url: https://example.gov.vn/\n")
    assert project.config().embeds == ("youtube", "facebook", "google_maps")


# --- warnings: maps short links and pasted <iframe> -------------------------------------------------

def test_a_maps_short_link_stays_a_link_with_a_warning_at_its_line(project: Project) -> None:
    project.add("2024/a.md", article(title="Địa điểm", body="Hội nghị tổ chức tại:\n\nhttps://maps.app.goo.gl/Xy7Kq2"))
    builder = Builder(project.config())
    articles, problems = builder.read_content()
    assert [(p.line, p.is_error) for p in problems] == [(7, False)]
    assert "short link" in problems[0].message and "https://www.google.com/maps/embed?pb=" in problems[0].hint
    body = builder.read_cache.hydrate(articles)[articles[0].path].body_html  # read: kept in the body store
    assert '<a href="https://maps.app.goo.gl/Xy7Kq2">' in body


def test_a_pasted_iframe_warning_names_the_line_to_write(project: Project) -> None:
    project.add("2024/a.md", article(title="Video", body=f"""
        Đoạn mở đầu.

        <iframe width="560" height="315" src="https://www.youtube.com/embed/{VIDEO}?si=Ab12" allowfullscreen></iframe>
        """))
    project.add("2024/b.md", article(title="Bản đồ", body=f'<IFRAME SRC="{MAPS_EMBED}"></IFRAME>'))
    project.add("2024/c.md", article(title="Khác", body='<iframe src="https://player.vimeo.com/video/1"></iframe>'))
    _, problems = Builder(project.config()).read_content()
    hints = {p.path.name: (p.line, p.message, p.hint) for p in problems}
    assert hints["a.md"] == (7, "the HTML <iframe> is shown to readers as text",
                             f"write this line instead of the <iframe>, alone on its line: {WATCH}")
    assert hints["b.md"][2].endswith(f"alone on its line: {MAPS_EMBED}")
    assert "alone on its line" in hints["c.md"][2] and "vimeo" not in hints["c.md"][2]
    assert iframe_hint(f'<iframe src="{FB_PLUGIN.replace("&", "&amp;")}"></iframe>', ["facebook"]) \
        == f"write this line instead of the <iframe>, alone on its line: {FB_PAGE}"
    assert iframe_hint(f'<iframe src="https://www.youtube.com/embed/{VIDEO}"></iframe>', ["facebook"]) is None


# --- pages, feeds, search, determinism --------------------------------------------------------------

EMBED_BODY = f"""
    Sáng nay kỳ họp thứ bảy Hội đồng nhân dân tỉnh khai mạc.

    [Toàn cảnh phiên khai mạc](https://youtu.be/{VIDEO})

    Địa điểm:

    {MAPS_EMBED}
    """


def test_pages_with_an_embed_link_its_css_and_module(project: Project) -> None:
    project.add("2024/a.md", article(title="Khai mạc kỳ họp", date="2024-05-02 08:00", body=EMBED_BODY))
    project.add("2024/b.md", article(title="Tin không có video", date="2024-05-01 08:00"))
    project.add("pages/lien-he.md", "---\ntitle: Liên hệ\n---\n" + MAPS_EMBED + "\n")
    Builder(project.config()).build()
    page = (project.public / PAGE).read_text(encoding="utf-8")
    assert '<link rel="stylesheet" href="/static/css/embeds.css?v=' in page
    assert '<script type="module" src="/static/js/embed.js?v=' in page
    plain = (project.public / "2024/05/tin-khong-co-video/index.html").read_text(encoding="utf-8")
    assert "embeds.css" not in plain and "embed.js" not in plain
    assert "embed.js" in (project.public / "lien-he/index.html").read_text(encoding="utf-8")
    assert (project.public / "static/js/embed.js").is_file() and (project.public / "static/css/embeds.css").is_file()


def test_feeds_carry_a_plain_link_with_the_title(project: Project) -> None:
    project.add("2024/a.md", article(title="Khai mạc kỳ họp", date="2024-05-02 08:00", body=EMBED_BODY))
    Builder(project.config()).build()
    feed = html.unescape((project.public / "feed.xml").read_text(encoding="utf-8"))
    assert f'<p><a href="{WATCH}">Toàn cảnh phiên khai mạc</a></p>' in feed
    assert f'<p><a href="{MAPS_EMBED}">Bản đồ Google</a></p>' in feed
    for absent in ("data-embed-src", "<button", "embed-box", "youtube-nocookie"):
        assert absent not in feed
    assert for_feed("<p>Không có video.</p>") == "<p>Không có video.</p>"


def test_the_title_is_searchable_and_the_address_is_not() -> None:
    text = plain_text(render(f"[Lễ khánh thành cầu Bến Thủy](https://youtu.be/{VIDEO})").html)
    assert "Lễ khánh thành cầu Bến Thủy" in text
    assert VIDEO not in text and "youtu" not in text.replace("YouTube", "")


def test_builds_are_byte_identical_and_incremental_equals_clean(tmp_path: Path) -> None:
    def site(name: str) -> Project:
        project = Project(tmp_path / name)
        project.add("2024/a.md", article(title="Khai mạc kỳ họp", date="2024-05-02 08:00", body="Chưa có video."))
        project.add("2024/b.md", article(title="Tin khác", date="2024-05-01 08:00", body=f"https://youtu.be/{VIDEO}"))
        return project

    def files(folder: Path) -> dict[str, bytes]:
        """The site's files; search/ is a base plus a delta after an edit by design (see test_build.py)."""
        return {rel: p.read_bytes() for p in sorted(folder.rglob("*"))
                if p.is_file() and not (rel := p.relative_to(folder).as_posix()).startswith("search/")}

    incremental, clean = site("incremental"), site("clean")
    builder = Builder(incremental.config())
    builder.build()
    for project in (incremental, clean):
        project.add("2024/a.md", article(title="Khai mạc kỳ họp", date="2024-05-02 08:00", body=EMBED_BODY))
    builder.build()
    Builder(clean.config()).build()
    assert files(incremental.public) == files(clean.public)
    again = tmp_path / "again"
    shutil.copytree(clean.root, again, ignore=shutil.ignore_patterns("public", ".tintuc-cache"))
    Builder(Project(again, keep_config=True).config()).build()
    assert files(again / "public") == files(clean.public)


# --- embed.js accepts exactly what the generator makes ----------------------------------------------

def test_embed_js_patterns_agree_with_the_generator(tmp_path: Path) -> None:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    made = [e.src for line in (f"https://youtu.be/{VIDEO}?t=75", WATCH, FB_PAGE, "https://fb.watch/aB3_dE-9x/",
                               MAPS_EMBED, "https://www.google.com/maps/place/Ch%E1%BB%A3/@21.0,105.8,14z")
            if isinstance(e := parse_address(line), Embed)]
    refused = ["https://www.youtube.com/embed/" + VIDEO, NOCOOKIE + "&x=1", "javascript:alert(1)//" + NOCOOKIE,
               "https://www.google.com/maps?q=x&output=embed&callback=y", "https://evil.example/" + NOCOOKIE]
    script = tmp_path / "check.mjs"
    script.write_text(
        f'import {{ providerOf }} from {json.dumps((REPO / "themes/default/static/js/embed.js").as_uri())};\n'
        'const addresses = JSON.parse(process.argv[2]);\n'
        'console.log(JSON.stringify(addresses.map(providerOf)));\n', encoding="utf-8")
    result = subprocess.run([node, str(script), json.dumps(made + refused)], capture_output=True, text=True,
                            check=True, timeout=60)
    providers = json.loads(result.stdout)
    assert providers == ["youtube", "youtube", "facebook", "facebook", "google_maps", "google_maps"] + [None] * 5


# --- in Chromium: nothing from the provider before the click ----------------------------------------

def test_no_third_party_request_before_the_click(project: Project, browser) -> None:  # type: ignore[no-untyped-def]
    project.add("2024/a.md", article(title="Khai mạc kỳ họp", date="2024-05-02 08:00", body=EMBED_BODY))
    Builder(project.config()).build()
    with served(project.public) as root:
        page = browser.new_page(viewport={"width": 320, "height": 800})
        requests: list[str] = []
        page.on("request", lambda request: requests.append(request.url))
        # No network here: anything not for the local server is aborted (and still recorded above).
        page.route(lambda url: not url.startswith("http://127.0.0.1:"), lambda route: route.abort())
        page.goto(root + PAGE.removesuffix("index.html"))
        page.wait_for_load_state("networkidle")
        assert page.locator("figure.embed").count() == 2
        assert [url for url in requests if not url.startswith("http://127.0.0.1:")] == []
        assert any(url.split("?")[0].endswith("/static/js/embed.js") for url in requests)
        play = page.get_by_role("button", name="Phát video: Toàn cảnh phiên khai mạc")
        box = play.bounding_box()
        assert box is not None and box["width"] <= 320 and abs(box["width"] / box["height"] - 16 / 9) < 0.05
        play.focus()
        page.keyboard.press("Enter")  # a real button: the keyboard works as the mouse does
        frame = page.locator("figure.embed-youtube iframe")
        frame.wait_for(state="attached")
        assert frame.get_attribute("src") == NOCOOKIE
        assert frame.get_attribute("title") == "Toàn cảnh phiên khai mạc"
        assert frame.get_attribute("referrerpolicy") == "strict-origin-when-cross-origin"
        assert "allow-scripts" in (frame.get_attribute("sandbox") or "")
        assert "autoplay" in (frame.get_attribute("allow") or "")
        assert page.locator("figure.embed-google-maps iframe").count() == 0  # only what was asked for
        assert page.evaluate("document.activeElement.tagName") == "IFRAME"
        page.close()


def test_without_javascript_the_facade_is_a_title_and_a_working_link(project: Project, browser) -> None:  # type: ignore[no-untyped-def]
    project.add("2024/a.md", article(title="Khai mạc kỳ họp", date="2024-05-02 08:00", body=EMBED_BODY))
    Builder(project.config()).build()
    with served(project.public) as root:
        context = browser.new_context(java_script_enabled=False)
        page = context.new_page()
        page.route(lambda url: not url.startswith("http://127.0.0.1:"), lambda route: route.abort())
        page.goto(root + PAGE.removesuffix("index.html"))
        assert not page.locator(".embed-box").first.is_visible()
        assert page.get_by_role("link", name="Xem video trên YouTube").get_attribute("href") == WATCH
        assert page.locator(".embed-title").first.is_visible()
        context.close()
