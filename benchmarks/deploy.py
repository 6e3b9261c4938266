#!/usr/bin/env python3
"""`tintuc deploy` on a large site against a real S3 API (moto's server, in its own process, on loopback).

    python benchmarks/deploy.py [--articles 10000] [--workdir /tmp/tintuc-deploy-bench]

Makes a site of short articles (tags, dates over ten years), builds it, then times with the wall clock:
the first deploy into an empty bucket, a second deploy with nothing changed, and a deploy after one
article is edited and the site rebuilt; each line shows the command's exit code and its summary line.
Real storage adds a network round trip per request: these figures are the tool's own cost.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

from conftest import Project, article  # noqa: E402  (the tests' site helpers)

SERVER = """
import logging, time
logging.getLogger("werkzeug").setLevel(logging.ERROR)
from moto.server import ThreadedMotoServer
server = ThreadedMotoServer(ip_address="127.0.0.1", port={port}, verbose=False)
server.start()
while True:
    time.sleep(60)
"""
TAGS = ["Y tế", "Giáo dục", "Giao thông", "Nông nghiệp", "Văn hóa"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def tintuc(root: Path, *args: str) -> None:
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "tintuc", *args], cwd=root, capture_output=True, text=True)
    summary = " | ".join(filter(None, [(done.stdout.strip().splitlines() or [""])[-1],
                                        (done.stderr.strip().splitlines() or [""])[-1]]))
    print(f"tintuc {' '.join(args)}: exit {done.returncode}, {time.perf_counter() - started:.1f} s  {summary}",
          flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/tintuc-deploy-bench"))
    args = parser.parse_args()
    root = args.workdir / "site"
    shutil.rmtree(root, ignore_errors=True)
    port = free_port()
    server = subprocess.Popen([sys.executable, "-c", SERVER.format(port=port)])
    os.environ.update(AWS_ACCESS_KEY_ID="bench", AWS_SECRET_ACCESS_KEY="bench", AWS_DEFAULT_REGION="us-east-1")
    try:
        project = Project(root)
        project.write_config(f"title: Thử nghiệm\nbase_url: https://example.gov.vn/\n"
                             f"deploy:\n  endpoint: http://127.0.0.1:{port}\n  bucket: bench\n")
        for n in range(args.articles):
            year = 2015 + n % 10
            project.add(f"{year}/tin-{n}.md", article(
                title=f"Tin số {n} về hoạt động ở xã", date=f"{year}-{1 + n % 12:02d}-{1 + n % 28:02d} 08:00",
                body=f"Bài {n}: nội dung về công tác ở địa phương, số {n * 7}.", tags=f"[{TAGS[n % 5]}]"))
        time.sleep(2)  # the server's start
        import boto3

        boto3.client("s3", endpoint_url=f"http://127.0.0.1:{port}").create_bucket(Bucket="bench")
        tintuc(root, "build", "-q")
        print("files in public/:", sum(1 for f in (root / "public").rglob("*") if f.is_file()), flush=True)
        tintuc(root, "deploy")
        tintuc(root, "deploy")
        project.add("2015/tin-0.md", article(title="Tin số 0 về hoạt động ở xã", date="2015-01-01 08:00",
                                             body="Đã sửa nội dung.", tags="[Y tế]"))
        tintuc(root, "build", "-q")
        tintuc(root, "deploy")
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
