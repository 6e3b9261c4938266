"""Last lines that look like a short signature but are none: a closing word, a site's label, a place in brackets
(issue 16: every byline found must be one; found by probing round 16's signature rules with own-words texts)."""

from __future__ import annotations

import pytest
from tintuc.importer.byline import split_byline

LAST = "Hoạt động sẽ được duy trì vào sáng chủ nhật hằng tuần tại các khu dân cư."


@pytest.mark.parametrize("line", ["Hết", "HẾT", "Tin tức", "Xem thêm", "Chia sẻ", "(Hà Nội)", "(Cần Thơ)",
                                  "(Đà Lạt)", "Kết thúc", "Trân trọng"])
def test_a_closing_word_label_or_bracketed_place_is_no_byline(line: str) -> None:
    _, byline = split_byline([LAST, line])
    assert byline.author is None and byline.source_unit is None, (line, byline)


@pytest.mark.parametrize(("line", "name"), [("(Huy Khôi)", "Huy Khôi"), ("Thu phương", "Thu phương"),
                                            ("Minh Tâm", "Minh Tâm"), ("HẢI ĐĂNG", "HẢI ĐĂNG")])
def test_writers_still_sign(line: str, name: str) -> None:
    _, byline = split_byline([LAST, line])
    assert byline.author == name, (line, byline)
