"""Every message `tintuc import` shows or writes, in English and Vietnamese: one table, one place to read.

The notes land in an article's `review:` field and in the import report, and their readers are the
communications staff of Vietnamese agencies: a site with `language: vi` (tintuc's default) gets them in
Vietnamese, `language: en` in English. Each message has named placeholders (`{date}`, `{province}`, …),
the same in both languages (tests/test_import_notes.py checks it). YAML field names, commands and options
(`date:`, `aliases:`, `--year`) stay as they are in both: they are what the editor types.

Vietnamese review notes are sentences (capital, full stop) since each stands alone in `review:`; report
lines ("found") are short phrases, like the English ones.
"""

from __future__ import annotations

from dataclasses import dataclass

LANGUAGES = ("en", "vi")
DEFAULT = "en"  # for a language the table does not have

# key -> (English, Vietnamese)
MESSAGES: dict[str, tuple[str, str]] = {
    # -- the text's encoding (decode)
    "encoding": ("encoding {encoding}", "bảng mã {encoding}"),
    "encoding_guessed": ("encoding {encoding} (guessed from byte patterns)",
                         "bảng mã {encoding} (đoán theo các byte của tệp)"),
    "converted": ("text converted from {encoding}: proofread the accents",
                  "Văn bản được chuyển từ bảng mã {encoding}: soát lại dấu tiếng Việt."),
    "controls": ("{count} invisible control character(s) (such as NUL) were removed from the text: check the "
                 "words around where they were",
                 "Đã bỏ {count} ký tự điều khiển vô hình (như NUL) khỏi văn bản: kiểm tra các từ quanh chỗ đó."),
    "boilerplate": ("removed {count} boilerplate line(s)",
                    "đã bỏ {count} dòng thuộc khung trang (menu, bộ đếm, liên kết)"),
    "boilerplate_repeated": ("{count} of them printed on many pages of this import (the site's furniture)",
                             "trong đó {count} dòng lặp lại trên nhiều trang của lần nhập này (khung trang của site)"),
    # -- headline
    "title_meta": ("title '{title}' (page metadata)", "tiêu đề '{title}' (theo siêu dữ liệu của trang)"),
    "title_headline": ("title '{title}' (headline)", "tiêu đề '{title}' (dòng tít của bài)"),
    "empty_body": ("the article has no paragraph of text: check the page, nothing under the headline was kept",
                   "Bài không còn đoạn văn nào: kiểm tra lại trang, phần dưới tiêu đề không được giữ lại."),
    "title_proposed": ("title proposed from the lead: '{title}'", "tiêu đề đề xuất từ câu mở đầu: '{title}'"),
    "no_headline": ("no headline in the text: the title was made from the lead sentence; write a real one",
                    "Không có tiêu đề trong bài: tiêu đề được tạo từ câu mở đầu; hãy viết lại tiêu đề."),
    "no_title_text": ("no text to make a title from: the file name was used",
                      "Không có chữ nào để làm tiêu đề: đã dùng tên tệp."),
    # -- date
    "date_stamp": ("date {date} from the publication stamp '{written}' (sure)",
                   "ngày {date} theo dòng ngày đăng '{written}' (chắc chắn)"),
    "date_meta": ("date {date} from the page metadata ('{written}') (sure)",
                  "ngày {date} theo siêu dữ liệu của trang ('{written}') (chắc chắn)"),
    "date_lead": ("date {date} from the lead ('{written}') (likely)",
                  "ngày {date} lấy từ đoạn mở đầu ('{written}') (khả năng cao)"),
    "date_lead_year": ("date {date} from the lead ('{written}') with --year {year} (guessed year)",
                       "ngày {date} lấy từ đoạn mở đầu ('{written}') với --year {year} (năm do đoán)"),
    "no_date": ("no date found in the text: 'date: unknown'; set the publication date if it is known",
                "Không tìm thấy ngày đăng trong bài: đã ghi 'date: unknown'; điền ngày đăng nếu biết."),
    "date_not_stamp": ("date {date} is the day the story reports ('{written}'), not a publication stamp: check it",
                       "Ngày {date} là ngày diễn ra sự việc trong bài ('{written}'), không phải ngày đăng: "
                       "kiểm tra lại."),
    "year_from_option": ("the text says only '{written}'; the year {year} comes from --year: check it",
                         "Bài chỉ ghi '{written}'; năm {year} lấy theo --year: kiểm tra lại."),
    "no_year": ("the text says '{written}' without a year: set the date (e.g. YYYY-{month}-{day}) or import "
                "again with --year YYYY",
                "Bài ghi '{written}' mà không có năm: điền ngày (ví dụ YYYY-{month}-{day}) hoặc nhập lại "
                "với --year YYYY."),
    "no_year_proposed": ("the text says '{written}' without a year but names the year {year} ('{where}'): "
                         "set 'date: {year}-{month}-{day}' if the story is from that year, or import again "
                         "with --year",
                         "Bài ghi '{written}' mà không có năm, nhưng có nhắc năm {year} ('{where}'): điền "
                         "'date: {year}-{month}-{day}' nếu bài thuộc năm đó, hoặc nhập lại với --year."),
    "date_meta_conflict": ("the page metadata dates the article {date} ('{written}'), the text's stamp "
                           "'{stamp}' says {stamp_date}: check which is the publication date",
                           "Siêu dữ liệu của trang ghi ngày {date} ('{written}'), còn dòng ngày trong bài "
                           "'{stamp}' ghi {stamp_date}: xác định ngày nào là ngày đăng."),
    # -- byline
    "author_meta": ("author {author} (page metadata)", "tác giả {author} (theo siêu dữ liệu của trang)"),
    "author_credit": ("author {author} (credit line)", "tác giả {author} (dòng ghi tác giả)"),
    "author_signature": ("author {author} (bare name at the end, likely)",
                         "tác giả {author} (tên ký cuối bài, khả năng cao)"),
    "author_stamp": ("author {author} (signature on the stamp line)",
                     "tác giả {author} (tên ký trên dòng ngày đăng)"),
    "no_byline": ("no byline found: set 'author' if known",
                  "Không tìm thấy tác giả trong bài: điền 'author' nếu biết."),
    "source_unit": ("source unit {unit}", "đơn vị nguồn {unit}"),
    # -- places and topics (tagging)
    "province_named": ("province {province} (named: {evidence}) (sure) → {field}",
                       "tỉnh {province} (bài nêu tên: {evidence}) (chắc chắn) → {field}"),
    "province_inferred": ("province {province} from {evidence} (likely) → {field}",
                          "tỉnh {province} suy từ {evidence} (khả năng cao) → {field}"),
    "province_check": ("province {province} inferred from {evidence}; the text does not name it: check",
                       "Tỉnh {province} được suy ra từ {evidence}; bài không nêu tên tỉnh: kiểm tra lại."),
    "province_banner": ("province {province} from {evidence} in the page's banner above the headline; the story "
                        "names no place: check",
                        "Tỉnh {province} suy từ {evidence} trên băng rôn phía trên tiêu đề; bài không nêu địa danh "
                        "nào: kiểm tra lại."),
    "also_mentioned": ("also mentioned: {names}", "cũng được nhắc tới: {names}"),
    "no_province": ("no province or district found: add the province to '{field}:'",
                    "Không tìm thấy tỉnh, huyện nào trong bài: thêm tỉnh vào '{field}:'."),
    "no_province_why": ("no province tagged: {reason}; add one to '{field}:' if the story is local",
                        "Chưa gắn tỉnh nào: {reason}; thêm tỉnh vào '{field}:' nếu đây là tin địa phương."),
    "reason_several": ("several provinces are each named once, none more than the others",
                       "bài nêu nhiều tỉnh, mỗi tỉnh một lần, không tỉnh nào nổi hơn"),
    "reason_national": ("a national story (63 provinces) that names a province only in passing",
                        "tin toàn quốc (63 tỉnh, thành), chỉ nhắc qua một tỉnh"),
    "reason_roundup": ("a national roundup that names many provinces, none of them more than in passing",
                       "tin tổng hợp toàn quốc nêu nhiều tỉnh, không tỉnh nào là trọng tâm"),
    "reason_namesake": ("it names only a commune or ward named like a former district, which may be in any "
                        "province: {names}",
                        "bài chỉ nêu xã, phường trùng tên một huyện cũ, có thể ở tỉnh khác: {names}"),
    "reason_partner": ("the only places it names are institutions' cities in brackets, which may not be where the "
                       "story is: {names}",
                       "bài chỉ nêu nơi đặt trụ sở của cơ quan, bệnh viện (trong ngoặc), chưa chắc là nơi diễn ra sự "
                       "việc: {names}"),
    "reason_venue": ("a national or international story: the one place it names is where the meeting was held",
                     "tin toàn quốc hoặc quốc tế: nơi duy nhất bài nêu chỉ là địa điểm tổ chức"),
    "topics": ("topics: {names} → tags", "chủ đề: {names} → tags"),
    # -- photos (text and saved pages)
    "captions": ("{count} photo caption(s)", "{count} chú thích ảnh"),
    "captions_no_photo": ("{count} photo caption(s) have no photo (the images are not in the text): add them or "
                          "check the captions",
                          "{count} chú thích ảnh không có ảnh đi kèm (ảnh không nằm trong văn bản): thêm ảnh hoặc "
                          "kiểm tra lại các chú thích."),
    "captions_alone": ("{count} photo caption(s) stand without a photo: add the photos or check the captions",
                       "{count} chú thích ảnh đứng riêng, không có ảnh: thêm ảnh hoặc kiểm tra lại các chú thích."),
    "images_in_body": ("{count} image(s) in the body, {figures} with its caption",
                       "{count} ảnh trong bài, {figures} ảnh có chú thích"),
    "images_missing": ("{count} image(s) of the page are not in the saved copy ({listed}) and were left out: add "
                       "them beside the article if they matter",
                       "{count} ảnh của trang không có trong bản đã lưu ({listed}) nên đã bị bỏ qua: đặt ảnh "
                       "cạnh bài nếu cần."),
    "no_address": ("(no address)", "(không có địa chỉ)"),
    "images_written": ("{count} image(s) written beside the article: {names}",
                       "đã ghi {count} ảnh cạnh bài: {names}"),
    "images_to_write": ("{count} image(s) to be written beside the article: {names}",
                        "sẽ ghi {count} ảnh cạnh bài: {names}"),
    # -- the page's own address (address)
    "address_taken": ("address on line {line} taken out of the body: {url}",
                      "đã tách địa chỉ ở dòng {line} ra khỏi bài: {url}"),
    "address_meta": ("address {url} from the page metadata", "địa chỉ {url} theo siêu dữ liệu của trang"),
    "source_recorded": ("{url} recorded as 'source:' ({why})", "{url} được ghi vào 'source:' ({why})"),
    "not_old_site": ("not the old site {site} ({origin})", "không thuộc trang cũ {site} ({origin})"),
    "no_old_site": ("no old site known: if it is the site being migrated, import again with --old-site",
                    "chưa biết trang cũ: nếu đây là trang đang chuyển sang, nhập lại với --old-site"),
    "alias_recorded": ("old address {url} recorded in 'aliases:' as {alias} (the build writes a redirect page "
                       "there)",
                       "địa chỉ cũ {url} được ghi vào 'aliases:' thành {alias} (khi dựng trang sẽ có trang "
                       "chuyển hướng ở đó)"),
    "alias_query": ("the old address {url} has a query string: a static site cannot answer at it, so no alias "
                    "was written; set up a web-server rewrite from it to this article",
                    "Địa chỉ cũ {url} có chuỗi truy vấn (phần sau dấu '?'): trang tĩnh không trả lời được ở địa "
                    "chỉ đó nên không ghi alias; hãy đặt quy tắc chuyển hướng (rewrite) trên máy chủ web từ "
                    "địa chỉ đó tới bài này."),
    "alias_refused": ("the old address {url} {trouble}: no alias was written; add one to 'aliases:' by hand if "
                      "the page had another address on this site",
                      "Không ghi alias cho địa chỉ cũ {url}: địa chỉ này {trouble}; thêm tay vào 'aliases:' nếu "
                      "bài từng có địa chỉ khác trên trang này."),
    "outside_root": ("is outside the old site's root {root}, so this site cannot answer at it",
                     "nằm ngoài thư mục gốc {root} của trang cũ nên trang này không trả lời được ở đó"),
    "home_page": ("is the old site's home page, not the article's own address",
                  "là trang chủ của trang cũ, không phải địa chỉ riêng của bài"),
    "empty_folder": ("has an empty folder name ('//') in its path, which a static host cannot hold",
                     "có tên thư mục rỗng ('//') trong đường dẫn, điều trang tĩnh không lưu được"),
    "escaped_separator": ("has an escaped '/' or '\\' in its path, which a static host cannot hold as a file name",
                          "có dấu '/' hoặc '\\' đã mã hoá trong đường dẫn, điều trang tĩnh không lưu được thành "
                          "tên tệp"),
    "path_query": ("has a query string or a fragment, which a static host cannot tell apart",
                   "có chuỗi truy vấn hoặc phần '#', điều trang tĩnh không phân biệt được"),
    "path_characters": ("contains characters an address cannot hold",
                        "chứa ký tự không được phép trong địa chỉ"),
    "path_parts": ("is not a path of folder and file names", "không phải đường dẫn gồm tên thư mục và tên tệp"),
    "many_sources": ("the text names {count} source addresses ({urls}): the first was kept in 'source:'; check "
                     "which one the article comes from",
                     "Bài nêu {count} địa chỉ nguồn ({urls}): đã giữ địa chỉ đầu tiên trong 'source:'; kiểm tra "
                     "xem bài lấy từ địa chỉ nào."),
    # -- duplicates (what the two articles share)
    "same_address": ("the same page address ({address})", "cùng địa chỉ trang ({address})"),
    "same_title_day": ("the same title on the same day ({day})", "cùng tiêu đề, cùng ngày ({day})"),
    "same_text": ("a near-identical text ({share} of its passages shared)",
                  "nội dung gần như trùng ({share} số đoạn giống nhau)"),
    # -- the report `tintuc import` prints (import_cli)
    "report_found": ("    found: {line}", "    tìm thấy: {line}"),
    "report_review": ("    review: {line}", "    cần xem lại: {line}"),
    "report_file": ("{source} → {output}", "{source} → {output}"),
    "report_exists": ("{source} → {output} (exists, kept: use --force to replace)",
                      "{source} → {output} (đã có, giữ nguyên: dùng --force để ghi đè)"),
    "report_dry_run": ("{source} → {output} (dry run, not written)", "{source} → {output} (chạy thử, chưa ghi)"),
    "report_unreadable": ("{source} → not imported: {error}", "{source} → không nhập được: {error}"),
    "report_duplicate": ("{source} → skipped: already in the archive as {path} ({reason}); --allow-duplicates "
                         "writes it anyway",
                         "{source} → bỏ qua: kho bài đã có bài này ở {path} ({reason}); --allow-duplicates "
                         "vẫn ghi bài"),
    "summary": ("{files} file(s): wrote {done}, kept {kept} existing, skipped {duplicates} duplicate(s), "
                "{unreadable} unreadable; {review} need an editor's review (held back from publishing until "
                "their 'review:' notes are removed: tintuc list review)",
                "{files} tệp: đã ghi {done}, giữ nguyên {kept} bài đã có, bỏ qua {duplicates} bài trùng, "
                "{unreadable} tệp không đọc được; {review} bài cần biên tập viên xem lại (chưa được đăng cho tới "
                "khi xoá hết ghi chú trong 'review:': tintuc list review)"),
    "summary_dry_run": ("{files} file(s): would write {done}, kept {kept} existing, skipped {duplicates} "
                        "duplicate(s), {unreadable} unreadable; {review} need an editor's review (held back from "
                        "publishing until their 'review:' notes are removed: tintuc list review)",
                        "{files} tệp: sẽ ghi {done}, giữ nguyên {kept} bài đã có, bỏ qua {duplicates} bài trùng, "
                        "{unreadable} tệp không đọc được; {review} bài cần biên tập viên xem lại (chưa được đăng "
                        "cho tới khi xoá hết ghi chú trong 'review:': tintuc list review)"),
}


@dataclass(frozen=True, slots=True)
class Notes:
    """The importer's messages in one language: `Notes("vi").say("no_date")`.

    A language the table does not have gets English, so that a site configured for a language tintuc
    may learn later still gets readable notes.
    """

    language: str = DEFAULT

    def __post_init__(self) -> None:
        if self.language not in LANGUAGES:
            object.__setattr__(self, "language", DEFAULT)

    def say(self, key: str, **values: object) -> str:
        """The message `key` with its placeholders filled; KeyError for a key the table lacks (a bug here)."""
        english, vietnamese = MESSAGES[key]
        return (vietnamese if self.language == "vi" else english).format(**values)


ENGLISH = Notes("en")
