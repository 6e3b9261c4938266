"""The edit fast path's model swap (patch.py) finds articles by bisection in the model's sorted lists:
it must put every edited article exactly where a scan of every list would, and nowhere else."""

from __future__ import annotations

from dataclasses import replace

from conftest import Project, article
from tintuc import patch
from tintuc.build import Builder
from tintuc.model import Article
from tintuc.site import Site


def _model(project: Project) -> Site:
    for n in range(40):
        # Several articles share a minute (order then by file path), two months, two years, three tags.
        date = f"{2020 + n % 2}-{1 + n % 2:02d}-0{1 + n % 3} 08:0{n % 4}"
        project.add(f"bai/{n:02d}.md", article(title=f"Tin số {n}", date=date, tags=f"[Chủ đề {n % 3}]"))
    for n in range(5):
        project.add(f"khong-ngay/{n}.md", article(title=f"Bài không ngày {n}", date="unknown"))
    for n, weight in enumerate((2, 1, 1)):
        project.add(f"pages/trang-{n}.md", f"---\ntitle: Trang {n}\nweight: {weight}\n---\nNội dung.\n")
    builder = Builder(project.config())
    builder.build()
    assert builder._last is not None
    return builder._last[0]


def _scanned(site: Site, new: dict[str, Article]) -> Site:
    """What swapped must equal: every list of the model scanned and mapped."""

    def many(items: tuple[Article, ...]) -> tuple[Article, ...]:
        return tuple(new.get(a.path, a) for a in items)

    return replace(site, articles=many(site.articles), undated=many(site.undated), pages=many(site.pages),
                   taxonomies=tuple(replace(g, terms=tuple(replace(t, articles=many(t.articles)) for t in g.terms))
                                    for g in site.taxonomies),
                   years=tuple(replace(y, months=tuple(replace(m, articles=many(m.articles)) for m in y.months),
                                       articles=many(y.articles)) for y in site.years))


def _ids(site: Site) -> list[list[int]]:
    """Which objects every list holds, in order."""
    lists = [site.articles, site.undated, site.pages, *(t.articles for g in site.taxonomies for t in g.terms),
             *(y.articles for y in site.years), *(m.articles for y in site.years for m in y.months)]
    return [[id(a) for a in items] for items in lists]


def test_each_article_swapped_in_is_where_a_scan_puts_it(project: Project) -> None:
    site = _model(project)
    everything = site.all_articles + site.pages
    assert len(site.undated) == 5 and len(site.pages) == 3 and len(site.years) == 2
    for one in everything:
        edited = replace(one, body_html=one.body_html + "<p>Thêm.</p>")
        swap = patch.edited_in_place(site, [(one, edited)])
        assert swap is not None and swap[one.path].terms is one.terms  # the model's own terms (spellings)
        assert _ids(patch.swapped(site, swap)) == _ids(_scanned(site, swap))
    several = {a.path: replace(a, body_html="<p>Khác.</p>") for a in everything[::7]}
    assert _ids(patch.swapped(site, several)) == _ids(_scanned(site, several))


def test_an_edit_that_changes_the_shape_or_is_not_shown_is_not_swapped(project: Project) -> None:
    site = _model(project)
    one = site.articles[5]
    assert patch.edited_in_place(site, [(one, replace(one, title="Tiêu đề khác"))]) is None
    hidden = replace(one, path="2099/01/chua-co/", rel="bai/chua-co.md")
    assert patch.edited_in_place(site, [(hidden, replace(hidden, body_html="<p>x</p>"))]) is None
    assert patch.edited_in_place(site, [(None, one)]) is None  # a new file
