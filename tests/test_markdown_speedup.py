"""The plain-text shortcut in Markdown conversion must never change the HTML."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from tintuc.markdown_render import make_markdown, render_body

REPO = Path(__file__).resolve().parent.parent
FAST, PLAIN = make_markdown(fast=True), make_markdown(fast=False)

SNIPPETS = [
    "Hội nghị *trực tuyến* và **phòng chống** dịch", "[liên kết](https://e.vn/a_b)", "`mã` \\*không nhấn\\*",
    "![ảnh](a.jpg \"Chú thích\")", "Chú thích[^1]\n\n[^1]: Ghi chú.", "A &amp; B &copy; < > &", "dòng  \ntiếp",
    "<https://so-y-te.gov.vn>", "| a | b |\n|---|---|\n| 1 | 2 |", "Đoạn {: .lop }", "_nghiêng_ và __đậm__",
    "1. một\n2. hai", "- mục\n- mục", "> trích dẫn", "    mã khối", "# Tiêu đề", "24/24 COVID-19 ...",
]


def same(text: str) -> None:
    assert render_body(FAST, text).html == render_body(PLAIN, text).html, text


def test_sample_articles_convert_identically() -> None:
    for path in sorted((REPO / "content").rglob("*.md")):
        same(path.read_text(encoding="utf-8").split("\n---\n", 1)[1])


def test_markdown_features_convert_identically() -> None:
    for snippet in SNIPPETS:
        same(snippet)
        same(f"Câu mở đầu.\n\n{snippet}\n\nCâu kết thúc.")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(SNIPPETS + ["Sở Y tế", "đại biểu", "\n", "\n\n", " ", "*", "_", "[", "]",
                                             "(", ")", "!", "`", "<", ">", "&", "{", "}", "\\", "  \n", "#"]),
                max_size=25))
def test_any_mix_converts_identically(parts: list[str]) -> None:
    same("".join(parts))
