"""`tintuc deploy` against a real S3 API: moto's server on a loopback port, spoken to over HTTP by boto3.

The server logs every request it answers before it answers it, so the order of uploads and deletions
the tests check is the order the storage saw, not the order tintuc meant.
"""

from __future__ import annotations

import itertools
import logging
import re
import signal
import subprocess
import sys
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from conftest import Project, article
from tintuc.build import Builder
from tintuc.cli import main
from tintuc.config import load_config
from tintuc.deploy_config import IMMUTABLE, SHORT, cache_control, content_type, parse_deploy
from tintuc.errors import BuildFailed

boto3 = pytest.importorskip("boto3")
moto_server = pytest.importorskip("moto.server")

MANIFEST = ".tintuc-deploy.json"
_BUCKETS = itertools.count(1)


class _Requests(logging.Handler):
    """The request lines the server logs ('PUT /bucket/key'), in the order it handled them."""

    def __init__(self) -> None:
        super().__init__()
        self.lines: list[tuple[str, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        found = re.search(r'"([A-Z]+) (\S+) HTTP', record.getMessage())
        if found:
            self.lines.append((found.group(1), urllib.parse.unquote(found.group(2))))


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[str, _Requests]]:
    """moto's S3 server on a free loopback port, for the tests of this module."""
    requests = _Requests()
    log = logging.getLogger("werkzeug")
    level, propagate = log.level, log.propagate
    log.setLevel(logging.INFO)
    log.propagate = False
    log.addHandler(requests)
    running = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    running.start()
    host, port = running.get_host_and_port()
    try:
        yield f"http://{host}:{port}", requests
    finally:
        running.stop()
        log.removeHandler(requests)
        log.setLevel(level)
        log.propagate = propagate


@dataclass
class Bucket:
    name: str
    endpoint: str
    client: Any
    requests: _Requests

    def keys(self) -> set[str]:
        pages = self.client.get_paginator("list_objects_v2").paginate(Bucket=self.name)
        return {item["Key"] for page in pages for item in page.get("Contents", ())}

    def listing(self) -> dict[str, tuple[str, Any]]:
        """key -> (ETag, LastModified)."""
        pages = self.client.get_paginator("list_objects_v2").paginate(Bucket=self.name)
        return {item["Key"]: (item["ETag"], item["LastModified"])
                for page in pages for item in page.get("Contents", ())}

    def get(self, key: str) -> dict[str, Any]:
        return self.client.get_object(Bucket=self.name, Key=key)

    def state(self) -> dict[str, tuple[bytes, str, str, str | None, dict[str, str]]]:
        """Everything a reader or the next deploy sees of each object."""
        found = {}
        for key in sorted(self.keys()):
            answer = self.get(key)
            found[key] = (answer["Body"].read(), answer.get("ContentType"), answer.get("CacheControl"),
                          answer.get("WebsiteRedirectLocation"), answer.get("Metadata", {}))
        return found

    def mark(self) -> int:
        return len(self.requests.lines)

    def since(self, mark: int) -> list[tuple[str, str]]:
        """The requests on this bucket since `mark`: (method, key or '?delete')."""
        found = []
        for method, path in self.requests.lines[mark:]:
            bucket, _, rest = path.lstrip("/").partition("/")
            if bucket.split("?")[0] == self.name:
                found.append((method, rest or bucket.partition("?")[2]))
        return found


@pytest.fixture
def bucket(server: tuple[str, _Requests], monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Bucket:
    """A new empty bucket, and test credentials in the environment only (no profile files of the host)."""
    endpoint, requests = server
    for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_S3"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "thu-nghiem")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "thu-nghiem-bi-mat")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "no-aws-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "no-aws-credentials"))
    client = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1")
    name = f"tin-tuc-{next(_BUCKETS)}"
    client.create_bucket(Bucket=name)
    return Bucket(name, endpoint, client, requests)


def configure(project: Project, bucket: Bucket, extra: str = "", name: str | None = None) -> None:
    project.write_config(f"title: Thử nghiệm\nbase_url: https://example.gov.vn/\ndeploy:\n"
                         f"  endpoint: {bucket.endpoint}\n  bucket: {name or bucket.name}\n{extra}")


def build(project: Project) -> dict[str, bytes]:
    builder = Builder(project.config())
    try:
        builder.build()
    finally:
        builder.close()
    return {p.relative_to(project.public).as_posix(): p.read_bytes()
            for p in sorted(project.public.rglob("*")) if p.is_file() and p.name != ".tintuc"}


def deploy(project: Project, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
           *args: str) -> tuple[int, str, str]:
    monkeypatch.chdir(project.root)
    code = main(["deploy", *args])
    out, err = capsys.readouterr()
    return code, out, err


def news(project: Project, count: int, start: int = 1, **fields: str) -> None:
    for n in range(start, start + count):
        day = 1 + n % 28
        project.add(f"2021/tin-{n}.md", article(title=f"Tin số {n} về tiêm chủng ở xã Đồng Tâm",
                                                date=f"2021-0{1 + n % 9}-{day:02d} 08:{n % 60:02d}",
                                                body=f"Bài {n}: đoàn y tế đến từng thôn.", tags="[Y tế]", **fields))


def summary(out: str) -> tuple[int, int, int]:
    found = re.search(r": (\d+) uploaded .*?, (\d+) unchanged, (\d+) deleted in", out)
    assert found, out
    return int(found.group(1)), int(found.group(2)), int(found.group(3))


# --- headers --------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("rel", "kind", "cache"), [
    ("index.html", "text/html; charset=utf-8", SHORT),
    ("2021/08/bai/index.html", "text/html; charset=utf-8", SHORT),
    ("feed.xml", "application/xml; charset=utf-8", SHORT),
    ("sitemap.xml", "application/xml; charset=utf-8", SHORT),
    ("robots.txt", "text/plain; charset=utf-8", SHORT),
    ("_redirects", "text/plain; charset=utf-8", SHORT),
    ("search/manifest.794d2a51b3b29002.json", "application/json; charset=utf-8", IMMUTABLE),
    ("search/index.html", "text/html; charset=utf-8", SHORT),
    ("static/css/style.css", "text/css; charset=utf-8", IMMUTABLE),
    ("static/js/search-page.js", "text/javascript; charset=utf-8", IMMUTABLE),
    ("static/favicon.svg", "image/svg+xml; charset=utf-8", IMMUTABLE),
    ("anh/cau-moi.webp", "image/webp", "public, max-age=86400"),
    ("tai-lieu/ke-hoach.pdf", "application/pdf", "public, max-age=86400"),
    ("search/ghi-chu.json", "application/json; charset=utf-8", "public, max-age=86400"),  # no hash: not immutable
])
def test_headers_by_pattern(rel: str, kind: str, cache: str) -> None:
    settings = parse_deploy({"bucket": "tin-tuc"})
    assert settings is not None
    assert content_type(rel) == kind
    assert cache_control(rel, settings) == cache


def test_cache_rules_of_the_site_come_first() -> None:
    settings = parse_deploy({"bucket": "tin-tuc", "cache_control": [
        {"pattern": "anh/**", "value": IMMUTABLE}, {"pattern": "*.html", "value": "no-cache"}]})
    assert settings is not None
    assert cache_control("anh/2021/cau.webp", settings) == IMMUTABLE
    assert cache_control("index.html", settings) == "no-cache"
    assert cache_control("2021/index.html", settings) == SHORT  # '*' stays in one folder


# --- configuration ----------------------------------------------------------------------------------------

def test_credentials_in_config_are_refused_at_their_line_and_never_echoed(project: Project) -> None:
    project.write_config("title: A\ndeploy:\n  bucket: tin-tuc\n  access_key: AKIAKHOABIMAT\n"
                         "  secret_access_key: matkhau-rat-bi-mat\n")
    with pytest.raises(BuildFailed) as failed:
        load_config(project.root / "config.yaml")
    text = "\n".join(p.format(project.root) for p in failed.value.problems)
    assert "config.yaml:4:" in text and "no credentials in config.yaml" in text and "AWS_ACCESS_KEY_ID" in text
    assert "AKIAKHOABIMAT" not in text and "matkhau-rat-bi-mat" not in text
    done = subprocess.run([sys.executable, "-m", "tintuc", "deploy"], cwd=project.root, text=True,
                          capture_output=True, timeout=60, check=False)
    assert done.returncode == 1 and "no credentials" in done.stderr and "Traceback" not in done.stderr
    assert "AKIAKHOABIMAT" not in done.stderr + done.stdout
    project.write_config("title: A\ndeploy:\n  bucket: tin-tuc\n  endpoint: https://ai:matkhau@s3.example.vn\n")
    with pytest.raises(BuildFailed) as failed:
        load_config(project.root / "config.yaml")
    text = failed.value.problems[0].format(project.root)
    assert "config.yaml:4:" in text and "matkhau" not in text


@pytest.mark.parametrize(("deploy", "line", "expected"), [
    ("  bucket: tin-tuc\n  prefx: a\n", 4, "did you mean 'prefix'?"),
    ("  bucket: tin-tuc\n  prefix: /tin-tuc\n", 4, "no leading '/'"),
    ("  bucket: tin-tuc\n  prefix: a/../b\n", 4, "no '.' or '..'"),
    ("  bucket: Tin_Tuc\n", 3, "bucket name"),
    ("  endpoint: s3.example.vn\n  bucket: tin-tuc\n", 3, "http(s) address"),
    ("  bucket: tin-tuc\n  max_deletes: -1\n", 4, "0 or more"),
    ("  bucket: tin-tuc\n  cache_control: [{pattern: '*.html'}]\n", 4, "exactly 'pattern' and 'value'"),
    ("  region: hn-1\n", 2, "the name of the bucket"),
])
def test_deploy_settings_are_validated_at_their_line(project: Project, deploy: str, line: int,
                                                     expected: str) -> None:
    project.write_config("title: A\ndeploy:\n" + deploy)
    with pytest.raises(BuildFailed) as failed:
        load_config(project.root / "config.yaml")
    text = failed.value.problems[0].format(project.root)
    assert text.startswith(f"config.yaml:{line}: 'deploy' has the wrong form") and expected in text


def test_settings_parse() -> None:
    settings = parse_deploy({"endpoint": "https://s3.example-cloud.vn/", "bucket": "tin-tuc", "prefix": "so/yte/",
                             "region": "hn-1", "max_deletes": 0})
    assert settings is not None
    assert (settings.endpoint, settings.prefix, settings.region, settings.max_deletes) == \
        ("https://s3.example-cloud.vn", "so/yte", "hn-1", 0)
    assert settings.key("index.html") == "so/yte/index.html"
    assert parse_deploy({"bucket": "tin-tuc"}).max_deletes == 256  # type: ignore[union-attr]


# --- refusals before anything is sent -----------------------------------------------------------------------

def test_needs_a_build_a_deploy_section_and_boto3(project: Project, bucket: Bucket, monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    project.add("a.md", article())
    code, _, err = deploy(project, monkeypatch, capsys)
    assert code == 2 and "no 'deploy:' section" in err
    configure(project, bucket)
    code, _, err = deploy(project, monkeypatch, capsys)
    assert code == 2 and "run tintuc build first" in err
    build(project)
    monkeypatch.setitem(sys.modules, "boto3", None)  # as if not installed
    code, _, err = deploy(project, monkeypatch, capsys)
    assert code == 2 and "pip install 'tintuc[deploy]'" in err
    assert bucket.keys() == set()


def test_refuses_a_site_built_for_local_preview(project: Project, bucket: Bucket, monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    configure(project, bucket)
    project.add("a.md", article())
    builder = Builder(project.config(base_url="http://127.0.0.1:8000/"))  # what `tintuc serve` writes
    builder.build()
    builder.close()
    code, _, err = deploy(project, monkeypatch, capsys)
    assert code == 2 and "local preview" in err and bucket.keys() == set()


def test_storage_failures_exit_1_with_the_storage_message(project: Project, bucket: Bucket,
                                                          monkeypatch: pytest.MonkeyPatch,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    configure(project, bucket, name="khong-co-kho-nay")
    project.add("a.md", article())
    build(project)
    code, _, err = deploy(project, monkeypatch, capsys)
    assert code == 1 and "NoSuchBucket" in err and "Traceback" not in err
    monkeypatch.delenv("AWS_ACCESS_KEY_ID")
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")
    code, _, err = deploy(project, monkeypatch, capsys)
    assert code == 2 and "AWS_ACCESS_KEY_ID" in err


# --- deploying ------------------------------------------------------------------------------------------------

def test_first_deploy_uploads_everything_with_its_headers(project: Project, bucket: Bucket,
                                                          monkeypatch: pytest.MonkeyPatch,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    configure(project, bucket)
    news(project, 3)
    local = build(project)
    code, out, err = deploy(project, monkeypatch, capsys)
    assert code == 0, err
    assert summary(out) == (len(local), 0, 0)
    state = bucket.state()
    assert set(state) == set(local) | {MANIFEST}
    for rel, data in local.items():
        body, kind, cache, _, meta = state[rel]
        assert body == data
        assert (kind, cache) == (content_type(rel), cache_control(rel, load_config(project.root / "config.yaml")
                                                                   .deploy))  # type: ignore[arg-type]
        assert len(meta["sha256"]) == 64
    assert state["index.html"][1:3] == ("text/html; charset=utf-8", SHORT)
    assert state["static/css/style.css"][1:3] == ("text/css; charset=utf-8", IMMUTABLE)
    hashed = [rel for rel in local if re.fullmatch(r"search/manifest\.[0-9a-f]+\.json", rel)]
    assert hashed and state[hashed[0]][1:3] == ("application/json; charset=utf-8", IMMUTABLE)


def test_aliases_become_website_redirects(project: Project, bucket: Bucket, monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    configure(project, bucket)
    project.add("2021/mot.md", article(title="Lịch tiêm đợt hai", aliases='["/tin-cu/lich-tiem.aspx", '
                                                                         '"/tin-cu/trang-12.html"]'))
    local = build(project)
    assert "tin-cu/lich-tiem.aspx/index.html" in local
    code, _, err = deploy(project, monkeypatch, capsys)
    assert code == 0, err
    for key in ("tin-cu/lich-tiem.aspx/index.html", "tin-cu/trang-12.html"):
        answer = bucket.get(key)
        assert answer["WebsiteRedirectLocation"] == "/2021/08/lich-tiem-dot-hai/"
        assert answer["Body"].read() == local[key]  # the redirect page too, for hosts without S3's redirects
    assert "WebsiteRedirectLocation" not in bucket.get("2021/08/lich-tiem-dot-hai/index.html")


def test_a_second_deploy_uploads_nothing(project: Project, bucket: Bucket, monkeypatch: pytest.MonkeyPatch,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    configure(project, bucket)
    news(project, 4)
    local = build(project)
    assert deploy(project, monkeypatch, capsys)[0] == 0
    before = bucket.listing()
    mark = bucket.mark()
    code, out, err = deploy(project, monkeypatch, capsys)
    assert code == 0, err
    assert summary(out) == (0, len(local), 0)
    assert bucket.listing() == before
    sent = bucket.since(mark)
    assert not [r for r in sent if r[0] in ("PUT", "POST", "DELETE", "HEAD")], sent  # the manifest sufficed


def test_a_one_article_edit_uploads_only_the_changed_files(project: Project, bucket: Bucket,
                                                           monkeypatch: pytest.MonkeyPatch,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    configure(project, bucket)
    news(project, 6)
    before = build(project)
    assert deploy(project, monkeypatch, capsys)[0] == 0
    project.add("2021/tin-3.md", article(title="Tin số 3 về tiêm chủng ở xã Đồng Tâm", date="2021-04-04 08:03",
                                         body="Bài 3 đã sửa: thêm lịch tiêm ở thôn Đoài.", tags="[Y tế]"))
    after = build(project)
    changed = {rel for rel, data in after.items() if before.get(rel) != data}
    assert "2021/04/tin-so-3-ve-tiem-chung-o-xa-dong-tam/index.html" in changed
    assert len(changed) < len(after) // 2
    mark = bucket.mark()
    code, out, err = deploy(project, monkeypatch, capsys)
    assert code == 0, err
    uploaded = {key for method, key in bucket.since(mark) if method == "PUT"} - {MANIFEST}
    assert uploaded == changed
    gone = set(before) - set(after)
    assert summary(out) == (len(changed), len(after) - len(changed), len(gone))
    assert {k: v[0] for k, v in bucket.state().items() if k != MANIFEST} == after


def test_new_files_first_pages_after_them_deletions_last(project: Project, bucket: Bucket,
                                                         monkeypatch: pytest.MonkeyPatch,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    configure(project, bucket)
    news(project, 5)
    before = build(project)
    assert deploy(project, monkeypatch, capsys)[0] == 0
    (project.root / "content/2021/tin-2.md").unlink()
    news(project, 2, start=20)
    after = build(project)
    gone = set(before) - set(after)
    assert any(rel.endswith("index.html") and "tin-so-2-" in rel for rel in gone)
    mark = bucket.mark()
    code, out, err = deploy(project, monkeypatch, capsys)
    assert code == 0, err
    sent = [(m, k) for m, k in bucket.since(mark) if m in ("PUT", "POST") and k != MANIFEST]
    assert sent[-1] == ("POST", "delete")  # one batch, after every upload
    puts = [k for m, k in sent if m == "PUT"]
    new = [k for k in puts if k not in before]
    kinds = [(k not in new, k.endswith((".html", ".xml"))) for k in puts]
    assert kinds == sorted(kinds), "new before changed, files before pages"
    assert not gone & bucket.keys()
    assert summary(out)[2] == len(gone)


def test_the_deletion_guard(project: Project, bucket: Bucket, monkeypatch: pytest.MonkeyPatch,
                            capsys: pytest.CaptureFixture[str]) -> None:
    configure(project, bucket, "  max_deletes: 1\n")
    news(project, 5)
    build(project)
    assert deploy(project, monkeypatch, capsys)[0] == 0
    for n in (1, 2):
        (project.root / f"content/2021/tin-{n}.md").unlink()
    after = build(project)
    state = bucket.state()
    code, _, err = deploy(project, monkeypatch, capsys)
    assert code == 2 and "refusing to delete" in err and "--force" in err
    assert bucket.state() == state  # nothing uploaded, nothing deleted
    code, out, err = deploy(project, monkeypatch, capsys, "--dry-run")  # says what a real run would do
    assert code == 2 and "refusing to delete" in err
    assert sum(line.startswith("delete ") for line in out.splitlines()) > 1
    code, out, err = deploy(project, monkeypatch, capsys, "--force")
    assert code == 0, err
    assert bucket.keys() == set(after) | {MANIFEST}


def test_dry_run_lists_every_action_and_changes_nothing(project: Project, bucket: Bucket,
                                                        monkeypatch: pytest.MonkeyPatch,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    configure(project, bucket)
    news(project, 4)
    first = build(project)
    code, out, _ = deploy(project, monkeypatch, capsys, "--dry-run")
    assert code == 0 and bucket.keys() == set()
    assert {line for line in out.splitlines() if not line.startswith("Dry run")} == {f"new {k}" for k in first}
    assert deploy(project, monkeypatch, capsys)[0] == 0
    (project.root / "content/2021/tin-1.md").unlink()
    project.add("2021/tin-2.md", article(title="Tin số 2 về tiêm chủng ở xã Đồng Tâm", date="2021-03-03 08:02",
                                         body="Đã sửa.", tags="[Y tế]", aliases='["/cu/tin-hai.html"]'))
    after = build(project)
    state = bucket.state()
    mark = bucket.mark()
    code, out, err = deploy(project, monkeypatch, capsys, "--dry-run")
    assert code == 0, err
    assert bucket.state() == state
    assert not [r for r in bucket.since(mark) if r[0] in ("PUT", "POST", "DELETE")]
    expected = {f"delete {k}" for k in set(first) - set(after)}
    expected |= {f"new {k}" for k in set(after) - set(first) if k != "cu/tin-hai.html"}
    expected |= {f"update {k}" for k in set(after) & set(first) if after[k] != first[k]}
    expected.add("redirect cu/tin-hai.html -> /2021/03/tin-so-2-ve-tiem-chung-o-xa-dong-tam/")
    lines = out.splitlines()
    assert lines[-1].startswith("Dry run:") and "nothing was changed" in lines[-1]
    assert set(lines[:-1]) == expected and len(lines[:-1]) == len(expected)
    assert all(line.startswith("delete ") for line in lines[-1 - len(set(first) - set(after)):-1])


def test_prefix_keeps_the_rest_of_the_bucket(project: Project, bucket: Bucket, monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    bucket.client.put_object(Bucket=bucket.name, Key="khac/giu-lai.txt", Body=b"cua don vi khac")
    bucket.client.put_object(Bucket=bucket.name, Key="so-y-te-cu/index.html", Body=b"x")
    configure(project, bucket, "  prefix: so-y-te\n")
    news(project, 2)
    local = build(project)
    code, out, err = deploy(project, monkeypatch, capsys)
    assert code == 0, err
    assert bucket.keys() == {f"so-y-te/{rel}" for rel in [*local, MANIFEST]} | {"khac/giu-lai.txt",
                                                                               "so-y-te-cu/index.html"}
    assert summary(out)[2] == 0


def test_a_new_cache_rule_reuploads_only_the_files_it_affects(project: Project, bucket: Bucket,
                                                              monkeypatch: pytest.MonkeyPatch,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    configure(project, bucket)
    news(project, 2)
    build(project)
    assert deploy(project, monkeypatch, capsys)[0] == 0
    configure(project, bucket, '  cache_control:\n    - {pattern: "*.xml", value: "public, max-age=60"}\n')
    mark = bucket.mark()
    code, out, err = deploy(project, monkeypatch, capsys)
    assert code == 0, err
    assert {k for m, k in bucket.since(mark) if m == "PUT"} == {"feed.xml", "sitemap.xml", MANIFEST}
    assert bucket.get("feed.xml")["CacheControl"] == "public, max-age=60"


def test_a_lost_manifest_costs_requests_not_uploads(project: Project, bucket: Bucket,
                                                    monkeypatch: pytest.MonkeyPatch,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    configure(project, bucket)
    news(project, 2)
    local = build(project)
    assert deploy(project, monkeypatch, capsys)[0] == 0
    bucket.client.delete_object(Bucket=bucket.name, Key=MANIFEST)
    bucket.client.put_object(Bucket=bucket.name, Key="index.html", Body=b"sua tay")  # changed by hand
    code, out, err = deploy(project, monkeypatch, capsys)
    assert code == 0, err
    assert summary(out) == (1, len(local) - 1, 0)
    assert bucket.get("index.html")["Body"].read() == local["index.html"]


# --- an interrupted deploy ------------------------------------------------------------------------------------

_LINK = re.compile(r'(?:href|src|data-manifest)="([^"]*)"')


def _target(link: str, base: str = "https://example.gov.vn/") -> str | None:
    """The key a link of a page reaches, or None for another site or an in-page anchor."""
    if link.startswith(base):
        link = "/" + link[len(base):]
    if not link.startswith("/") or link.startswith("//"):
        return None
    path = urllib.parse.unquote(urllib.parse.urlsplit(link).path).lstrip("/")
    return path + "index.html" if path == "" or path.endswith("/") else path


def broken_links(bucket: Bucket, start: set[str]) -> list[tuple[str, str]]:
    """Links to missing objects on the pages a reader can reach from `start` (addresses that existed
    before the deploy began), following links from page to page."""
    keys = bucket.keys()
    seen, todo, broken = set(), [k for k in start if k in keys], []
    while todo:
        key = todo.pop()
        if key in seen or not key.endswith(".html"):
            continue
        seen.add(key)
        for link in _LINK.findall(bucket.get(key)["Body"].read().decode()):
            target = _target(link)
            if target is None:
                continue
            if target not in keys:
                broken.append((key, target))
            else:
                todo.append(target)
    return broken


# `tintuc deploy` in a process that kills itself (SIGKILL: no cleanup, no handler runs) once `limit` uploads
# have been answered. The counting wraps the deploy from outside; tintuc's own code is unchanged.
_KILLED_AFTER = """
import os, signal, sys, threading
from tintuc import deploy_s3
from tintuc.cli import main

limit, done, lock = int(sys.argv[1]), [0], threading.Lock()
request = deploy_s3.Storage._call

def counted(self, what, call):  # the site's uploads; the deploy's own manifest comes after its deletions
    answer = request(self, what, call)
    if what.startswith("upload ") and not what.endswith(".tintuc-deploy.json"):
        with lock:
            done[0] += 1
            if done[0] >= limit:
                os.kill(os.getpid(), signal.SIGKILL)
    return answer

deploy_s3.Storage._call = counted
sys.exit(main(["deploy"]))
"""


def test_an_interrupted_deploy_converges_and_never_breaks_a_link(project: Project, bucket: Bucket,
                                                                 monkeypatch: pytest.MonkeyPatch,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    configure(project, bucket)
    news(project, 30)
    before = build(project)
    assert deploy(project, monkeypatch, capsys)[0] == 0
    old = bucket.keys()
    for n in (3, 7, 11):
        (project.root / f"content/2021/tin-{n}.md").unlink()
    news(project, 4, start=12, summary="Đã cập nhật số liệu.")  # edited
    news(project, 120, start=100)  # new
    after = build(project)
    new = set(after) - set(before)
    changed = {rel for rel in set(after) & set(before) if after[rel] != before[rel]}
    pages = {rel for rel in after if rel.endswith((".html", ".xml"))}
    assert len(new & pages) > 100 and len(changed & pages) > 20
    # Killed again and again, each time after 40 more uploads, until a run finishes.
    seen_steps = set()
    for _ in range(40):
        done = subprocess.run([sys.executable, "-c", _KILLED_AFTER, "40"], cwd=project.root, capture_output=True,
                              text=True, timeout=120, check=False)
        if done.returncode == 0:
            break
        assert done.returncode == -signal.SIGKILL, done.stderr
        keys = bucket.keys()
        assert old <= keys, "nothing is deleted before every upload is done"
        assert broken_links(bucket, old) == [], "a page a reader can reach links to a missing object"
        updated = {rel for rel in changed if bucket.get(rel)["Body"].read() == after[rel]}
        # Which step the kill stopped: new files, new pages, changed files, changed pages.
        for step, files, present in (("new files", new - pages, keys), ("new pages", new & pages, keys),
                                     ("changed files", changed - pages, updated),
                                     ("changed pages", changed & pages, updated)):
            if 0 < len(files & present) < len(files):
                seen_steps.add(step)
    else:
        pytest.fail("the deploy never finished")
    assert {"new pages", "changed pages"} <= seen_steps, seen_steps  # stopped inside both, at least
    assert not (set(before) - set(after)) & bucket.keys()
    assert broken_links(bucket, set(after)) == []
    code, out, err = deploy(project, monkeypatch, capsys)
    assert code == 0, err
    assert summary(out) == (0, len(after), 0)  # converged: nothing left to do
    # The same bucket as a clean deploy of the same build into an empty one.
    clean = Bucket(f"{bucket.name}-sach", bucket.endpoint, bucket.client, bucket.requests)
    bucket.client.create_bucket(Bucket=clean.name)
    (project.root / "sach.yaml").write_text((project.root / "config.yaml").read_text(encoding="utf-8")
                                            .replace(f"bucket: {bucket.name}\n", f"bucket: {clean.name}\n"),
                                            encoding="utf-8")
    code, _, err = deploy(project, monkeypatch, capsys, "--config", "sach.yaml")
    assert code == 0, err
    assert bucket.state() == clean.state()
    # The link check is not blind: a missing page is found.
    clean.client.delete_object(Bucket=clean.name, Key=sorted(new & pages)[0])
    assert broken_links(clean, set(after))
