"""The bundled sample archive, built end to end and inspected as a visitor, a feed reader and a crawler would."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import feedparser
import html5lib
import pytest
import xmlschema
from conftest import Project, article
from PIL import Image
from sitecheck import broken_links, html_pages, is_redirect, jsonld, parse
from tintuc.build import Builder
from tintuc.errors import BuildFailed
from tintuc.markdown_render import copied_name

SCHEMAS = Path(__file__).resolve().parent / "schemas"


def build(project: Project, **changes: object):  # type: ignore[no-untyped-def]
    return Builder(project.config(**changes)).build()


def tree(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Project:
    import shutil

    from conftest import REPO

    root = tmp_path_factory.mktemp("sample")
    shutil.copytree(REPO / "content", root / "content")
    shutil.copytree(REPO / "static", root / "static")
    shutil.copy(REPO / "config.yaml", root / "config.yaml")
    project = Project(root, keep_config=True)
    build(project)
    return project


def test_sample_counts(sample: Project) -> None:
    public = sample.public
    articles = [p for p in html_pages(public) if re.match(r"(\d{4}/\d{2}|undated)/[a-z0-9-]+/index.html$",
                                                           p.relative_to(public).as_posix())]
    assert len(articles) == 5
    assert (public / "gioi-thieu" / "index.html").is_file()
    tags = sorted(p.parent.name for p in (public / "tags").glob("*/index.html"))
    assert "covid-19" in tags and "dak-nong" not in tags and "covid" not in tags  # a place, not a topic
    places = sorted(p.parent.name for p in (public / "dia-phuong").glob("*/index.html"))
    assert places == ["dak-nong", "ha-tinh", "kon-tum", "lang-son", "thai-nguyen"]
    covid = (public / "tags" / "covid-19" / "index.html").read_text(encoding="utf-8")
    assert covid.count("<article") == 5
    assert sorted(p.relative_to(public).as_posix() for p in public.glob("20*/index.html")) == \
        ["2020/index.html", "2021/index.html"]
    assert sorted(p.relative_to(public).as_posix() for p in public.glob("20*/*/index.html")) == \
        ["2020/03/index.html", "2020/04/index.html", "2021/08/index.html"]
    undated = (public / "undated" / "index.html").read_text(encoding="utf-8")
    assert undated.count("<article") == 2
    for name in ("404.html", "feed.xml", "sitemap.xml", "robots.txt", "archives/index.html", "tags/index.html"):
        assert (public / name).is_file(), name


def test_every_page_is_well_formed_html5(sample: Project) -> None:
    parser = html5lib.HTMLParser(strict=True)
    for page in html_pages(sample.public):
        text = page.read_text(encoding="utf-8")
        assert text.startswith("<!doctype html>") or text.lower().startswith("<!doctype html>"), page
        parser.parse(text)  # raises on any parse error
        assert '<html lang="vi"' in text


def test_every_internal_link_and_asset_resolves(sample: Project) -> None:
    assert broken_links(sample.public) == []


def test_pages_have_canonical_and_open_graph(sample: Project) -> None:
    for page in html_pages(sample.public):
        if is_redirect(page):  # its canonical is the article's (tests/test_taxonomies.py)
            continue
        found = parse(page)
        rel = page.relative_to(sample.public).as_posix()
        expected = "https://" if False else "http://127.0.0.1:8000/"
        assert found.canonical and found.canonical.startswith(expected), rel
        if rel != "404.html":
            assert found.canonical == expected + rel.removesuffix("index.html"), rel
        for key in ("og:title", "og:type", "og:url", "og:site_name", "description"):
            assert key in found.meta, (rel, key)


def test_articles_carry_news_article_json_ld(sample: Project) -> None:
    page = next(sample.public.glob("2020/03/*/index.html"))
    [data] = jsonld(page)
    assert data["@type"] == "NewsArticle"
    assert data["headline"].startswith("Hội nghị trực tuyến công tác phòng, chống dịch COVID-19")
    assert data["datePublished"] == "2020-03-31T16:58:00+07:00"
    assert data["dateModified"] == "2020-03-31T16:58:00+07:00"
    assert data["author"] == {"@type": "Person", "name": "Công Sơn"}
    assert data["publisher"]["name"] and data["publisher"]["@type"] == "GovernmentOrganization"
    assert "Covid-19" in data["keywords"] and "Thái Nguyên" not in data["keywords"]  # provinces: a place
    assert data["articleSection"] == ["Tin hoạt động"]
    assert data["image"][0].startswith("http://127.0.0.1:8000/2020/03/")
    text = page.read_text(encoding="utf-8")
    assert "Thứ Ba, 31/03/2020 16:58" in text


def test_feeds_parse_without_bozo_and_leave_undated_out(sample: Project) -> None:
    feeds = [sample.public / "feed.xml", *sorted((sample.public / "tags").glob("*/feed.xml"))]
    assert len(feeds) > 5
    for path in feeds:
        parsed = feedparser.parse(path.read_bytes())
        assert parsed.bozo == 0, (path, parsed.get("bozo_exception"))
    site = feedparser.parse((sample.public / "feed.xml").read_bytes())
    assert [e.link.split("/")[3:5] for e in site.entries] == [["2021", "08"], ["2020", "04"], ["2020", "03"]]
    covid = feedparser.parse((sample.public / "tags" / "covid-19" / "feed.xml").read_bytes())
    assert len(covid.entries) == 3  # five articles in the tag, two of them undated
    assert all("undated" not in e.link for e in covid.entries)


def test_sitemap_validates_and_lists_every_page(sample: Project) -> None:
    schema = xmlschema.XMLSchema(SCHEMAS / "sitemap.xsd")
    sitemap = sample.public / "sitemap.xml"
    schema.validate(str(sitemap))
    locs = re.findall(r"<loc>(.*?)</loc>", sitemap.read_text(encoding="utf-8"))
    pages = {"http://127.0.0.1:8000/" + p.relative_to(sample.public).as_posix().removesuffix("index.html")
             for p in html_pages(sample.public)
             if p.name != "404.html" and p.parent.name != "search" and not is_redirect(p)}  # all noindex
    assert set(locs) == pages
    assert "<lastmod>2020-03-31T16:58:00+07:00</lastmod>" in sitemap.read_text(encoding="utf-8")
    robots = (sample.public / "robots.txt").read_text(encoding="utf-8")
    assert "Sitemap: http://127.0.0.1:8000/sitemap.xml" in robots


def test_images_are_copied_beside_their_pages(sample: Project) -> None:
    page = next(sample.public.glob("2020/03/*/index.html"))
    name = copied_name("../images/anh-khong-con-luu.svg")  # from a sub-folder: its name carries a path hash
    assert name.startswith("anh-khong-con-luu-") and name.endswith(".svg")
    assert (page.parent / name).is_file()
    assert name in page.read_text(encoding="utf-8")


def test_two_builds_are_byte_identical(sample: Project, tmp_path: Path) -> None:
    import dataclasses

    first, second = tmp_path / "one", tmp_path / "two"
    for out, cache in ((first, tmp_path / "c1"), (second, tmp_path / "c2")):
        config = sample.config()
        paths = dataclasses.replace(config.paths, output=out, cache=cache)
        Builder(dataclasses.replace(config, paths=paths), jobs=1).build()
    assert tree(first) == tree(second)


def test_subpath_base_url_keeps_every_link_inside(sample: Project, tmp_path: Path) -> None:
    import dataclasses

    config = sample.config(base_url="https://so-y-te.example.gov.vn/tin-tuc/")
    out = tmp_path / "sub"
    config = dataclasses.replace(config, paths=dataclasses.replace(config.paths, output=out,
                                                                   cache=tmp_path / "cache"))
    Builder(config).build()
    assert broken_links(out, "/tin-tuc/") == []
    home = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="/tin-tuc/static/css/style.css' in home
    assert re.search(r'href="/(?!tin-tuc/)', home) is None
    assert "https://so-y-te.example.gov.vn/tin-tuc/sitemap.xml" in (out / "robots.txt").read_text()


def test_failed_build_leaves_previous_output_untouched(project: Project) -> None:
    project.add("a.md", article(title="Bài tốt"))
    build(project)
    before = tree(project.public)
    project.add("b.md", article(title="Bài lỗi", date="ngày mai"))
    project.add("c.md", "---\ntitle: [\n---\n")
    with pytest.raises(BuildFailed) as caught:
        build(project)
    assert len([p for p in caught.value.problems if p.is_error]) == 2
    assert tree(project.public) == before
    assert not any(p.name.startswith(".public.") for p in project.root.iterdir())


def test_rebuild_renders_only_what_changed(project: Project) -> None:
    for day in range(1, 6):
        project.add(f"{day}.md", article(title=f"Bài {day}", date=f"2021-08-0{day}", tags="[Covid-19]"))
    project.add("x.md", article(title="Khác", date="2019-01-01", tags="[Bầu cử]"))
    first = build(project)
    assert first.rendered == first.pages
    again = build(project)
    assert again.rendered == 0
    path = project.root / "content" / "3.md"
    path.write_text(path.read_text(encoding="utf-8").replace("Nội dung bài.", "Nội dung đã sửa."), "utf-8")
    edited = build(project)
    assert 0 < edited.rendered < first.pages
    page = project.public / "2021" / "08" / "bai-3" / "index.html"
    assert "Nội dung đã sửa." in page.read_text(encoding="utf-8")
    untouched = project.public / "2019" / "01" / "khac" / "index.html"
    assert untouched.is_file()


def test_titles_and_bodies_are_escaped(project: Project) -> None:
    project.add("a.md", article(title="'<img src=x onerror=alert(1)>'", tags="['<b>x</b>']"))
    build(project)
    page = next(project.public.glob("2021/08/*/index.html")).read_text(encoding="utf-8")
    assert "<img src=x onerror" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "<b>x</b>" not in page
    for data in jsonld(next(project.public.glob("2021/08/*/index.html"))):
        assert data["headline"] == "<img src=x onerror=alert(1)>"


def _archive(project: Project, count: int) -> None:
    for n in range(count):
        date = f"2021-{1 + n % 12:02d}-{1 + n % 28:02d} 08:{n % 60:02d}"
        project.add(f"{n:03d}.md", article(title=f"Tin số {n}", date=date, tags=f"[Chủ đề {n % 5}]"))


def test_small_edit_is_written_in_place_and_a_deleted_article_disappears(project: Project) -> None:
    _archive(project, 60)
    Builder(project.config()).build()
    log: list[str] = []
    target = project.root / "content" / "017.md"
    # A new last paragraph: the summary (first paragraph), title and tags stay, so lists and
    # neighbours do not change; only the article's page (and the feeds holding it) are redone.
    target.write_text(target.read_text(encoding="utf-8") + "\nĐoạn bổ sung.\n", "utf-8")
    result = Builder(project.config(), log=log.append).build()
    assert any("in place" in line for line in log), log
    page = next(project.public.glob("2021/*/tin-so-17/index.html"))
    assert "Đoạn bổ sung." in page.read_text(encoding="utf-8")
    assert result.rendered == 2  # the article, and the search page (its manifest changed)

    gone_folder = page.parent
    target.unlink()
    Builder(project.config()).build()
    assert not gone_folder.exists()
    assert broken_links(project.public) == []
    assert not any(p.name.startswith(".public.") for p in project.root.iterdir())


def test_an_interrupted_commit_is_finished_by_the_next_build(project: Project) -> None:
    import json

    _archive(project, 10)
    build(project)
    staging = project.root / ".public.staging"
    (staging / "2021").mkdir(parents=True)
    (staging / "2021" / "moi.html").write_text("mới", encoding="utf-8")
    (staging / ".tintuc-commit").write_text(json.dumps({"files": ["2021/moi.html"], "removed": ["robots.txt"]}))
    from tintuc.output import recover

    assert recover(project.public) is True
    assert (project.public / "2021" / "moi.html").read_text(encoding="utf-8") == "mới"
    assert not (project.public / "robots.txt").exists() and not staging.exists()
    # The manifest no longer matches the folder, so the next build rebuilds it whole and exact.
    staging.mkdir()
    (staging / ".tintuc-commit").write_text(json.dumps({"files": [], "removed": ["robots.txt"]}))
    build(project)
    assert (project.public / "robots.txt").is_file() and not (project.public / "2021" / "moi.html").exists()
    assert broken_links(project.public) == []


def test_a_staging_folder_without_journal_is_discarded(project: Project) -> None:
    _archive(project, 3)
    build(project)
    staging = project.root / ".public.staging"
    staging.mkdir()
    (staging / ".tintuc").write_text("{}")  # what a stopped build leaves: a staging folder writes its marker first
    (staging / "half.html").write_text("x")
    build(project)
    assert not staging.exists() and not (project.public / "half.html").exists()


def test_a_theme_overrides_the_default_file_by_file(project: Project) -> None:
    project.add("a.md", article(title="Bài một"))
    theme = project.root / "themes" / "cong-thong-tin"
    (theme / "templates").mkdir(parents=True)
    (theme / "i18n").mkdir()
    (theme / "static" / "css").mkdir(parents=True)
    (theme / "templates" / "404.html").write_text(
        '{% extends "base.html" %}{% block content %}<p>Trang riêng của chủ đề</p>{% endblock %}', encoding="utf-8")
    (theme / "i18n" / "vi.yaml").write_text("latest: Tin tức mới nhất\n", encoding="utf-8")
    (theme / "static" / "css" / "them.css").write_text("body{}", encoding="utf-8")
    project.write_config("title: Thử nghiệm\ntheme: cong-thong-tin\n")
    build(project)
    assert "Trang riêng của chủ đề" in (project.public / "404.html").read_text(encoding="utf-8")
    home = (project.public / "index.html").read_text(encoding="utf-8")
    assert "Tin tức mới nhất" in home and "Chủ đề" in home  # overridden string, and a default one
    assert (project.public / "static" / "css" / "them.css").is_file()
    assert (project.public / "static" / "css" / "style.css").is_file()  # the default asset falls back


def test_tintuc_installed_elsewhere_renders_nothing_again(project: Project, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """Page fingerprints do not hold where the theme is: the same tintuc in a new environment (CI's runner with
    a newer Python, a virtualenv made again) has its built-in theme at another path, and must not render the
    whole site again for that. A change of the theme's files still does."""
    import shutil

    from tintuc import theme

    _archive(project, 3)
    build(project)
    elsewhere = tmp_path / "moi-truong-khac" / "themes"
    shutil.copytree(theme.BUILTIN_THEMES, elsewhere)
    monkeypatch.setattr(theme, "BUILTIN_THEMES", elsewhere)
    assert build(project).rendered == 0
    with (elsewhere / "default" / "templates" / "404.html").open("a", encoding="utf-8") as template:
        template.write("\n")
    assert build(project).rendered > 0


def test_a_long_lived_builder_sees_an_edited_template(project: Project) -> None:
    """Templates are compiled once per builder (render.CompiledTemplates), keyed by their source."""
    project.add("a.md", article(title="Bài một"))
    theme = project.root / "themes" / "rieng" / "templates"
    theme.mkdir(parents=True)
    project.write_config("title: Thử nghiệm\ntheme: rieng\n")
    template = '{% extends "base.html" %}{% block content %}<p>Lời chào số NUMBER</p>{% endblock %}'
    (theme / "404.html").write_text(template.replace("NUMBER", "1"), encoding="utf-8")
    builder = Builder(project.config())
    builder.build()
    assert "Lời chào số 1" in (project.public / "404.html").read_text(encoding="utf-8")
    (theme / "404.html").write_text(template.replace("NUMBER", "2"), encoding="utf-8")
    builder.build()
    assert "Lời chào số 2" in (project.public / "404.html").read_text(encoding="utf-8")


def test_english_interface(project: Project) -> None:
    project.add("a.md", article(date="2020-03-31 16:58"))
    project.write_config("title: Health news\nlanguage: en\n")
    build(project)
    page = next(project.public.glob("2020/03/*/index.html")).read_text(encoding="utf-8")
    assert '<html lang="en"' in page and "Tuesday, 31/03/2020 16:58" in page


def test_paginated_lists_link_prev_and_next(project: Project) -> None:
    _archive(project, 25)
    build(project)
    second = (project.public / "page" / "2" / "index.html").read_text(encoding="utf-8")
    assert '<link rel="prev" href="/">' in second and '<link rel="next" href="/page/3/">' in second
    assert 'rel="next"' not in (project.public / "page" / "3" / "index.html").read_text(encoding="utf-8").split(
        "</head>")[0]
    assert broken_links(project.public) == []


def _clean_build(project: Project, tmp_path: Path) -> Path:
    """The same site built from nothing into tmp_path/clean (its own cache); returns that output folder."""
    import dataclasses

    clean = dataclasses.replace(project.config(), paths=dataclasses.replace(
        project.config().paths, output=tmp_path / "clean", cache=tmp_path / "clean-cache"))
    Builder(clean).build()
    return tmp_path / "clean"


def _pages(root: Path) -> dict[str, str]:
    """Every output file's digest but the compiled search index's (a base and a delta after edits)."""
    return {rel: digest for rel, digest in tree(root).items() if not rel.startswith("search/")}


def test_edits_through_a_long_lived_builder_match_a_clean_build(project: Project, tmp_path: Path) -> None:
    _archive(project, 40)
    log: list[str] = []
    builder = Builder(project.config(), log=log.append)
    builder.build()
    body_only = project.root / "content" / "005.md"
    body_only.write_text(body_only.read_text(encoding="utf-8") + "\nĐoạn cuối mới.\n", encoding="utf-8")
    result = builder.build()
    assert any(line.startswith("edit in place") for line in log) and result.rendered == 2  # and search/
    assert result.pages == len(list(project.public.rglob("*.html")))
    retitled = project.root / "content" / "007.md"
    retitled.write_text(retitled.read_text(encoding="utf-8").replace("Tin số 7", "Tin số bảy"), encoding="utf-8")
    log.clear()
    builder.build()
    assert not any(line.startswith("edit in place") for line in log)  # lists show titles: full path
    assert _pages(project.public) == _pages(_clean_build(project, tmp_path))
    # The compiled search index is a base plus a delta after edits, a single base after a clean build
    # (by design: generator/search/stage.py), and Whoosh still counts replaced documents in its
    # statistics until it merges them. Both must find the same articles.
    from tintuc.search.searcher import search

    for text in ("tin số", "bảy", "đoạn cuối mới", "nội dung"):
        found = [{h.url for h in search(cache / "search" / "whoosh", text, limit=None).hits}
                 for cache in (project.root / ".tintuc-cache", tmp_path / "clean-cache")]
        assert found[0] == found[1] and found[0], text


def test_many_edits_in_place_one_after_another_match_a_clean_build(project: Project, tmp_path: Path) -> None:
    """The edit fast path shares the neighbour and related maps between builds (patch.swapped): after edits
    of neighbouring articles and of articles under the same tags, pages and feeds are a clean build's."""
    _archive(project, 30)
    log: list[str] = []
    builder = Builder(project.config(), log=log.append)
    builder.build()
    site = builder._last[0]
    first = site.articles[10]
    chain = [first, site.neighbours[first.path][0], site.neighbours[first.path][1], site.articles[3], first]
    for n, edited in enumerate(chain):
        source = edited.source
        source.write_text(source.read_text(encoding="utf-8") + f"\nĐoạn thêm số {n}.\n", encoding="utf-8")
        log.clear()
        builder.build(changed={str(source)})
        assert any(line.startswith("edit in place") for line in log), (n, log)
    assert _pages(project.public) == _pages(_clean_build(project, tmp_path))
    feeds = [p for p in project.public.rglob("*.xml") if "Đoạn thêm số 4." in p.read_text(encoding="utf-8")]
    assert len(feeds) >= 2  # the site's feed and its tag's


def test_documents_an_article_links_to_are_published_beside_it(project: Project) -> None:
    """Issue 15: a PDF or Word file next to the article is copied with it, and the link is not broken;
    names with accents and spaces are percent-encoded in the page (valid HTML), the file keeps its name."""
    project.add("2021/hoi-nghi.md", article(title="Hội nghị", body="""
        Tải về: [Quyết định](Quyết định 12.pdf), [kế hoạch](tai-lieu/ke-hoach.docx#trang-2),
        ![Ảnh](Ảnh hội nghị 01.JPG) và [bảng](bang.XLSX).
        """))
    folder = project.root / "content" / "2021"
    (folder / "Quyết định 12.pdf").write_bytes(b"%PDF-1.4 thu\n")
    (folder / "tai-lieu").mkdir()
    (folder / "tai-lieu" / "ke-hoach.docx").write_bytes(b"PK docx")
    Image.new("RGB", (120, 80), "teal").save(folder / "Ảnh hội nghị 01.JPG", "JPEG")
    (folder / "bang.XLSX").write_bytes(b"PK xlsx")
    build(project)
    page = project.public / "2021/08/hoi-nghi"
    html = (page / "index.html").read_text(encoding="utf-8")
    assert (page / "Quyết định 12.pdf").read_bytes() == b"%PDF-1.4 thu\n"
    assert 'href="Quy%E1%BA%BFt%20%C4%91%E1%BB%8Bnh%2012.pdf"' in html
    docx = copied_name("tai-lieu/ke-hoach.docx")
    assert (page / docx).is_file() and f'href="{docx}#trang-2"' in html
    assert (page / "bang.XLSX").is_file()
    assert 'src="anh-hoi-nghi-01-120.jpg"' in html and not re.search(r'(src|href)="[^"]* [^"]*"', html)
    assert broken_links(project.public) == []


def test_a_missing_document_is_an_error_at_its_line(project: Project) -> None:
    project.add("2021/hoi-nghi.md", article(title="Hội nghị", body="Đoạn một.\n\n[Quyết định](khong-co.pdf)"))
    with pytest.raises(BuildFailed) as failed:
        build(project)
    [problem] = failed.value.problems
    assert problem.line == 7 and problem.message == "document not found: khong-co.pdf", problem


def test_an_article_lists_its_documents_with_type_and_size(project: Project) -> None:
    """Issue 15: `attachments:` and the body's links to documents make a download list in the site's
    language; the titles are searchable."""
    folder = project.root / "content" / "2021"
    folder.mkdir(parents=True)
    (folder / "qd-12.pdf").write_bytes(b"%PDF" + b"x" * 1_234_000)
    (folder / "ke hoach.docx").write_bytes(b"PK" + b"y" * 350_000)
    project.add("2021/hoi-nghi.md", article(
        title="Hội nghị", attachments='[{file: qd-12.pdf, title: "Quyết định số 12/QĐ-UBND"}]',
        body="Xem [kế hoạch triển khai](ke hoach.docx) và [quyết định](qd-12.pdf)."))
    build(project)
    html = (project.public / "2021/08/hoi-nghi/index.html").read_text(encoding="utf-8")
    downloads = html.split('<section class="downloads"', 1)[1].split("</section>", 1)[0]
    items = re.findall(r'<li><a href="([^"]+)" download>([^<]+)</a> <span class="download-info">\(([^)]+)\)', downloads)
    assert items == [("qd-12.pdf", "Quyết định số 12/QĐ-UBND", "PDF, 1,2 MB"),
                     ("ke%20hoach.docx", "kế hoạch triển khai", "DOCX, 350 kB")]
    assert "<h2 id=\"tai-ve\">Tải về</h2>" in downloads
    from tintuc.search.searcher import search

    hits = search(project.root / ".tintuc-cache" / "search" / "whoosh", "QĐ-UBND").hits
    assert [h.url for h in hits] == ["2021/08/hoi-nghi/"]


def test_a_missing_attachment_is_an_error_at_its_line(project: Project) -> None:
    project.add("2021/hoi-nghi.md", article(title="Hội nghị", attachments="[khong-co.pdf]"))
    with pytest.raises(BuildFailed) as failed:
        build(project)
    [problem] = failed.value.problems
    assert problem.line == 4 and problem.message == "document not found: khong-co.pdf"
