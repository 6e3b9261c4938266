"""Serve the built site on the loopback interface, under its base path, with the site's 404 page.

With a `ReloadHub` (as `tintuc serve` uses), HTML pages also get the live-reload script and the
server keeps one server-sent-events stream open per tab.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import io
import os
import sys
import urllib.parse
from pathlib import Path
from typing import Any

from .livereload import EVENTS_PATH, SCRIPT, SCRIPT_PATH, ReloadHub, inject

KEEPALIVE_SECONDS = 15.0


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    """The standard library's static file handler (path checks, ranges, types), plus base path and 404."""

    base_path = "/"
    hub: ReloadHub | None = None
    guard: contextlib.AbstractContextManager[object] = contextlib.nullcontext()  # see DevServer.guard
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,  # noqa: RUF012
                      ".html": "text/html; charset=utf-8", ".xml": "application/xml; charset=utf-8",
                      ".json": "application/json; charset=utf-8", ".css": "text/css; charset=utf-8",
                      ".js": "text/javascript; charset=utf-8", ".txt": "text/plain; charset=utf-8",
                      ".svg": "image/svg+xml"}

    def do_GET(self) -> None:  # noqa: N802 - the base class's name
        if not self._path_is_sane():
            self.send_error(400, "Bad request path")
        elif self.hub is not None and self.path.split("?", 1)[0] == EVENTS_PATH:
            self._events()
        elif self.hub is not None and self.path.split("?", 1)[0] == SCRIPT_PATH:
            self._send(200, "text/javascript; charset=utf-8", SCRIPT)
        else:
            super().do_GET()

    def do_HEAD(self) -> None:  # noqa: N802 - the base class's name
        if not self._path_is_sane():
            self.send_error(400, "Bad request path")
        else:
            super().do_HEAD()

    def _path_is_sane(self) -> bool:
        """False for a path no file of the site can have: a NUL byte (raw or %00) or bytes that are
        not UTF-8 make the standard handler raise deep inside, which drops the connection."""
        raw = urllib.parse.unquote_to_bytes(self.path.split("?", 1)[0].split("#", 1)[0])
        try:
            raw.decode("utf-8")  # the standard handler decodes strictly too, and raises on failure
        except UnicodeDecodeError:
            return False
        return b"\0" not in raw

    def list_directory(self, path: str | os.PathLike[str]) -> None:
        """No folder listings: a folder without index.html is not a page of the site."""
        self.send_error(404, "Not found")
        return None

    def translate_path(self, path: str) -> str:
        if self.base_path != "/" and path.startswith(self.base_path):
            path = "/" + path[len(self.base_path):]
        return super().translate_path(path)

    def send_head(self) -> Any:
        with self.guard:  # the file is opened (or read) before a commit moves it, or after
            return self._open()

    def _open(self) -> Any:
        if self.hub is None:
            return super().send_head()
        path = self.translate_path(self.path)
        if os.path.isdir(path) and self.path.split("?", 1)[0].endswith("/"):
            path = os.path.join(path, "index.html")
        if path.endswith(".html") and os.path.isfile(path):
            with open(path, "rb") as handle:
                body = inject(handle.read())
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")  # a reload must fetch the new page
            self.end_headers()
            return io.BytesIO(body)
        return super().send_head()

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code == 404 and page.is_file():
            try:
                body = page.read_bytes()  # called from send_head, under the guard
            except OSError:
                super().send_error(code, message, explain)
                return
            self._send(404, "text/html; charset=utf-8", inject(body) if self.hub else body)
            return
        super().send_error(code, message, explain)

    def _send(self, status: int, kind: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _events(self) -> None:
        assert self.hub is not None
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        latest = self.hub.latest
        seen = latest.number
        try:
            if latest.name == "problems":  # a tab opened while the content is broken sees why
                self._write_event(latest.name, latest.data)
            while not self.hub.closed:
                event = self.hub.wait(seen, KEEPALIVE_SECONDS)
                if event is None:
                    self.wfile.write(b": keep-alive\n\n")
                else:
                    seen = event.number
                    self._write_event(event.name, event.data)
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            pass  # the tab was closed or reloaded

    def _write_event(self, name: str, data: str) -> None:
        self.wfile.write(f"event: {name}\ndata: {data}\n\n".encode())
        self.wfile.flush()

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        # One line per request (and per missing favicon) buries the build errors the editor needs to
        # see: requests are logged only when asked for (`tintuc serve -v`).
        if self.server.log_requests:  # type: ignore[attr-defined]
            super().log_message(format, *args)


def make_server(output: Path, base_path: str, port: int, quiet: bool = False, host: str = "127.0.0.1",
                hub: ReloadHub | None = None, log_requests: bool = False,
                guard: contextlib.AbstractContextManager[object] | None = None) -> http.server.ThreadingHTTPServer:
    """A server bound to (host, port) now, serving `output` once serve_forever() runs."""
    fields = {"base_path": base_path, "hub": hub, "guard": guard or contextlib.nullcontext()}
    handler = functools.partial(type("Handler", (SiteHandler,), fields), directory=str(output))
    server = http.server.ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True  # open event streams must not keep Ctrl-C waiting
    server.log_requests = log_requests  # type: ignore[attr-defined]
    return server


def serve(output: Path, base_path: str, port: int, quiet: bool = False, host: str = "127.0.0.1") -> None:
    try:
        server = make_server(output, base_path, port, quiet, host)
    except OSError as exc:
        print(f"tintuc: cannot listen on {host}:{port}: {exc.strerror}; try --port", file=sys.stderr)
        raise SystemExit(2) from None
    print(f"Serving {output} at http://{host}:{port}{base_path} (Ctrl-C to stop)")
    with server:
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            print("\nStopped.")
