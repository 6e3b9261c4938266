"""config.yaml: defaults, validation with lines and typo hints, subpath base URLs."""

from __future__ import annotations

from pathlib import Path

import pytest
from tintuc.config import load_config
from tintuc.errors import BuildFailed

from tests.conftest import Project, article


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def problems(path: Path) -> list[str]:
    with pytest.raises(BuildFailed) as caught:
        load_config(path)
    return [p.format(path.parent) for p in caught.value.problems]


def test_defaults_are_vietnamese_and_complete(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, "title: Sở Y tế\n"))
    assert config.language == "vi"
    assert str(config.timezone) == "Asia/Ho_Chi_Minh"
    assert config.permalink == "/{year}/{month}/{slug}/"
    assert config.per_page == 10
    assert config.paths.output == tmp_path / "public"
    assert config.paths.cache == tmp_path / ".tintuc-cache"
    assert config.publisher == "Sở Y tế"


def test_base_url_keeps_its_subpath(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, "base_url: https://so-y-te.example.gov.vn/tin-tuc\n"))
    assert config.base_url == "https://so-y-te.example.gov.vn/tin-tuc/"
    assert config.base_path == "/tin-tuc/"


def test_unknown_key_names_its_line_and_the_closest_key(tmp_path: Path) -> None:
    found = problems(write(tmp_path, "title: A\ndescription: B\ntittle: C\n"))
    assert found == ["config.yaml:3: unknown key 'tittle'\n    hint: did you mean 'title'?"]


def test_every_wrong_value_is_reported_in_one_run(tmp_path: Path) -> None:
    found = problems(write(tmp_path, "per_page: 0\nbase_url: localhost\ntimezone: Mars/Base\n"
                                     "permalink: /{year}/\nlanguage: fr\n"))
    assert len(found) == 5
    assert found[0].startswith("config.yaml:1: 'per_page' has the wrong form: expected a whole number")
    assert found[1].startswith("config.yaml:2: 'base_url' has the wrong form: expected an absolute http(s) URL")
    assert "IANA time zone" in found[2]
    assert "{slug}" in found[3]
    assert found[4].startswith("config.yaml:5:")


def test_yaml_syntax_error_has_a_line(tmp_path: Path) -> None:
    found = problems(write(tmp_path, "title: A\nmenu: [unclosed\n"))
    assert len(found) == 1 and "YAML syntax error" in found[0] and found[0].startswith("config.yaml:")


def test_menu_and_paths_are_validated(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, "menu:\n  - title: Giới thiệu\n    url: /gioi-thieu/\n"
                                         "paths:\n  output: _site\n"))
    assert config.menu[0].title == "Giới thiệu"
    assert config.paths.output == tmp_path / "_site"
    found = problems(write(tmp_path, "paths:\n  outptu: x\n"))
    assert "did you mean 'output'" in found[0]


def test_config_object_is_frozen(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, "title: A\n"))
    with pytest.raises(AttributeError):
        config.title = "B"  # type: ignore[misc]


def test_a_site_under_a_subpath_is_warned_that_crawlers_never_read_its_robots_txt(project: Project) -> None:
    from tintuc.build import Builder

    project.add("2021/a.md", article(title="Bài"))
    project.write_config('title: T\nbase_url: "https://so-y-te.example.gov.vn/tin-tuc/"\n')
    warnings = Builder(project.config()).build().warnings
    [robots] = [w for w in warnings if "robots.txt" in w.message]
    assert robots.line == 2 and "https://so-y-te.example.gov.vn/robots.txt" in robots.message
    assert "Sitemap: https://so-y-te.example.gov.vn/tin-tuc/sitemap.xml" in robots.hint
    project.write_config('title: T\nbase_url: "https://so-y-te.example.gov.vn/"\n')
    assert not [w for w in Builder(project.config()).build().warnings if "robots.txt" in w.message]
