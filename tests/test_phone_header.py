"""The compact header, in Chromium: one row on a phone (logo, title, menu button), the first headline
within the first 400 px of a 375×740 screen, a menu that opens by keyboard and without JavaScript, and
the whole navigation on a desktop."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator

import pytest
from conftest import REPO
from playwright.sync_api import Browser, Page
from test_search_browser import build, served

PHONE = {"width": 375, "height": 740}
DESKTOP = {"width": 1280, "height": 900}

# A long agency name and a long site title: the worst case for one row.
IDENTITY = """
identity:
  name: "Sở Y tế tỉnh Mẫu Sơn"
  logo: logo.svg
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The sample archive with an agency identity and its logo, built and served."""
    root = tmp_path_factory.mktemp("sample")
    shutil.copytree(REPO / "content", root / "content")
    shutil.copytree(REPO / "static", root / "static")
    config = (REPO / "config.yaml").read_text(encoding="utf-8")
    config = re.sub(r"(?ms)^identity:.*?(?=^\S|\Z)", "", config)  # ours, whatever the sample's says
    config = re.sub(r"(?m)^title: .*$", 'title: "Sở Y tế tỉnh Mẫu Sơn — Cổng thông tin điện tử"', config)
    (root / "config.yaml").write_text(config + IDENTITY, encoding="utf-8")
    with served(build(root)) as url:
        yield url


def _open(browser: Browser, url: str, viewport: dict[str, int], javascript: bool = True) -> Page:
    page = browser.new_page(viewport=viewport, java_script_enabled=javascript)  # type: ignore[arg-type]
    page.goto(url)
    return page


def _box(page: Page, selector: str) -> dict[str, float]:
    box = page.locator(selector).first.bounding_box()
    assert box is not None, f"{selector} is not shown"
    return box


def _focus(page: Page, selector: str, presses: int = 6) -> None:
    """Tab from the top of the page until `selector` has the keyboard focus."""
    for _ in range(presses):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} never took the focus by keyboard")


def test_phone_header_is_one_row_and_the_first_headline_is_high(browser: Browser, site: str) -> None:
    page = _open(browser, site, PHONE)
    header, brand, button = _box(page, ".site-header"), _box(page, ".brand"), _box(page, ".menu-button")
    # One row: the title and the button side by side, the header barely taller than either.
    assert button["y"] < brand["y"] + brand["height"] and brand["y"] < button["y"] + button["height"]
    assert button["x"] > brand["x"] + brand["width"] - 1
    assert header["height"] <= max(brand["height"], button["height"]) + 24, header
    assert header["height"] <= 72, header
    logo = _box(page, ".brand-logo")
    assert logo["height"] == 40 and logo["y"] >= header["y"]
    headline = _box(page, "main h2")
    assert headline["y"] < 400, headline
    # The navigation and the search box wait behind the button.
    assert not page.locator(".site-nav").is_visible() and not page.locator(".header-search").is_visible()
    page.close()


def test_no_visible_heading_repeats_the_site_name(browser: Browser, site: str) -> None:
    page = _open(browser, site, PHONE)
    title = page.locator(".site-title").inner_text()
    assert page.locator(".site-header :is(h1, h2, h3)").count() == 0
    visible = [h.inner_text() for h in page.locator("main :is(h1, h2)").all() if h.bounding_box()
               and h.bounding_box()["height"] > 1]  # type: ignore[index]
    assert title not in visible
    page.close()


@pytest.mark.parametrize("key", ["Enter", " "], ids=["enter", "space"])
def test_phone_menu_opens_by_keyboard(browser: Browser, site: str, key: str) -> None:
    page = _open(browser, site, PHONE)
    _focus(page, "summary.menu-button")
    assert page.locator("summary.menu-button").inner_text().strip() == "Mục lục"
    page.keyboard.press(key)
    assert page.locator(".site-menu").evaluate("(d) => d.open")
    nav = page.get_by_role("navigation", name="Điều hướng chính")
    assert nav.get_by_role("link", name="Chủ đề").is_visible()
    assert page.locator(".header-search input").is_visible()
    page.keyboard.press("Tab")  # on into the menu, in reading order
    assert page.evaluate("document.activeElement.closest('.site-nav') !== null")
    # The open panel lies over the page, inside the window, not beside the button.
    panel = _box(page, ".menu-panel")
    assert panel["x"] >= 0 and panel["x"] + panel["width"] <= PHONE["width"] + 0.5
    page.keyboard.press("Shift+Tab")
    page.keyboard.press(key)
    assert not page.locator(".site-menu").evaluate("(d) => d.open")
    page.close()


def test_phone_menu_works_without_javascript(browser: Browser, site: str) -> None:
    page = _open(browser, site, PHONE, javascript=False)
    link = page.get_by_role("navigation", name="Điều hướng chính").get_by_role("link", name="Lưu trữ")
    assert not link.is_visible()
    page.locator("summary.menu-button").click()
    href = link.get_attribute("href")
    assert href and href != "/"
    link.click()
    page.wait_for_url(site.rstrip("/") + href)
    page.close()


def test_desktop_shows_the_whole_navigation_without_a_button(browser: Browser, site: str) -> None:
    page = _open(browser, site, DESKTOP)
    assert not page.locator("summary.menu-button").is_visible()
    nav = page.get_by_role("navigation", name="Điều hướng chính")
    for name in ("Tin mới", "Chủ đề", "Lưu trữ"):
        assert nav.get_by_role("link", name=name).is_visible()
    assert page.locator(".header-search input").is_visible()
    header, brand, first = _box(page, ".site-header"), _box(page, ".brand"), _box(page, ".site-nav a")
    assert first["y"] < brand["y"] + brand["height"] and header["height"] <= 90, header  # one row here too
    # Reachable by keyboard although the <details> is closed: home link, then the first menu link.
    _focus(page, ".site-nav a")
    page.close()
