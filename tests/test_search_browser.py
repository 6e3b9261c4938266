"""Search in a real browser: Debian's Chromium, headless, driven by Playwright.

One ranking, two places: the same queries run through `tintuc search --json` (Whoosh) and through
the page's engine (search-engine.js on the compiled JSON), on the sample archive and on a
1,000-article synthetic one, before and after an incremental build; the top ten must be the same
URLs in the same order with scores equal within 1e-6. Then the page itself: typing, accents,
NFD, phrases, filters, sorting, highlighting, the address and Back, escaping, no JavaScript.
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import json
import shutil
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from playwright.sync_api import Browser, Page
from tintuc.build import Builder
from tintuc.cli import main
from tintuc.config import load_config

from tests.conftest import REPO, Project, article, served


def build(root: Path) -> Path:
    config = load_config(root / "config.yaml")
    Builder(config, jobs=2).build()
    return config.paths.output


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    root = tmp_path_factory.mktemp("sample")
    shutil.copytree(REPO / "content", root / "content")
    shutil.copytree(REPO / "static", root / "static")
    shutil.copy(REPO / "config.yaml", root / "config.yaml")
    with served(build(root)) as url:
        yield root, url


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    spec = importlib.util.spec_from_file_location("generate", REPO / "benchmarks" / "generate.py")
    generate = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(generate)  # type: ignore[union-attr]
    root = tmp_path_factory.mktemp("synthetic") / "site"
    generate.generate(root, 1000, 1)
    with served(build(root)) as url:
        yield root, url


def cli_search(root: Path, text: str, **options: object) -> dict:
    argv = ["search", text, "--json", "--config", str(root / "config.yaml")]
    for name, value in options.items():
        argv += [f"--{name}", str(value)]
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(argv)
    assert code in (0, 1)
    return json.loads(out.getvalue())


def open_search(browser: Browser, url: str, query: str = "") -> tuple[Page, list[str]]:
    page = browser.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type in ("error", "warning")
            else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.goto(url + "search/" + (f"?q={quote(query)}" if query else ""))
    if query:
        page.wait_for_selector("body[data-search-done]")
    return page, problems


ENGINE = """async ([text, options]) => {
  const engine = await import(new URL("static/js/search-engine.js", document.baseURI.replace(/search\\/.*$/, "")));
  const manifest = document.getElementById("search-form").dataset.manifest;
  const index = new engine.SearchIndex(manifest);
  const hits = await index.search(text, options);
  const top = hits.slice(0, 10);
  const rows = await index.documents(top.map((h) => h.id));
  return { total: hits.length, hits: top.map((h) => [rows.get(h.id)[0], h.score]) };
}"""


def assert_same_ranking(page: Page, root: Path, base_path: str, text: str, **options: object) -> int:
    python = cli_search(root, text, **options)
    browser_side = page.evaluate(ENGINE, [text, {k: str(v) for k, v in options.items()}])
    label = f"{text!r} {options}"
    assert browser_side["total"] == python["total"], label
    assert [base_path + u for u, _ in browser_side["hits"]] == [h["url"] for h in python["hits"]], label
    for (_, score), hit in zip(browser_side["hits"], python["hits"], strict=True):
        assert score == pytest.approx(hit["score"], rel=1e-6), label
    return python["total"]


SAMPLE_QUERIES = ["hội nghị", "hoi nghi", "HỘI NGHỊ", unicodedata.normalize("NFD", "hội nghị trực tuyến"),
                  "covid 19", "COVID-19", "đại biểu", "dai bieu", "bản ", "ban ", "phòng chống dịch", "y tế",
                  '"hội nghị trực tuyến"', '"hoi nghi truc tuyen"', "tiêm chủng vắc", "triển kha", "xyzzy",
                  "hoà", "hòa", "sở y tế kon tum", '"chống dịch" tỉnh',
                  # Adjacent syllables (issue 17): accented, unaccented, mixed, NFD, with a phrase.
                  "benh an dien tu", "bệnh án điện tử", "bệnh an điện tu",
                  unicodedata.normalize("NFD", "bệnh án điện tử"), "phong chong dich benh", '"y tế" co so',
                  "dien tu ", "cong tac phong chong dich"]


def test_browser_ranks_like_whoosh_on_the_sample(browser: Browser, sample: tuple[Path, str]) -> None:
    root, url = sample
    page, problems = open_search(browser, url)
    found = 0
    for text in SAMPLE_QUERIES:
        found += bool(assert_same_ranking(page, root, "/", text))
    for options in ({"sort": "date"}, {"tag": "covid-19"}, {"year": 2021},
                    {"tag": "provinces:kon-tum", "sort": "date"}):
        assert_same_ranking(page, root, "/", "covid", **options)
    assert found >= len(SAMPLE_QUERIES) - 2  # all but 'xyzzy' (and at most one other) find something
    assert problems == []


SYNTHETIC_QUERIES = ["hội nghị", "hoi nghi", "đại biểu", "dai bieu", "phòng chống dịch", "y tế", "ubnd tỉnh",
                     '"công tác"', '"cong tac phong"', "tiêm chủng", "triển kha", "bầu cử", "bau cu",
                     "kinh tế xã hội", "giao ban", "sở y tế", "người dân", "covid 19 tỉnh", "nâng cao", "chỉ đạo",
                     "dai bieu hoi dong nhan dan", "ban chi dao phong chong dich", "hội nghị trực tuyến toàn tỉnh"]


def test_browser_ranks_like_whoosh_on_1000_articles_before_and_after_edits(
        browser: Browser, synthetic: tuple[Path, str]) -> None:
    root, url = synthetic
    base_path = "/"
    page, problems = open_search(browser, url)
    for text in SYNTHETIC_QUERIES:
        assert_same_ranking(page, root, base_path, text)
    assert_same_ranking(page, root, base_path, "hội nghị", year=2020)
    assert_same_ranking(page, root, base_path, "hội nghị", sort="date")
    tags = json.loads(next((root / "public" / "search").glob("tags.*.json")).read_text(encoding="utf-8"))
    common = max(tags, key=lambda key: len(tags[key]))
    assert_same_ranking(page, root, base_path, "tỉnh", tag=common)

    # An incremental build: articles edited, one deleted, one added; the delta must merge alike, over the
    # several term shards that thirty edited articles make (format 6).
    files = sorted((root / "content").rglob("*.md"))
    for edited in files[10:20] + files[30:50]:
        edited.write_text(edited.read_text(encoding="utf-8") + "\nHội nghị đại biểu bổ sung về tiêm chủng.\n",
                          encoding="utf-8")
    files[20].unlink()
    (root / "content" / "2024" / "moi.md").write_text(article("Hội nghị mới", "2024-06-01 08:00",
                                                              "Đại biểu dự hội nghị tiêm chủng."), encoding="utf-8")
    build(root)
    delta = json.loads(next((root / "public" / "search").glob("delta.*.json")).read_text(encoding="utf-8"))
    assert len(delta["shards"]) >= 3
    page.reload()
    for text in SYNTHETIC_QUERIES[:8] + ["tiêm chủng", "hội nghị mới", "đại biểu bổ sung"]:
        assert_same_ranking(page, root, base_path, text)
    assert problems == []


def test_search_page_finds_highlights_and_keeps_state_in_the_address(browser: Browser,
                                                                     sample: tuple[Path, str]) -> None:
    root, url = sample
    page, problems = open_search(browser, url)
    assert page.evaluate("document.activeElement.id") == "search-q"
    assert page.get_by_label(page.locator("label[for=search-q]").inner_text()).count() == 1
    page.keyboard.type("hoi nghi")
    page.wait_for_function("document.body.dataset.searchQuery === 'hoi nghi'")
    titles = page.locator("#search-results h2 a")
    assert titles.count() == 5
    assert page.locator("#search-status").inner_text().startswith("Tìm thấy 5")
    assert page.locator("#search-results h2 mark").first.inner_text() == "Hội"
    assert page.locator("#search-results .excerpt mark").count() >= 5
    assert "q=hoi+nghi" in page.url

    def run(text: str) -> list[str]:
        page.fill("#search-q", text)
        page.press("#search-q", "Enter")
        page.wait_for_function(f"new URLSearchParams(location.search).get('q') === {json.dumps(text)}")
        page.wait_for_function(f"document.body.dataset.searchQuery === {json.dumps(text)}")
        page.wait_for_timeout(50)
        return [a.get_attribute("href") for a in titles.all()]

    nfd = run(unicodedata.normalize("NFD", "hội nghị"))
    assert len(nfd) == 5
    assert run("hội nghị") == nfd
    phrase = run('"phục vụ bầu cử"')
    assert phrase == ["/undated/hoi-nghi-truc-tuyen-trien-khai-cong-tac-dam-bao-y-te-phong-chong-dich-covid-19/"]
    assert run("xyzzy") == []
    assert "xyzzy" in page.locator("#search-status").inner_text()

    page.go_back()
    page.wait_for_function("document.getElementById('search-q').value.includes('bầu cử')")
    page.wait_for_function("document.querySelectorAll('#search-results li').length === 1")

    run("covid")
    page.select_option("#search-year", "2021")
    page.wait_for_function("new URLSearchParams(location.search).get('year') === '2021'")
    page.wait_for_function("document.querySelectorAll('#search-results li').length === 1")
    page.select_option("#search-year", "")
    page.select_option("#search-tag", "provinces:lang-son")  # a term of another taxonomy filters too
    page.wait_for_function("document.querySelectorAll('#search-results li').length === 1")
    page.select_option("#search-tag", "")
    page.select_option("#search-sort", "date")
    page.wait_for_function("new URLSearchParams(location.search).get('sort') === 'date'")
    page.wait_for_function("document.querySelectorAll('#search-results li').length === 5")
    dates = [t[:10] for t in page.locator("#search-results .meta").all_inner_texts() if t[:2].isdigit()]
    assert dates == sorted(dates, key=lambda d: (d[6:], d[3:5], d[:2]), reverse=True) and len(dates) == 3
    undated_last = page.locator("#search-results li").last.locator(".meta").inner_text()
    assert not undated_last[:2].isdigit()

    # The keyboard reaches the first result from the search box.
    page.focus("#search-q")
    for _ in range(8):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.closest('#search-results') !== null"):
            break
    assert page.evaluate("document.activeElement.closest('#search-results') !== null")
    assert problems == []


# Once armed, the next request for display data is held back until the test releases it: a search
# (or a "more results" click) stays under way while the visitor goes on.
HOLD_NEXT_DISPLAY_FETCH = """
(() => {
  const fetchNow = window.fetch.bind(window);
  const hold = window.__hold = { armed: false, started: false, released: false, release: null };
  window.fetch = (url, ...rest) => {
    if (hold.armed && /\\/search\\/d\\.[0-9a-f]+\\.json$/.test(String(url))) {
      hold.armed = false;
      hold.started = true;
      return new Promise((resolve) => { hold.release = resolve; })
        .then(() => { hold.released = true; return fetchNow(url, ...rest); });
    }
    return fetchNow(url, ...rest);
  };
})();
"""


def held_page(browser: Browser, url: str) -> tuple[Page, list[str]]:
    page = browser.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.add_init_script(HOLD_NEXT_DISPLAY_FETCH)
    page.goto(url)
    return page, problems


def test_a_keystroke_does_not_wait_for_the_stale_search_and_its_results_never_show(
        browser: Browser, sample: tuple[Path, str]) -> None:
    _, url = sample
    page, problems = held_page(browser, url + "search/")
    page.evaluate("window.__hold.armed = true")
    page.fill("#search-q", "covid")
    page.wait_for_function("window.__hold.started")  # the search for 'covid' waits for its display data
    # The sample's articles share one display shard, so the next query is one with no results: it
    # needs no display data and must not wait for the held request.
    page.fill("#search-q", "xyzzy")
    page.wait_for_function("document.body.dataset.searchQuery === 'xyzzy'")
    assert page.evaluate("window.__hold.released") is False  # shown without waiting for the stale search
    assert page.locator("#search-results li").count() == 0
    assert "xyzzy" in page.locator("#search-status").inner_text()
    page.evaluate("window.__hold.release()")
    page.wait_for_function("window.__hold.released")
    page.wait_for_timeout(300)
    assert page.evaluate("document.body.dataset.searchQuery") == "xyzzy"
    assert page.locator("#search-results li").count() == 0  # the stale search never rendered
    assert "xyzzy" in page.locator("#search-status").inner_text()
    assert "q=xyzzy" in page.url
    assert problems == []


def test_more_results_come_in_order_and_never_from_a_replaced_list(browser: Browser,
                                                                   synthetic: tuple[Path, str]) -> None:
    root, url = synthetic
    page, problems = held_page(browser, url + "search/?q=" + quote("hội nghị"))
    page.wait_for_function("document.body.dataset.searchQuery === 'hội nghị'")
    links = page.locator("#search-results h2 a")
    expected = [hit["url"] for hit in cli_search(root, "hội nghị", limit=20)["hits"]]
    assert [a.get_attribute("href") for a in links.all()] == expected[:10]
    page.click("#search-more")
    page.wait_for_function("document.querySelectorAll('#search-results li').length === 20")
    assert [a.get_attribute("href") for a in links.all()] == expected

    # A click whose display data is still coming when another search replaces the list adds nothing.
    page.evaluate("window.__hold.armed = true")
    page.click("#search-more")
    page.wait_for_function("window.__hold.started")
    page.fill("#search-q", "dai bieu")
    page.wait_for_function("document.body.dataset.searchQuery === 'dai bieu'")
    page.evaluate("window.__hold.release()")
    page.wait_for_function("window.__hold.released")
    page.wait_for_timeout(300)
    assert [a.get_attribute("href") for a in links.all()] == \
        [hit["url"] for hit in cli_search(root, "dai bieu", limit=10)["hits"]]
    assert problems == []


def test_results_show_where_the_query_matches_and_say_when_the_date_is_unknown(
        browser: Browser, sample: tuple[Path, str]) -> None:
    """Issue 17: the words of `dai bieu` stand past the opening the index carries in three of its four
    articles; each excerpt still shows a passage with them. Undated results say so."""
    _, url = sample
    page, problems = open_search(browser, url, "dai bieu")
    items = page.locator("#search-results li")
    assert items.count() == 4
    page.wait_for_function("[...document.querySelectorAll('#search-results .excerpt')]"
                           ".every((p) => p.querySelector('mark'))", timeout=10_000)
    for excerpt in page.locator("#search-results .excerpt").all():
        assert any(m.lower() in ("đại", "biểu") for m in excerpt.locator("mark").all_inner_texts())
        assert "<" not in excerpt.inner_text()
    metas = page.locator("#search-results .meta").all_inner_texts()
    assert sum(m.startswith("Chưa rõ ngày đăng") for m in metas) == 2, metas
    # The focused search box is outlined in the link colour, not the orange-red of an error.
    page.focus("#search-q")
    outline, link = page.evaluate("""() => [getComputedStyle(document.getElementById('search-q')).outlineColor,
        getComputedStyle(document.querySelector('#search-results a')).color]""")
    assert outline == link, (outline, link)
    # The count is in full-size type (at least 16 px), readable on a phone.
    assert page.evaluate("parseFloat(getComputedStyle(document.getElementById('search-status')).fontSize)") >= 16
    assert problems == []


def test_the_header_box_on_every_page_leads_to_results(browser: Browser, sample: tuple[Path, str]) -> None:
    _, url = sample
    page = browser.new_page()
    page.goto(url)
    page.fill(".header-search input", "đại biểu")
    page.press(".header-search input", "Enter")
    page.wait_for_selector("body[data-search-done]")
    assert "/search/" in page.url and page.locator("#search-results li").count() >= 1
    assert page.input_value("#search-q") == "đại biểu"


def test_titles_are_text_never_html(browser: Browser, tmp_path: Path) -> None:
    project = Project(tmp_path / "site")
    project.add("2021/xss.md", article('"<img src=x onerror=alert(1)>"', "2021-01-01",
                                       "Thử chèn <b>mã</b> độc: <script>alert(2)</script> img."))
    project.add("2021/b.md", article("Bình thường", "2021-01-02", "Một bài khác có chữ img."))
    with served(build(project.root)) as url:
        page, problems = open_search(browser, url, "img")
        dialogs: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        titles = page.locator("#search-results h2 a").all_inner_texts()
        assert "<img src=x onerror=alert(1)>" in titles
        assert page.locator("#search-results img, #search-results script, #search-results b").count() == 0
        page.wait_for_timeout(200)
        assert dialogs == [] and problems == []


def test_without_javascript_the_page_explains_and_links_elsewhere(browser: Browser, sample: tuple[Path, str]) -> None:
    _, url = sample
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(url + "search/?q=hoi+nghi")
    message = page.locator(".search-nojs")
    assert message.is_visible() and "JavaScript" in message.inner_text()
    assert {a.get_attribute("href") for a in message.locator("a").all()} == {"/tags/", "/archives/"}
    context.close()


def test_a_result_shows_its_lead_photo_small_and_others_none(browser: Browser, sample: tuple[Path, str]) -> None:
    """Issue 15: the sample's article with a photo shows its smallest copies beside its result (modern format
    first, the JPEG fallback in the <img>, width and height given, lazy, decorative); results without a
    lead photo show none."""
    _, url = sample
    page, problems = open_search(browser, url, "hội nghị trực tuyến toàn tỉnh")
    with_thumb = page.locator("#search-results li.has-thumb")
    assert with_thumb.count() == 1
    assert page.locator("#search-results li").count() > 1
    img = with_thumb.locator("picture.result-thumb img")
    assert img.get_attribute("alt") == "" and img.get_attribute("loading") == "lazy"
    assert img.get_attribute("src").endswith("-400.jpg")
    assert int(img.get_attribute("width")) > 0 and int(img.get_attribute("height")) > 0
    source = with_thumb.locator("picture.result-thumb source")
    assert source.get_attribute("type") in ("image/avif", "image/webp")
    assert source.get_attribute("srcset").rsplit(".", 1)[0].endswith("-400")
    img.scroll_into_view_if_needed()
    page.wait_for_function("document.querySelector('#search-results .result-thumb img').naturalWidth > 0",
                           timeout=10_000)
    box = img.bounding_box()
    assert box is not None and box["width"] <= 8 * 16 + 1  # at most 8rem: the text keeps the room
    assert problems == []


def test_ties_break_by_day_then_url_alike_before_and_after_edits(browser: Browser, project: Project) -> None:
    """Every article has the query's words alike, so every score ties and the order is the tie-break alone:
    newest first, undated last, then the URL. A fresh index numbers its documents in that order; edits put
    their documents among them (docfiles.delta_order): a date moved up, the same day as others, a new one,
    an undated one, one deleted."""
    body = "Hội nghị sơ kết công tác phòng chống dịch."
    titles = ["Tin an", "Tin bình", "Tin cường", "Tin dũng", "Tin đông", "Tin giang", "Tin hà"]
    dates = ["2021-05-01", "2021-05-01", "2020-01-02", "2021-05-01", "2022-07-07", "2019-03-03", "2021-05-01"]
    for n, (title, date) in enumerate(zip(titles, dates, strict=True)):
        project.add(f"tin/bai-{n}.md", article(title, date, body))
    project.add("tin/khong-ngay.md", article("Tin không ngày", "unknown", body))
    root = project.root
    with served(build(root)) as url:
        page, problems = open_search(browser, url)
        for options in ({}, {"sort": "date"}):
            assert assert_same_ranking(page, root, "/", "hội nghị", **options) == 8
        project.add("tin/bai-5.md", article(titles[5], "2023-01-01", body))  # from last dated to first
        project.add("tin/bai-2.md", article(titles[2], "2021-05-01", body))  # onto the crowded day
        project.add("tin/bai-7.md", article("Tin bảo", "2021-05-01", body))  # new, between two URLs of the day
        project.add("tin/bai-8.md", article("Tin ẩn danh", "unknown", body))  # new, undated
        (project.root / "content" / "tin" / "bai-4.md").unlink()
        build(root)
        page.goto(url + "search/?sau-khi-sua")  # a new address: the page cached a moment ago names the old manifest
        for options in ({}, {"sort": "date"}, {"year": 2021}):
            assert_same_ranking(page, root, "/", "hội nghị", **options)
        assert assert_same_ranking(page, root, "/", "hoi nghi so ket") == 9
        assert problems == []
