#!/usr/bin/env python3
"""Generate a deterministic synthetic archive of Vietnamese agency news for benchmarking tintuc.

    python benchmarks/generate.py OUT_DIR --articles N [--seed 1]

writes OUT_DIR/config.yaml and OUT_DIR/content/{year}/{index:05d}-{ascii-words}.md. The same N and
seed give byte-identical files, and the first K articles of a larger archive are those of a smaller one
(one random stream, consumed article by article). Text comes from a syllable-bigram (Markov) model
trained on the real seed articles in tests/fixtures/seeds/, so syllable frequencies are those of real
agency news; every article also gets a lead sentence naming its own place and topic.
"""

from __future__ import annotations

import argparse
import bisect
import itertools
import json
import re
import shutil
import sys
import time
import unicodedata
from pathlib import Path
from random import Random

REPO_ROOT = Path(__file__).resolve().parent.parent
SEEDS_DIR = REPO_ROOT / "tests" / "fixtures" / "seeds"
MARKER = ".generated-by-tintuc-benchmarks"

MIN_WORDS, MAX_WORDS = 300, 1200
MIN_PARAGRAPHS, MAX_PARAGRAPHS = 3, 12
MIN_TITLE_WORDS, MAX_TITLE_WORDS = 6, 14
FIRST_MINUTE = 0                       # 2015-01-01 00:00, counted in minutes
YEARS = range(2015, 2025)              # ten years, 2015-01-01 .. 2024-12-31

CONFIG_YAML = (
    'title: "Tin tức tổng hợp (dữ liệu thử)"\n'
    'description: "Kho tin tổng hợp để đo hiệu năng"\n'
    'base_url: "http://127.0.0.1:8000/"\n'
)

# The 63 province-level units before the 2025 merger.
PROVINCES = (
    "An Giang", "Bà Rịa – Vũng Tàu", "Bạc Liêu", "Bắc Giang", "Bắc Kạn", "Bắc Ninh", "Bến Tre",
    "Bình Dương", "Bình Định", "Bình Phước", "Bình Thuận", "Cà Mau", "Cao Bằng", "Cần Thơ", "Đà Nẵng",
    "Đắk Lắk", "Đắk Nông", "Điện Biên", "Đồng Nai", "Đồng Tháp", "Gia Lai", "Hà Giang", "Hà Nam",
    "Hà Nội", "Hà Tĩnh", "Hải Dương", "Hải Phòng", "Hậu Giang", "Hòa Bình", "TP. Hồ Chí Minh",
    "Hưng Yên", "Khánh Hòa", "Kiên Giang", "Kon Tum", "Lai Châu", "Lâm Đồng", "Lạng Sơn", "Lào Cai",
    "Long An", "Nam Định", "Nghệ An", "Ninh Bình", "Ninh Thuận", "Phú Thọ", "Phú Yên", "Quảng Bình",
    "Quảng Nam", "Quảng Ngãi", "Quảng Ninh", "Quảng Trị", "Sóc Trăng", "Sơn La", "Tây Ninh",
    "Thái Bình", "Thái Nguyên", "Thanh Hóa", "Thừa Thiên Huế", "Tiền Giang", "Trà Vinh",
    "Tuyên Quang", "Vĩnh Long", "Vĩnh Phúc", "Yên Bái",
)
CITIES = {"Cần Thơ", "Đà Nẵng", "Hà Nội", "Hải Phòng"}  # centrally-governed: "thành phố", not "tỉnh"

# Topic tag -> how the topic reads inside a sentence.
TOPICS = {
    "Covid-19": "phòng, chống dịch Covid-19",
    "Hội nghị trực tuyến": "ứng dụng hội nghị trực tuyến",
    "Bầu cử": "bảo đảm y tế phục vụ bầu cử",
    "Tiêm chủng": "tiêm chủng mở rộng",
    "An toàn thực phẩm": "bảo đảm an toàn thực phẩm",
    "Sốt xuất huyết": "phòng, chống sốt xuất huyết",
    "Y tế cơ sở": "củng cố mạng lưới y tế cơ sở",
    "Bảo hiểm y tế": "phát triển bảo hiểm y tế toàn dân",
    "Dân số": "dân số và phát triển",
    "Phòng chống dịch": "phòng, chống dịch bệnh",
    "Khám chữa bệnh": "nâng cao chất lượng khám, chữa bệnh",
    "Chuyển đổi số": "chuyển đổi số trong ngành y tế",
    "Cải cách hành chính": "cải cách thủ tục hành chính",
    "Tay chân miệng": "phòng, chống bệnh tay chân miệng",
    "Bạch hầu": "phòng, chống bệnh bạch hầu",
    "Sởi": "phòng, chống bệnh sởi",
    "Bệnh lao": "phòng, chống bệnh lao",
    "HIV/AIDS": "phòng, chống HIV/AIDS",
    "Sức khỏe sinh sản": "chăm sóc sức khỏe sinh sản",
    "Dinh dưỡng": "cải thiện tình trạng dinh dưỡng trẻ em",
    "Vệ sinh môi trường": "vệ sinh môi trường",
    "Nước sạch": "cung cấp nước sạch nông thôn",
    "Y học cổ truyền": "phát triển y học cổ truyền",
    "Dược": "quản lý dược và mỹ phẩm",
    "Trang thiết bị y tế": "mua sắm trang thiết bị y tế",
    "Đào tạo": "đào tạo nguồn nhân lực y tế",
    "Nghiên cứu khoa học": "nghiên cứu khoa học",
    "Thanh tra y tế": "thanh tra, kiểm tra chuyên ngành y tế",
    "Phòng chống thiên tai": "phòng, chống thiên tai và tìm kiếm cứu nạn",
    "Giao ban": "giao ban công tác y tế",
    "Thi đua khen thưởng": "thi đua, khen thưởng",
    "Công tác Đảng": "xây dựng Đảng",
    "Hội đồng nhân dân": "giám sát của Hội đồng nhân dân",
    "Trạm y tế xã": "nâng cao năng lực trạm y tế xã",
    "Người cao tuổi": "chăm sóc sức khỏe người cao tuổi",
    "Sức khỏe trẻ em": "chăm sóc sức khỏe trẻ em",
    "Tuyên truyền": "truyền thông giáo dục sức khỏe",
    "Cách ly y tế": "quản lý các khu cách ly y tế",
    "Xét nghiệm": "xét nghiệm sàng lọc",
    "Cúm A/H5N1": "phòng, chống cúm A/H5N1",
}
COVID = "Covid-19"
COVID_VARIANT = "COVID-19"       # the same tag in another case: exercises tag merging
COVID_VARIANT_SHARE = 0.2

AUTHORS = (
    "Bạch Vân", "Nguyễn Linh Trang", "Trung Anh", "Công Sơn", "Nguyễn Thị Thu Hà", "Trần Văn Hùng",
    "Lê Minh Tuấn", "Phạm Thị Lan", "Hoàng Quốc Việt", "Vũ Thị Hồng Nhung", "Đặng Văn Lâm",
    "Bùi Thị Thanh Huyền", "Đỗ Mạnh Cường", "Ngô Thị Thúy", "Dương Văn Khánh", "Lý Thị Ngọc Ánh",
    "Hồ Sỹ Tùng", "Phan Thanh Bình", "Võ Thị Kim Oanh", "Trịnh Xuân Thủy", "Mai Anh", "Thu Hằng",
    "Minh Đức", "Hà Phương", "Quang Huy", "Ngọc Hân", "Đinh Thị Hoa", "Lương Văn Tài", "Tạ Thị Mai",
    "Huỳnh Thanh Tâm",
)

ORGANISATIONS = (
    "Sở Y tế", "UBND", "Ban Chỉ đạo phòng, chống dịch", "Trung tâm Kiểm soát bệnh tật",
    "Bệnh viện Đa khoa", "Chi cục An toàn vệ sinh thực phẩm", "Chi cục Dân số", "Thường trực HĐND",
)
TIMES_OF_DAY = ("Sáng", "Chiều", "Ngày", "Sáng ngày", "Chiều ngày", "Tối")
ROMAN_QUARTERS = ("I", "II", "III", "IV")

SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[^\W\d_])")
MIN_SEED_PARAGRAPH_WORDS = 25          # shorter lines in the seeds are captions, bylines, menus
MIN_SENTENCE_WORDS, MAX_SENTENCE_WORDS = 8, 60
END = None                             # end-of-sentence state of the Markov chain


# ---------------------------------------------------------------- the language model

class SyllableModel:
    """A syllable-bigram model of the seed sentences; sentences are drawn from it."""

    def __init__(self, sentences: list[list[str]]) -> None:
        pairs: dict[str, list[str | None]] = {}
        triples: dict[tuple[str, str], list[str | None]] = {}
        for words in sentences:
            following = [*words[1:], END]
            for current, after in zip(words, following, strict=True):
                pairs.setdefault(current, []).append(after)
            for before, current, after in zip(words[:-1], words[1:], following[1:], strict=True):
                triples.setdefault((before, current), []).append(after)
        self.starts = tuple(words[0] for words in sentences)
        self.pairs = {key: tuple(nexts) for key, nexts in sorted(pairs.items())}
        self.triples = {key: tuple(nexts) for key, nexts in sorted(triples.items())}

    def sentence(self, rng: Random) -> list[str]:
        """One sentence of 8–60 syllables with balanced brackets, ending in a full stop or ellipsis.

        Each next syllable comes from the trigram context half of the time and from the bigram context
        otherwise: fluent enough to read as agency news, varied enough not to copy the seeds.
        """
        random, pairs, triples, starts = rng.random, self.pairs, self.triples, self.starts
        while True:
            word = starts[int(random() * len(starts))]
            words = [word]
            previous = None
            following: str | None = word
            for _ in range(MAX_SENTENCE_WORDS - 1):
                draw = random() * 2.0  # below 1: the trigram context (when known), else the bigram one
                if draw < 1.0:
                    nexts = triples.get((previous, word)) or pairs[word]  # type: ignore[arg-type]
                else:
                    nexts = pairs[word]
                    draw -= 1.0
                following = nexts[int(draw * len(nexts))]
                if following is END:
                    break
                previous, word = word, following
                words.append(word)
            if following is not END:  # too long: end it at its last clause boundary
                cut = next((n for n in range(len(words) - 1, MIN_SENTENCE_WORDS - 1, -1)
                            if words[n - 1][-1] in ",;"), 0)
                words = words[:cut]
            if len(words) >= MIN_SENTENCE_WORDS and _balanced(words):
                return _close(words)


def _balanced(words: list[str]) -> bool:
    text = " ".join(words)
    return (text.count("(") == text.count(")") and text.count('"') % 2 == 0
            and text.count("“") == text.count("”"))


def _close(words: list[str]) -> list[str]:
    last = words[-1].rstrip(",;:–-")
    if not last:
        words = words[:-1]
        last = words[-1].rstrip(",;:–-")
    if not last.endswith((".", "…", "!", "?")):
        last += "."
    words[-1] = last
    return words


def read_seed_sentences(seeds_dir: Path) -> list[list[str]]:
    """The sentences of the seed articles' body paragraphs, each a list of syllables, NFC."""
    files = sorted(seeds_dir.glob("*.txt"))
    if not files:
        raise SystemExit(f"generate.py: no seed articles (*.txt) in {seeds_dir}")
    sentences = []
    for file in files:
        text = unicodedata.normalize("NFC", file.read_text(encoding="utf-8-sig"))
        for line in text.splitlines():
            line = " ".join(line.split())
            if len(line.split()) < MIN_SEED_PARAGRAPH_WORDS:
                continue
            for sentence in SENTENCE_END.split(line):
                words = sentence.split()
                if len(words) >= 3:
                    sentences.append(words)
    return sentences


# ---------------------------------------------------------------- helpers

def zipf_cumulative(count: int, exponent: float = 1.0) -> list[float]:
    return list(itertools.accumulate(1.0 / (rank ** exponent) for rank in range(1, count + 1)))


def pick(rng: Random, items: tuple[str, ...] | list[str], cumulative: list[float]) -> str:
    return items[bisect.bisect_right(cumulative, rng.random() * cumulative[-1])]


def place_name(province: str) -> str:
    if province.startswith("TP. "):
        return province
    return f"{'thành phố' if province in CITIES else 'tỉnh'} {province}"


def ascii_words(text: str, limit: int) -> str:
    folded = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    folded = "".join(c for c in folded if not unicodedata.combining(c)).lower()
    words = re.findall(r"[a-z0-9]+", folded)
    return "-".join(words[:limit]) or "bai"


def yaml_string(text: str) -> str:
    """A double-quoted YAML scalar (JSON string syntax is a subset of YAML's)."""
    return json.dumps(text, ensure_ascii=False)


PLAIN_SAFE = re.compile(r"[^\W\d_][\w .–/-]*[\w.]")


def yaml_flow_item(text: str) -> str:
    return text if PLAIN_SAFE.fullmatch(text) and ": " not in text else yaml_string(text)


def capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


# ---------------------------------------------------------------- one article

class ArchiveWriter:
    def __init__(self, seed: int, seeds_dir: Path) -> None:
        self.rng = Random(seed)
        self.model = SyllableModel(read_seed_sentences(seeds_dir))
        # Tag popularity: Covid-19 and online conferences lead, then a seeded mix of places and topics.
        topics = list(TOPICS)
        rest = [t for t in topics[2:]] + list(PROVINCES)
        Random(seed).shuffle(rest)
        self.tags = topics[:2] + rest
        self.tag_weights = zipf_cumulative(len(self.tags))
        self.author_weights = zipf_cumulative(len(AUTHORS), exponent=0.6)

    # -- front matter parts

    def choose_tags(self) -> list[str]:
        rng = self.rng
        count = pick(rng, ("1", "2", "3", "4"), [0.2, 0.55, 0.85, 1.0])
        chosen: list[str] = []
        while len(chosen) < int(count):
            tag = pick(rng, self.tags, self.tag_weights)
            if tag not in chosen:
                chosen.append(tag)
        return chosen

    def choose_date(self) -> str:
        minutes = self.rng.randrange(0, 3653 * 24 * 60)         # 2015-01-01 .. 2024-12-31 (3,653 days)
        day, minute = divmod(minutes, 24 * 60)
        return f"{_date_of(day)} {minute // 60:02d}:{minute % 60:02d}"

    def title(self, province: str, topic: str, year: str) -> str:
        rng = self.rng
        phrase = TOPICS[topic]
        place = place_name(province)
        templates = (
            f"Hội nghị trực tuyến về công tác {phrase} trên địa bàn {place}",
            f"{province} triển khai công tác {phrase} năm {year}",
            f"Tăng cường công tác {phrase} tại {place}",
            f"Giao ban công tác y tế quý {rng.choice(ROMAN_QUARTERS)} năm {year} tại {place}",
            f"Kiểm tra công tác {phrase} tại các huyện của {place}",
            f"Tập huấn {phrase} cho cán bộ y tế cơ sở {place}",
            f"{rng.choice(ORGANISATIONS)} {place} sơ kết công tác {phrase}",
        )
        fitting = [t for t in templates if MIN_TITLE_WORDS <= len(t.split()) <= MAX_TITLE_WORDS]
        if rng.random() < 0.75 and fitting:
            return rng.choice(fitting)
        while True:  # a title cut from a generated sentence at a clause boundary
            words = self.model.sentence(rng)
            ends = [n for n in range(MIN_TITLE_WORDS, min(len(words), MAX_TITLE_WORDS) + 1)
                    if words[n - 1].endswith((",", ";", ".", "…")) and len(words[n - 1]) > 1]
            if ends:
                words = words[: rng.choice(ends)]
                words[-1] = words[-1].rstrip(",;.…/")
                return capitalise(" ".join(words))

    def lead(self, province: str, topic: str, date: str) -> list[str]:
        rng = self.rng
        day, month = int(date[8:10]), int(date[5:7])
        text = (f"{rng.choice(TIMES_OF_DAY)} {day}/{month}, {rng.choice(ORGANISATIONS)} "
                f"{place_name(province)} "
                f"tổ chức hội nghị triển khai công tác {TOPICS[topic]} với sự tham dự của đại diện "
                f"lãnh đạo các sở, ngành, Trung tâm Y tế các huyện, thành phố.")
        return text.split()

    # -- body

    def body(self, lead: list[str]) -> tuple[list[str], int]:
        """3–12 paragraphs of 300–1,200 words in all; returns the paragraphs and the word count."""
        rng = self.rng
        target = rng.randint(MIN_WORDS, MAX_WORDS)
        lo = max(MIN_PARAGRAPHS, -(-target // 220))
        hi = min(MAX_PARAGRAPHS, target // 35)
        count = rng.randint(lo, hi)
        shares = [rng.uniform(0.5, 1.5) for _ in range(count)]
        budgets = [max(1, round(target * share / sum(shares))) for share in shares]
        paragraphs: list[list[list[str]]] = []
        for index, budget in enumerate(budgets):
            sentences = [lead] if index == 0 else []
            used = len(lead) if index == 0 else 0
            while used < budget or not sentences:
                sentence = self.model.sentence(rng)
                sentences.append(sentence)
                used += len(sentence)
            paragraphs.append(sentences)
        total = sum(len(s) for p in paragraphs for s in p)
        while total > MAX_WORDS:  # each paragraph overshoots by less than a sentence: trim the longest
            longest = max((p for p in paragraphs if len(p) > 1), key=lambda p: sum(map(len, p)))
            total -= len(longest.pop())
        if rng.random() < 0.3:  # a little Markdown emphasis, as editors add
            sentence = rng.choice(paragraphs[rng.randrange(len(paragraphs))])
            span = min(len(sentence) - 1, rng.randint(2, 5))
            sentence[0] = "**" + sentence[0]
            sentence[span - 1] = sentence[span - 1] + "**"
        return [" ".join(" ".join(s) for s in p) for p in paragraphs], total

    def article(self, index: int) -> tuple[str, str, int]:
        """(relative path, file text, word count) of article number `index`."""
        rng = self.rng
        date = self.choose_date()
        year = date[:4]
        tags = self.choose_tags()
        province = next((t for t in tags if t in PROVINCES), None) or rng.choice(PROVINCES)
        topic = next((t for t in tags if t in TOPICS), None) or rng.choice(list(TOPICS))
        title = self.title(province, topic, year)
        author = pick(rng, AUTHORS, self.author_weights)
        lead = self.lead(province, topic, date)
        paragraphs, words = self.body(lead)
        summary = None
        if rng.random() < 0.5:
            summary_words = " ".join(paragraphs[0].split()[: rng.randint(25, 45)]).rstrip(",;:.…–-") + "…"
            summary = summary_words.replace("**", "")
        tags = [COVID_VARIANT if t == COVID and rng.random() < COVID_VARIANT_SHARE else t for t in tags]

        words_ascii = ascii_words(title, 6)
        slug = f"bai-{index:05d}-{words_ascii}"
        lines = [
            "---",
            f"title: {yaml_string(title)}",
            f"slug: {slug}",
            f"date: {date}",
            f"tags: [{', '.join(yaml_flow_item(t) for t in tags)}]",
            f"author: {yaml_flow_item(author)}",
        ]
        if summary is not None:
            lines.append(f"summary: {yaml_string(summary)}")
        lines += ["---", ""]
        text = "\n".join(lines) + "\n" + "\n\n".join(paragraphs) + "\n"
        return f"{year}/{index:05d}-{ascii_words(title, 5)}.md", unicodedata.normalize("NFC", text), words


_DAYS_BEFORE_YEAR = list(itertools.accumulate((366 if y % 4 == 0 else 365 for y in YEARS), initial=0))


def _date_of(day: int) -> str:
    year_index = bisect.bisect_right(_DAYS_BEFORE_YEAR, day) - 1
    year = YEARS[year_index]
    day -= _DAYS_BEFORE_YEAR[year_index]
    months = [31, 29 if year % 4 == 0 else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    month = 0
    while day >= months[month]:
        day -= months[month]
        month += 1
    return f"{year}-{month + 1:02d}-{day + 1:02d}"


# ---------------------------------------------------------------- the archive

def generate(out_dir: Path, articles: int, seed: int, seeds_dir: Path = SEEDS_DIR) -> tuple[int, int]:
    """Write the archive; returns (articles, total words)."""
    writer = ArchiveWriter(seed, seeds_dir)  # reads the seeds first: a missing seed folder changes nothing
    content = out_dir / "content"
    if content.exists():
        if not (out_dir / MARKER).exists():
            raise SystemExit(f"generate.py: {content} exists and was not made by this script; "
                             "choose an empty folder")
        shutil.rmtree(content)
    content.mkdir(parents=True)
    (out_dir / MARKER).write_text(f"generate.py --articles {articles} --seed {seed}\n", encoding="utf-8")
    (out_dir / "config.yaml").write_bytes(CONFIG_YAML.encode("utf-8"))
    for year in YEARS:
        (content / str(year)).mkdir()
    total_words = 0
    for index in range(1, articles + 1):
        relative, text, words = writer.article(index)
        (content / relative).write_bytes(text.encode("utf-8"))
        total_words += words
    return articles, total_words


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out_dir", type=Path, metavar="OUT_DIR")
    parser.add_argument("--articles", type=int, required=True, metavar="N")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--seeds-dir", type=Path, default=SEEDS_DIR, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.articles < 1:
        parser.error("--articles must be at least 1")
    started = time.perf_counter()
    count, words = generate(args.out_dir, args.articles, args.seed, args.seeds_dir)
    print(f"{count} articles, {words} words, {time.perf_counter() - started:.2f} s -> {args.out_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
