"""`tintuc import` of saved web pages (.html, .htm) and Word files (.docx), all made here by the tests."""

from __future__ import annotations

import sys
import unicodedata
import zipfile
from pathlib import Path

import pytest
import yaml
from tintuc.importer import import_paths
from tintuc.importer.decode import TONES
from tintuc.importer.formats import EXTRA, decode_html, front_date, load
from tintuc.importer.writer import write_images

pytest.importorskip("trafilatura")
pytest.importorskip("mammoth")

PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")
MENU = "<nav><ul><li><a href='/'>Trang chủ</a></li><li><a href='/gt'>Giới thiệu</a></li>" \
       "<li><a href='/van-ban'>Văn bản chỉ đạo</a></li><li><a href='/lh'>Liên hệ</a></li></ul></nav>"
NEWS_PAGE = f"""<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">
<title>Xã Vũ Tiến ra quân diệt bọ gậy phòng sốt xuất huyết | Cổng thông tin Sở Y tế</title>
<meta property="og:title" content="Xã Vũ Tiến ra quân diệt bọ gậy phòng sốt xuất huyết">
<meta property="og:site_name" content="Cổng thông tin Sở Y tế">
<meta property="article:published_time" content="2024-06-04T15:20:00+07:00">
<meta name="author" content="Phạm Minh Khôi">
<link rel="canonical" href="https://soyte.example.gov.vn/tin-tuc/vu-tien-diet-bo-gay.html">
</head><body>
<div class="date-bar">Thứ 5, 06/06/2024, 10:02 [GMT+7]</div>
{MENU}
<div class="breadcrumb"><a href="/">Trang chủ</a> » <a href="/tin-tuc">Tin tức</a></div>
<main><article class="detail">
<h1>Xã Vũ Tiến ra quân diệt bọ gậy phòng sốt xuất huyết</h1>
<p>Sáng ngày 3/6, Trạm y tế xã Vũ Tiến, huyện Vũ Thư phối hợp với đoàn thanh niên tổ chức chiến dịch
thu gom vật chứa nước và diệt bọ gậy tại ba thôn có nhiều ca bệnh trong tháng trước.</p>
<figure><img src="anh/ra-quan.png" alt="Đoàn viên thu gom lốp xe cũ"></figure>
<p>Đoàn viên thu gom lốp xe cũ quanh khu chợ</p>
<h2>Những việc mỗi gia đình cần làm</h2>
<p>Cán bộ y tế đến từng hộ hướng dẫn người dân <strong>đậy kín dụng cụ chứa nước</strong> và thả cá
ăn bọ gậy vào bể lớn, đồng thời phát tờ rơi về các dấu hiệu của bệnh.</p>
<ul><li>Lật úp chum vại không dùng đến</li><li>Thay nước bình hoa mỗi tuần</li>
<li>Ngủ màn cả ban ngày</li></ul>
<table><tr><th>Thôn</th><th>Vật chứa đã xử lý</th></tr><tr><td>Thôn Đông</td><td>340</td></tr>
<tr><td>Thôn Đoài</td><td>275</td></tr></table>
<p>Theo trạm y tế, sau chiến dịch sẽ có đợt kiểm tra chỉ số bọ gậy để đánh giá kết quả và nhắc nhở những
hộ chưa thực hiện tốt các biện pháp phòng bệnh đã được hướng dẫn.</p>
<p><img src="http://cdn.example.vn/banner-quang-cao.jpg" alt="Quảng cáo"></p>
</article></main>
<aside><h3>Tin liên quan</h3><ul><li><a href="/a">Khám sàng lọc cho học sinh lớp một</a></li>
<li><a href="/b">Tập huấn sơ cứu cho giáo viên mầm non</a></li></ul></aside>
<footer><p>Bản quyền thuộc Sở Y tế. Địa chỉ: số 10 đường Lê Lợi.</p><p>Lượt truy cập: 120345</p></footer>
</body></html>"""


def read_article(path: Path) -> tuple[dict, str]:
    _, front, body = path.read_text(encoding="utf-8").split("---\n", 2)
    return yaml.safe_load(front), body


def cp1258(text: str) -> bytes:
    """Windows-1258 as old Vietnamese word processors wrote it: a base letter, then its tone mark."""
    out = bytearray()
    for char in unicodedata.normalize("NFC", text):
        parts = unicodedata.normalize("NFD", char)
        tones = "".join(c for c in parts if c in TONES)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONES))
        out += (base + tones).encode("cp1258")
    return bytes(out)


def test_news_page_metadata_body_and_images(tmp_path: Path) -> None:
    page = tmp_path / "in" / "vu-tien.html"
    (page.parent / "anh").mkdir(parents=True)
    page.write_text(NEWS_PAGE, encoding="utf-8")
    (page.parent / "anh" / "ra-quan.png").write_bytes(PNG)
    report = import_paths([tmp_path / "in"], tmp_path / "out", language="en")
    (file,) = report.files
    assert file.status == "written", file.error
    front, body = read_article(file.output)
    assert front["title"] == "Xã Vũ Tiến ra quân diệt bọ gậy phòng sốt xuất huyết"
    assert str(front["date"]) == "2024-06-04 15:20"  # the article's time, not the date bar's 'today'
    assert front["author"] == "Phạm Minh Khôi"
    assert front["source"] == "https://soyte.example.gov.vn/tin-tuc/vu-tien-diet-bo-gay.html"
    assert front["provinces"] == ["Thái Bình"]  # Vũ Thư, by the importer's gazetteer
    for furniture in ("Trang chủ", "Giới thiệu", "Liên hệ", "Tin liên quan", "Khám sàng lọc", "Bản quyền",
                      "Lượt truy cập", "06/06/2024", "Quảng cáo", "Cổng thông tin"):
        assert furniture not in body
    image = tmp_path / "out" / (file.output.stem + "-anh-01.png")
    assert image.read_bytes() == PNG
    assert f'![Đoàn viên thu gom lốp xe cũ]({image.name} "Đoàn viên thu gom lốp xe cũ quanh khu chợ")' in body
    assert "## Những việc mỗi gia đình cần làm" in body
    assert "**đậy kín dụng cụ chứa nước**" in body
    assert "- Lật úp chum vại không dùng đến\n- Thay nước bình hoa mỗi tuần\n- Ngủ màn cả ban ngày" in body
    assert "| Thôn | Vật chứa đã xử lý |\n|---|---|\n| Thôn Đông | 340 |\n| Thôn Đoài | 275 |" in body
    found = " ".join(file.found)
    assert "(page metadata)" in found and "from the page metadata" in found
    notes = " ".join(file.review)
    assert "banner-quang-cao.jpg" in notes  # the one image the saved copy does not have
    assert "have no photo" not in notes and "stand without a photo" not in notes


def test_page_without_metadata_keeps_the_vietnamese_rules(tmp_path: Path) -> None:
    """A bare page: headline, weekday stamp and the byline at the end come from the text itself."""
    page = tmp_path / "tin.htm"
    page.write_bytes(cp1258(f"""<html><head><title>Tin tức</title></head><body>{MENU}
<div id="content"><h2>Huyện Đức Thọ tập huấn phòng chống dịch cúm gia cầm</h2>
<p>Thứ năm, 14/3/2024 08:45</p>
<p>Trung tâm Y tế huyện Đức Thọ vừa mở lớp tập huấn cho cán bộ thú y và y tế xã về cách giám sát ổ dịch
cúm gia cầm, lấy mẫu bệnh phẩm và xử lý khi phát hiện người có triệu chứng nghi ngờ.</p>
<p>Các học viên được thực hành mặc đồ bảo hộ, tiêu độc khử trùng chuồng trại và báo cáo ca bệnh qua
phần mềm của ngành.</p>
<p>Nguyễn Thị Hằng</p></div>
<div class="footer">Bản quyền thuộc Trung tâm Y tế huyện</div></body></html>"""))
    loaded = load(page, page.read_bytes())
    assert loaded.decoded.encoding == "cp1258" and not loaded.decoded.sure  # no charset: detected
    report = import_paths([page], tmp_path / "out", language="en")
    front, body = read_article(report.files[0].output)
    assert front["title"] == "Huyện Đức Thọ tập huấn phòng chống dịch cúm gia cầm"
    assert str(front["date"]) == "2024-03-14 08:45"
    assert front["author"] == "Nguyễn Thị Hằng"
    assert front["provinces"] == ["Hà Tĩnh"]
    assert "đồ bảo hộ" in body and "Nguyễn Thị Hằng" not in body and "Trang chủ" not in body
    assert any("proofread the accents" in note for note in front["review"])


def test_declared_windows_1258_is_believed() -> None:
    raw = cp1258('<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1258">'
                 "</head><body><p>Điều trị bệnh nhân</p></body></html>")
    decoded = decode_html(raw)
    assert (decoded.encoding, decoded.sure) == ("cp1258", True)
    assert "Điều trị bệnh nhân" in decoded.text and unicodedata.is_normalized("NFC", decoded.text)


def test_metadata_date_is_written_with_its_time() -> None:
    assert front_date("2024-06-04T15:20:00+07:00") == "2024-06-04 15:20"
    assert front_date("2024-06-04T08:20:00Z") == "2024-06-04 08:20+00:00"
    assert front_date("2024-06-04") == "2024-06-04"
    assert front_date("hôm qua") is None


W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
DRAWING = """<w:r><w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing">
<wp:extent cx="952500" cy="952500"/><wp:docPr id="1" name="Hình 1" descr="Lớp học sơ cứu"/>
<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">
<a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">
<pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture">
<pic:nvPicPr><pic:cNvPr id="1" name="a.png"/>
<pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip r:embed="rIdImage"/></pic:blipFill><pic:spPr/></pic:pic>
</a:graphicData></a:graphic></wp:inline></w:drawing></w:r>"""


def paragraph(text: str, style: str | None = None, numbered: bool = False, bold: str = "") -> str:
    props = (f'<w:pStyle w:val="{style}"/>' if style else "") + (
        '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>' if numbered else "")
    runs = f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'
    if bold:
        runs += f"<w:r><w:rPr><w:b/></w:rPr><w:t>{bold}</w:t></w:r>"
    return f"<w:p><w:pPr>{props}</w:pPr>{runs}</w:p>"


def make_docx(path: Path, body: str, title: str | None = None) -> None:
    """A minimal Word file: the parts mammoth reads (document, styles, numbering, one image)."""
    cell = "<w:tc><w:p><w:r><w:t>{}</w:t></w:r></w:p></w:tc>"
    parts = {
        "[Content_Types].xml": """<?xml version="1.0" encoding="UTF-8"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/><Default Extension="png" ContentType="image/png"/>
<Override PartName="/word/document.xml"
 ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
</Types>""",
        "_rels/.rels": """<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Target="word/document.xml"
 Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>
</Relationships>""",
        "word/_rels/document.xml.rels": """<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rIdStyles" Target="styles.xml"
 Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"/>
<Relationship Id="rIdNumbering" Target="numbering.xml"
 Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering"/>
<Relationship Id="rIdImage" Target="media/image1.png"
 Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"/>
</Relationships>""",
        "word/styles.xml": f"""<?xml version="1.0" encoding="UTF-8"?><w:styles {W}>
<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/></w:style>
<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/></w:style></w:styles>""",
        "word/numbering.xml": f"""<?xml version="1.0" encoding="UTF-8"?><w:numbering {W}>
<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/></w:lvl></w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>""",
        "word/media/image1.png": PNG,
        "word/document.xml": f"""<?xml version="1.0" encoding="UTF-8"?><w:document {W} {R}><w:body>{body}
<w:tbl><w:tr>{cell.format("Xã")}{cell.format("Số người học")}</w:tr>
<w:tr>{cell.format("Hương Sơn")}{cell.format("42")}</w:tr></w:tbl>
</w:body></w:document>""",
    }
    if title:
        parts["docProps/core.xml"] = ('<?xml version="1.0" encoding="UTF-8"?><cp:coreProperties xmlns:cp="http://'
                                      'schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc='
                                      f'"http://purl.org/dc/elements/1.1/"><dc:title>{title}</dc:title>'
                                      "</cp:coreProperties>")
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


DOCX_BODY = "".join([
    paragraph("Hội Chữ thập đỏ mở lớp sơ cứu cho người dân Hương Sơn", "Heading1"),
    paragraph("Ngày 20/5/2024, Hội Chữ thập đỏ huyện Hương Sơn tổ chức lớp sơ cứu ban đầu cho hơn bốn mươi "
              "người dân và tình nguyện viên, với ", bold="nội dung cầm máu và hô hấp nhân tạo."),
    f"<w:p>{DRAWING}</w:p>",
    paragraph("Nội dung chính của lớp học", "Heading2"),
    paragraph("Cách gọi cấp cứu và mô tả vị trí", numbered=True),
    paragraph("Băng bó vết thương chảy máu", numbered=True),
    paragraph("Ép tim ngoài lồng ngực đúng nhịp", numbered=True),
    paragraph("Sau buổi học, các học viên được cấp giấy chứng nhận và sẽ tham gia đội sơ cứu của các xã trong "
              "mùa mưa bão sắp tới, hỗ trợ người dân khi có tai nạn xảy ra."),
])


def test_docx_heading_list_table_and_image(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    make_docx(tmp_path / "in" / "so-cuu.docx", DOCX_BODY)
    report = import_paths([tmp_path / "in"], tmp_path / "out", language="en")  # a folder: its .docx are collected
    (file,) = report.files
    assert file.status == "written", file.error
    front, body = read_article(file.output)
    assert front["title"] == "Hội Chữ thập đỏ mở lớp sơ cứu cho người dân Hương Sơn"
    assert str(front["date"]) == "2024-05-20"
    assert front["provinces"] == ["Hà Tĩnh"]
    assert "Hội Chữ thập đỏ mở lớp" not in body  # the title is not repeated in the body
    assert "**nội dung cầm máu và hô hấp nhân tạo.**" in body
    assert "## Nội dung chính của lớp học" in body
    assert "- Cách gọi cấp cứu và mô tả vị trí\n- Băng bó vết thương chảy máu\n" in body
    assert "| Xã | Số người học |\n|---|---|\n| Hương Sơn | 42 |" in body
    image = file.output.with_name(file.output.stem + "-anh-01.png")
    assert image.read_bytes() == PNG
    assert f"![Lớp học sơ cứu]({image.name})" in body


def test_docx_title_property_when_there_is_no_heading(tmp_path: Path) -> None:
    path = tmp_path / "bao-cao.docx"
    make_docx(path, paragraph("Sáng 2/4/2024, Trạm y tế phường Bắc Hà khám sức khỏe định kỳ cho người cao tuổi "
                              "trong phường, đo huyết áp và tư vấn chế độ ăn giảm muối."),
              title="Khám sức khỏe người cao tuổi phường Bắc Hà")
    loaded = load(path, path.read_bytes())
    assert loaded.hints is not None and loaded.hints.title == "Khám sức khỏe người cao tuổi phường Bắc Hà"
    report = import_paths([path], tmp_path / "out", language="en")
    front, _ = read_article(report.files[0].output)
    assert front["title"] == "Khám sức khỏe người cao tuổi phường Bắc Hà"
    assert any("(page metadata)" in line for line in report.files[0].found)


def test_images_never_overwrite_another_file(tmp_path: Path) -> None:
    (tmp_path / "bai-anh-01.png").write_bytes(b"someone else's photo")
    names = write_images(tmp_path, "bai", [("anh-01.png", PNG), ("anh-02.png", PNG)])
    assert names == {"anh-01.png": "bai-anh-01-2.png", "anh-02.png": "bai-anh-02.png"}
    assert (tmp_path / "bai-anh-01.png").read_bytes() == b"someone else's photo"
    assert write_images(tmp_path, "bai", [("anh-02.png", PNG)]) == {"anh-02.png": "bai-anh-02.png"}  # same bytes


def test_broken_docx_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "cu.docx").write_bytes(b"\xd0\xcf\x11\xe0 an old .doc renamed")
    report = import_paths([tmp_path / "cu.docx"], tmp_path / "out", language="en")
    assert report.files[0].status == "unreadable"
    assert "saved again as .docx" in report.files[0].error


def test_without_the_extra_web_pages_and_word_files_are_refused(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    for module in ("trafilatura", "mammoth"):
        monkeypatch.setitem(sys.modules, module, None)  # 'import trafilatura' now raises ImportError
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.html").write_text(NEWS_PAGE, encoding="utf-8")
    make_docx(folder / "b.docx", DOCX_BODY)
    (folder / "c.txt").write_text("Huyện Kỳ Anh họp bàn phòng chống dịch\n\nNgày đăng 01/08/2021 | 15:44\n\n"
                                  "Chiều ngày 31/7/2021, Ban chỉ đạo huyện Kỳ Anh họp bàn các giải pháp.\n",
                                  encoding="utf-8")
    report = import_paths([folder], tmp_path / "out", language="en")
    status = {f.source.name: f for f in report.files}
    assert status["c.txt"].status == "written"
    for name in ("a.html", "b.docx"):
        assert status[name].status == "unreadable"
        assert EXTRA in status[name].error and name in status[name].error
        assert "Traceback" not in status[name].error
