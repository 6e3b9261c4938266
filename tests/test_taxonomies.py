"""Issue 13: taxonomies as configuration, one home for addresses, and addresses that last (aliases)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import pytest
from conftest import REPO, Project, article
from sitecheck import broken_links
from tintuc.build import Builder
from tintuc.errors import BuildFailed

BASE = "title: Sở Y tế\nbase_url: https://example.gov.vn/\n"
PROVINCES = """taxonomies:
  - key: tags
  - key: categories
    name: {vi: Chuyên mục, en: Sections}
    path: chuyen-muc
    per_page: 2
  - key: provinces
    name: {vi: Địa phương, en: Places}
    path: dia-phuong
    feeds: false
    weight: 0
"""
ATOM = "{http://www.w3.org/2005/Atom}"


def tintuc(project: Project, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tintuc", *args], cwd=project.root, capture_output=True,
                          text=True, timeout=120, env={**os.environ, "PYTHONPATH": str(REPO)})


def build(project: Project):  # type: ignore[no-untyped-def]
    return Builder(project.config()).build()


def three_sections(project: Project) -> None:
    project.write_config(BASE + PROVINCES)
    for n, (section, place) in enumerate([("Thông báo", "Lạng Sơn"), ("Thông báo", "Cao Bằng"),
                                          ("Thông báo", "Lạng Sơn"), ("Tin hoạt động", "Hà Giang")]):
        project.add(f"2021/bai-{n}.md", article(title=f"Bài số {n}", date=f"2021-08-0{n + 1} 08:00",
                                                tags="[Tiêm chủng]", categories=f"[{section}]",
                                                provinces=f"[{place}]"))


# --- configuration ------------------------------------------------------------------------------------

BAD_CONFIGS = {
    "not a list": ("taxonomies: tags\n", "'taxonomies' has the wrong form"),
    "key taken by front matter": ("taxonomies:\n  - key: title\n", "not a front-matter field"),
    "key with capitals": ("taxonomies:\n  - key: Tinh\n", "lower-case ASCII"),
    "unknown field": ("taxonomies:\n  - {key: places, feed: true}\n", "'feed'"),
    "path with ..": ("taxonomies:\n  - {key: places, path: ../x}\n", "folder names"),
    "two with one key": ("taxonomies:\n  - key: tags\n  - key: tags\n", "different keys"),
    "two with one path": ("taxonomies:\n  - key: tags\n  - {key: places, path: tags}\n", "different paths"),
    "flag not boolean": ("taxonomies:\n  - {key: places, feeds: 'có'}\n", "'feeds' as true or false"),
    "name of three languages": ("taxonomies:\n  - {key: places, name: {vi: A, fr: B}}\n", "'name'"),
    "taxonomy in the search folder": ("taxonomies:\n  - {key: places, path: search}\n", "both use the folder"),
    "archives over a taxonomy": ("urls: {archives: tags}\n", "both use the folder /tags/"),
    "urls key unknown": ("urls: {tags: chu-de}\n", "unknown key 'tags'"),
    "urls folder with a slash": ("urls: {search: tim/kiem}\n", "one folder name"),
}


@pytest.mark.parametrize(("text", "message"), BAD_CONFIGS.values(), ids=BAD_CONFIGS.keys())
def test_a_wrong_taxonomy_or_address_setting_is_a_located_error(project: Project, text: str, message: str) -> None:
    project.write_config(BASE + text)
    done = tintuc(project, "build")
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    assert message in done.stderr and "config.yaml:3:" in done.stderr, done.stderr


# --- a taxonomy is a config.yaml change ---------------------------------------------------------------


def test_every_taxonomy_gets_its_index_term_pages_and_feeds(project: Project) -> None:
    three_sections(project)
    build(project)
    public = project.public
    index = (public / "chuyen-muc" / "index.html").read_text(encoding="utf-8")
    assert "Chuyên mục" in index and 'href="/chuyen-muc/thong-bao/"' in index
    section = (public / "chuyen-muc" / "thong-bao" / "index.html").read_text(encoding="utf-8")
    assert "Chuyên mục: Thông báo" in section and 'href="/chuyen-muc/"' in section
    assert (public / "chuyen-muc" / "thong-bao" / "page" / "2" / "index.html").is_file()  # per_page: 2
    assert not (public / "chuyen-muc" / "thong-bao" / "page" / "3").exists()
    feed = ElementTree.parse(public / "chuyen-muc" / "thong-bao" / "feed.xml").getroot()
    assert len(feed.findall(f"{ATOM}entry")) == 3
    places = (public / "dia-phuong" / "lang-son" / "index.html").read_text(encoding="utf-8")
    assert "Địa phương: Lạng Sơn" in places and "Bài số 2" in places and "Bài số 1" not in places
    assert not (public / "dia-phuong" / "lang-son" / "feed.xml").exists()  # feeds: false
    assert 'href="/dia-phuong/lang-son/feed.xml"' not in places
    # Each entry of a feed carries every term of the article, as Atom categories.
    entry = ElementTree.parse(public / "feed.xml").getroot().find(f"{ATOM}entry")
    assert entry is not None
    assert {c.get("label") for c in entry.findall(f"{ATOM}category")} == {"Tiêm chủng", "Tin hoạt động",
                                                                            "Hà Giang"}
    sitemap = (public / "sitemap.xml").read_text(encoding="utf-8")
    for path in ("chuyen-muc/", "chuyen-muc/thong-bao/", "dia-phuong/cao-bang/", "tags/tiem-chung/"):
        assert f"<loc>https://example.gov.vn/{path}</loc>" in sitemap
    assert broken_links(public) == []


def test_a_taxonomy_without_pages_shows_no_links_and_writes_nothing(project: Project) -> None:
    project.write_config(BASE + "taxonomies:\n  - key: tags\n  - {key: units, pages: false}\n")
    project.add("2021/a.md", article(title="Bài A", tags="[Y tế]", units="[Phòng Nghiệp vụ]"))
    build(project)
    assert not (project.public / "units").exists()
    assert broken_links(project.public) == []


def test_the_default_site_has_tags_and_categories(project: Project) -> None:
    project.write_config(BASE)
    project.add("2021/a.md", article(title="Bài A", tags="[Y tế]", categories="[Văn bản chỉ đạo]"))
    result = build(project)
    assert not [w for w in result.warnings if "unknown field" in w.message]
    assert (project.public / "categories" / "van-ban-chi-dao" / "index.html").is_file()
    assert (project.public / "categories" / "van-ban-chi-dao" / "feed.xml").is_file()


def test_a_field_named_like_no_taxonomy_is_still_a_typo_warning(project: Project) -> None:
    project.write_config(BASE)
    project.add("2021/a.md", article(title="Bài A", categorys="[Thông báo]"))
    (warning,) = [w for w in build(project).warnings if "unknown field" in w.message]
    assert "'categories'" in warning.hint


def test_related_articles_weigh_each_taxonomy(project: Project) -> None:
    """provinces has weight 0: sharing only a place does not relate two articles; sharing a section does."""
    three_sections(project)
    project.add("2021/rieng.md", article(title="Bài riêng", date="2021-08-09 08:00", provinces="[Lạng Sơn]"))
    build(project)
    page = (project.public / "2021" / "08" / "bai-rieng" / "index.html").read_text(encoding="utf-8")
    assert "bai-lien-quan" not in page
    page = (project.public / "2021" / "08" / "bai-so-0" / "index.html").read_text(encoding="utf-8")
    assert 'href="/2021/08/bai-so-2/"' in page


def test_the_search_filters_by_every_taxonomy(project: Project) -> None:
    three_sections(project)
    assert tintuc(project, "build").returncode == 0
    page = (project.public / "search" / "index.html").read_text(encoding="utf-8")
    assert '<optgroup label="Chuyên mục">' in page and 'value="categories:thong-bao"' in page
    assert 'value="provinces:lang-son"' in page
    done = tintuc(project, "search", "bài", "--tag", "categories:Thông báo", "--json")
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout)
    assert found["total"] == 3 and all(hit["tags"] == ["tiem-chung"] for hit in found["hits"])
    done = tintuc(project, "search", "bài", "--tag", "provinces:Lạng Sơn", "--json")
    assert json.loads(done.stdout)["total"] == 2
    done = tintuc(project, "search", "bài", "--tag", "categories:Không có")
    assert done.returncode == 2 and "no article has this tag" in done.stderr


def test_the_addresses_of_lists_are_configurable(project: Project) -> None:
    project.write_config(BASE + "per_page: 1\nurls: {archives: luu-tru, search: tim-kiem, pagination: trang, "
                                "undated: chua-ro-ngay}\n")
    project.add("2021/a.md", article(title="Bài A", tags="[Y tế]"))
    project.add("2021/b.md", article(title="Bài B", date="2021-08-02 08:00", tags="[Y tế]"))
    project.add("2021/c.md", article(title="Bài C", date="unknown"))
    assert tintuc(project, "build").returncode == 0
    public = project.public
    for path in ("luu-tru/index.html", "tim-kiem/index.html", "trang/2/index.html", "tags/y-te/trang/2/index.html",
                 "chua-ro-ngay/index.html", "chua-ro-ngay/bai-c/index.html"):
        assert (public / path).is_file(), path
    for path in ("archives", "search", "page", "undated"):
        assert not (public / path).exists(), path
    assert broken_links(public) == []
    assert tintuc(project, "check").returncode == 0


# --- an address taken twice is an error at the line that takes it --------------------------------------

COLLISIONS = {
    "article titled Tags under /{slug}/": ("permalink: /{slug}/\n", "2021/tags.md", article(title="Tags"),
                                           "tags/", "tags.html"),
    "article slug is a year": ("permalink: /{slug}/\n", "2021/nam.md", article(title="Năm", slug="2021"),
                               "2021/", "year.html"),
    "article named like the search page": ("permalink: /{slug}/\n", "2021/tim.md", article(title="Search"),
                                           "search/", "search.html"),
    "article named like a section": ("permalink: /{slug}/\ntaxonomies:\n  - {key: categories, path: thong-bao}\n",
                                     "2021/tb.md", article(title="Thông báo", categories="[Y tế]"),
                                     "thong-bao/", "tags.html"),
}


@pytest.mark.parametrize(("config", "rel", "text", "address", "other"), COLLISIONS.values(), ids=COLLISIONS.keys())
def test_an_article_on_a_generated_address_is_an_error(project: Project, config: str, rel: str, text: str,
                                                       address: str, other: str) -> None:
    project.write_config(BASE + config)
    project.add(rel, text)
    project.add("2021/khac.md", article(title="Bài khác", date="2021-08-02 08:00"))
    done = tintuc(project, "check")
    assert done.returncode == 1, done.stdout + done.stderr
    output = done.stdout + done.stderr
    line = 4 if "slug:" in text else 2  # the slug's line, else the title's
    assert f"{rel}:{line}: the address /{address} is also a page the site makes ({other})" in output, output
    assert "slug" in output
    built = tintuc(project, "build")
    assert built.returncode == 1 and not project.public.exists()


# --- aliases: addresses that last ----------------------------------------------------------------------


def test_each_alias_is_a_redirect_page_and_a_line_of_redirects(project: Project) -> None:
    project.add("2021/a.md", article(title="Hội nghị <tổng kết> & khen thưởng",
                                     aliases="[/tin-tuc/hoi-nghi-123.html, /2019/05/ten-cu/, '/Pages/tin.aspx', "
                                             "'/h%E1%BB%99i-ngh%E1%BB%8B/']"))
    assert tintuc(project, "build").returncode == 0
    public = project.public
    target = "https://example.gov.vn/2021/08/hoi-nghi-tong-ket-khen-thuong/"
    for file in ("tin-tuc/hoi-nghi-123.html", "2019/05/ten-cu/index.html", "Pages/tin.aspx/index.html",
                 "hội-nghị/index.html"):
        page = (public / file).read_text(encoding="utf-8")
        assert f'<link rel="canonical" href="{target}">' in page, file
        assert f'<meta http-equiv="refresh" content="0; url={target}">' in page
        assert f'<a href="{target}">Hội nghị &lt;tổng kết&gt; &amp; khen thưởng</a>' in page
        assert '<meta name="robots" content="noindex">' in page
    lines = (public / "_redirects").read_text(encoding="utf-8").splitlines()
    assert "/tin-tuc/hoi-nghi-123.html /2021/08/hoi-nghi-tong-ket-khen-thuong/ 301" in lines
    assert "/h%E1%BB%99i-ngh%E1%BB%8B/ /2021/08/hoi-nghi-tong-ket-khen-thuong/ 301" in lines and len(lines) == 4
    sitemap = (public / "sitemap.xml").read_text(encoding="utf-8")
    assert "tin-tuc" not in sitemap and "ten-cu" not in sitemap  # only the real address is listed
    assert tintuc(project, "check").returncode == 0


def test_aliases_are_redirected_under_a_base_path(project: Project) -> None:
    project.write_config("title: Sở Y tế\nbase_url: https://example.gov.vn/tin-tuc/\n")
    project.add("2021/a.md", article(title="Bài A", aliases="[/bai-cu.html]"))
    build(project)
    redirects = (project.public / "_redirects").read_text(encoding="utf-8")
    assert redirects == "/tin-tuc/bai-cu.html /tin-tuc/2021/08/bai-a/ 301\n"
    assert 'url=https://example.gov.vn/tin-tuc/2021/08/bai-a/"' in (project.public / "bai-cu.html").read_text(
        encoding="utf-8")


def test_no_aliases_no_redirects_file(project: Project) -> None:
    project.add("2021/a.md", article(title="Bài A"))
    build(project)
    assert not (project.public / "_redirects").exists()


BAD_ALIASES = {
    "query string": ("['/tin.aspx?id=12']", "query string"),
    "full address": ("['https://cu.example.gov.vn/tin/1']", "full address"),
    "outside the site": ("['/../../etc/x.html']", "not a path"),
    "not a list of text": ("[{a: 1}]", "must be a list"),
    "an alias on another article": ("['/2021/08/bai-b/']", "is also the address of 2021/b.md"),
    "an alias on a list page": ("['/tags/']", "is also a page the site makes (tags.html)"),
}


@pytest.mark.parametrize(("aliases", "message"), BAD_ALIASES.values(), ids=BAD_ALIASES.keys())
def test_a_wrong_alias_is_a_located_error(project: Project, aliases: str, message: str) -> None:
    project.add("2021/a.md", article(title="Bài A", aliases=aliases))
    project.add("2021/b.md", article(title="Bài B", date="2021-08-02 08:00"))
    with pytest.raises(BuildFailed) as failed:
        build(project)
    (problem,) = failed.value.problems
    assert problem.path.name == "a.md" and problem.line == 4 and message in problem.message, problem.message


def test_two_articles_with_one_alias_are_both_named(project: Project) -> None:
    project.add("2021/a.md", article(title="Bài A", aliases="[/bai-cu/]"))
    project.add("2021/b.md", article(title="Bài B", date="2021-08-02 08:00", aliases="[/bai-cu/]"))
    with pytest.raises(BuildFailed) as failed:
        build(project)
    assert sorted(p.path.name for p in failed.value.problems) == ["a.md", "b.md"]
    assert all("the alias /bai-cu/ is also an alias of" in p.message for p in failed.value.problems)


def test_an_alias_survives_the_edit_fast_path(project: Project) -> None:
    """An edit that adds an alias changes files beyond the article's page: the build must see it."""
    path = project.add("2021/a.md", article(title="Bài A"))
    builder = Builder(project.config())
    builder.build()
    path.write_text(article(title="Bài A", aliases="[/bai-cu/]"), encoding="utf-8")
    builder.build()
    builder.close()
    assert (project.public / "bai-cu" / "index.html").is_file()
    assert (project.public / "_redirects").is_file()


def test_the_cache_keeps_terms_and_aliases(project: Project) -> None:
    three_sections(project)
    project.add("2021/a.md", article(title="Bài A", date="2021-07-01 08:00", aliases="[/cu/]", featured="true"))
    build(project)
    before = {p.relative_to(project.public): p.read_bytes() for p in project.public.rglob("*") if p.is_file()}
    Path(project.public / "chuyen-muc" / "thong-bao" / "index.html").unlink()  # made again from the cache
    build(project)
    after = {p.relative_to(project.public): p.read_bytes() for p in project.public.rglob("*") if p.is_file()}
    assert after == before


# --- the front page of a news portal -------------------------------------------------------------------


def _front(project: Project) -> str:
    build(project)
    return (project.public / "index.html").read_text(encoding="utf-8")


def test_the_front_page_leads_with_the_featured_story_then_each_section(project: Project) -> None:
    three_sections(project)
    project.add("2021/noi-bat.md", article(title="Tin nổi bật cũ", date="2021-07-01 08:00", featured="true"))
    page = _front(project)
    assert 'id="tin-noi-bat" class="featured-title"><a href="/2021/07/tin-noi-bat-cu/">' in page
    sections = page.split('<div class="sections">', 1)[1]
    # Sections by size; each lists its newest articles and links to its page.
    assert sections.index('href="/chuyen-muc/thong-bao/">Thông báo') < sections.index(
        'href="/chuyen-muc/tin-hoat-dong/">Tin hoạt động')
    assert sections.index("Bài số 2") < sections.index("Bài số 1") < sections.index("Bài số 0")


def test_without_a_featured_story_the_newest_with_an_image_leads(project: Project) -> None:
    project.add("2021/anh.md", article(title="Bài có ảnh", date="2021-08-01 08:00",
                                       image="https://example.gov.vn/anh.jpg"))
    project.add("2021/moi.md", article(title="Bài mới không ảnh", date="2021-08-05 08:00"))
    page = _front(project)
    assert 'class="featured-title"><a href="/2021/08/bai-co-anh/">' in page
    assert '<div class="sections">' not in page  # no categories, no section blocks


def test_no_image_and_no_flag_no_lead(project: Project) -> None:
    project.add("2021/moi.md", article(title="Bài mới không ảnh"))
    assert "featured-title" not in _front(project)


def test_every_page_has_the_section_bar_and_it_marks_the_current_section(project: Project) -> None:
    three_sections(project)
    build(project)

    def bar(rel: str) -> str:
        page = (project.public / rel).read_text(encoding="utf-8")
        return page.split('<nav class="section-bar" aria-label="Chuyên mục">', 1)[1].split("</nav>", 1)[0]

    home = bar("index.html")
    # Most used first, each linked to its section's page; outside the one-row header.
    assert home.index('href="/chuyen-muc/thong-bao/">Thông báo') < home.index(
        'href="/chuyen-muc/tin-hoat-dong/">Tin hoạt động')
    assert "aria-current" not in home
    assert bar("2021/08/bai-so-0/index.html") == home
    assert 'href="/chuyen-muc/thong-bao/" aria-current="page">Thông báo' in bar("chuyen-muc/thong-bao/index.html")
    page = (project.public / "index.html").read_text(encoding="utf-8")
    assert page.index("</header>") < page.index('class="section-bar"') < page.index("<main")


def test_a_site_without_sections_has_no_section_bar(project: Project) -> None:
    project.add("2021/moi.md", article(title="Bài mới", tags="[Tiêm chủng]"))
    assert "section-bar" not in _front(project)
