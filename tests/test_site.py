"""The site model: order, tag merging, archives, neighbours, related articles, pagination, URLs."""

from __future__ import annotations

from datetime import datetime, timedelta

from conftest import Project, article
from tintuc.build import Builder
from tintuc.site import Site, build_site, paginate
from tintuc.text import slugify, tag_key


def model(project: Project, **changes: object) -> tuple[Site, list[str]]:
    config = project.config(**changes)
    documents, problems = Builder(config).read_content()
    assert [p for p in problems if p.is_error] == []
    site, found = build_site(documents, config, datetime.now(config.timezone))
    return site, [p.format(project.root) for p in found]


def test_slugs_fold_vietnamese_letters() -> None:
    assert slugify("Đắk Nông") == "dak-nong"
    assert slugify("Thừa Thiên Huế") == "thua-thien-hue"
    assert slugify("Bà Rịa – Vũng Tàu") == "ba-ria-vung-tau"
    assert tag_key("COVID-19") == tag_key("Covid-19") == tag_key("covid 19") == "covid-19"
    assert tag_key("hoà bình") == tag_key("hòa bình")


def test_articles_newest_first_and_undated_apart(project: Project) -> None:
    project.add("a.md", article(title="Cũ", date="2019-05-01"))
    project.add("b.md", article(title="Mới", date="2021-05-01 08:00"))
    project.add("c.md", article(title="Không rõ", date="unknown"))
    site, _ = model(project)
    assert [a.title for a in site.articles] == ["Mới", "Cũ"]
    assert [a.title for a in site.undated] == ["Không rõ"]
    assert [y.year for y in site.years] == [2021, 2019]
    assert sum(y.count for y in site.years) == 2  # undated articles are in no year archive


def test_tag_spellings_merge_under_the_most_common_one(project: Project) -> None:
    project.add("a.md", article(title="A", tags="[COVID-19]"))
    project.add("b.md", article(title="B", tags="[Covid-19]"))
    project.add("c.md", article(title="C", tags="[Covid-19, Đắk Nông]", date="unknown"))
    site, _ = model(project)
    covid = next(t for t in site.tags if t.key == "covid-19")
    assert covid.name == "Covid-19" and covid.count == 3 and covid.path == "tags/covid-19/"
    assert site.tags[0] is covid  # most used first
    assert all(tag.name == "Covid-19" for a in site.all_articles for tag in a.tags if tag.key == "covid-19")
    assert [t.path for t in site.tags if t.name == "Đắk Nông"] == ["tags/dak-nong/"]


def test_year_and_month_archives_use_the_site_timezone(project: Project) -> None:
    # 2020-12-31 20:00 UTC is already 2021-01-01 in Asia/Ho_Chi_Minh.
    project.add("a.md", article(title="Giao thừa", date="2020-12-31T20:00:00Z"))
    project.add("b.md", article(title="Tháng ba", date="2020-03-31 16:58"))
    site, _ = model(project)
    archives = [(y.year, [(m.month, m.count) for m in y.months]) for y in site.years]
    assert archives == [(2021, [(1, 1)]), (2020, [(3, 1)])]
    assert site.years[0].months[0].path == "2021/01/"
    assert site.articles[0].path == "2021/01/giao-thua/"


def test_neighbours_follow_date_order(project: Project) -> None:
    for day in (1, 2, 3):
        project.add(f"{day}.md", article(title=f"Ngày {day}", date=f"2021-08-0{day}"))
    site, _ = model(project)
    newest, middle, oldest = site.articles
    assert site.neighbours[middle.path] == (newest, oldest)
    assert site.neighbours[newest.path] == (None, middle)
    assert site.neighbours[oldest.path] == (middle, None)


def test_related_prefers_shared_tags_then_nearness_in_time(project: Project) -> None:
    project.add("a.md", article(title="A", date="2021-01-10", tags="[Covid-19, Lạng Sơn]"))
    project.add("b.md", article(title="B", date="2015-01-01", tags="[Covid-19, Lạng Sơn]"))
    project.add("c.md", article(title="C", date="2021-01-11", tags="[Covid-19]"))
    project.add("d.md", article(title="D", date="2021-01-09", tags="[Bầu cử]"))
    project.add("e.md", article(title="E", date="2020-01-01", tags="[Covid-19]"))
    site, _ = model(project)
    a = next(x for x in site.articles if x.title == "A")
    assert [r.title for r in site.related[a.path]] == ["B", "C", "E"]


def test_duplicate_urls_are_errors_naming_both_files(project: Project) -> None:
    project.add("a.md", article(title="Hội nghị", date="2021-08-01"))
    project.add("b.md", article(title="Hội Nghị", date="2021-08-20"))
    project.add("pages/tags.md", "---\ntitle: Tags\n---\nx\n")
    _, problems = model(project)
    assert len(problems) == 2
    assert problems[0].startswith("content/b.md:2: two articles have the same URL /2021/08/hoi-nghi/: "
                                  "this one and a.md")
    assert "content/pages/tags.md:2: the page URL /tags/ is reserved" in problems[1]


def test_drafts_and_future_articles_are_left_out_unless_asked(project: Project) -> None:
    future = (datetime.now() + timedelta(days=30)).strftime("%Y-%m-%d")
    project.add("a.md", article(title="Nháp", draft="true"))
    project.add("b.md", article(title="Sắp tới", date=future))
    project.add("c.md", article(title="Đã đăng"))
    site, _ = model(project)
    assert [a.title for a in site.articles] == ["Đã đăng"]
    site, _ = model(project, drafts=True, future=True)
    assert {a.title for a in site.articles} == {"Nháp", "Sắp tới", "Đã đăng"}


def test_pagination_paths_and_counts() -> None:
    items = tuple(range(23))
    pages = paginate(items, 10, "tags/covid-19/")  # type: ignore[arg-type]
    assert [p.path for p in pages] == ["tags/covid-19/", "tags/covid-19/page/2/", "tags/covid-19/page/3/"]
    assert pages[0].prev_path is None and pages[0].next_path == "tags/covid-19/page/2/"
    assert pages[2].prev_path == "tags/covid-19/page/2/" and pages[2].next_path is None
    assert [len(p.items) for p in pages] == [10, 10, 3] and pages[1].count == 23
    assert len(paginate((), 10, "")) == 1  # an empty list still has its first page


def test_pages_are_not_news(project: Project) -> None:
    project.add("pages/gioi-thieu.md", "---\ntitle: Giới thiệu\nweight: 2\n---\nx\n")
    project.add("pages/lien-he.md", "---\ntitle: Liên hệ\nweight: 1\n---\nx\n")
    project.add("a.md", article())
    site, _ = model(project)
    assert [p.title for p in site.pages] == ["Liên hệ", "Giới thiệu"]
    assert len(site.articles) == 1


def test_pagination_window_shows_ends_and_neighbours() -> None:
    pages = paginate(tuple(range(100)), 10, "")  # type: ignore[arg-type]
    numbers = [None if item is None else item[0] for item in pages[4].window]
    assert numbers == [1, 2, 3, 4, 5, 6, 7, None, 10]  # a one-page gap (2) shows the page itself
    assert [None if i is None else i[0] for i in pages[0].window] == [1, 2, 3, None, 10]
    assert pages[9].window[-1] == (10, "page/10/")


def test_duplicates_with_shared_tags_are_reported_not_crashed_on(project: Project) -> None:
    for folder in ("a", "b"):
        project.add(f"{folder}/x.md", article(title="Hội nghị", tags="[Covid-19, Lạng Sơn]"))
    site, problems = model(project)
    assert len(problems) == 1 and "two articles have the same URL" in problems[0]
    assert len(site.articles) == 1
