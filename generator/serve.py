"""Serve the built site on the loopback interface, under its base path, with the site's 404 page."""

from __future__ import annotations

import functools
import http.server
import sys
from pathlib import Path


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    """The standard library's static file handler (path checks, ranges, types), plus base path and 404."""

    base_path = "/"
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".html": "text/html; charset=utf-8", ".xml": "application/xml; charset=utf-8",
                      ".json": "application/json; charset=utf-8", ".css": "text/css; charset=utf-8",
                      ".js": "text/javascript; charset=utf-8", ".txt": "text/plain; charset=utf-8",
                      ".svg": "image/svg+xml"}

    def translate_path(self, path: str) -> str:
        if self.base_path != "/" and path.startswith(self.base_path):
            path = "/" + path[len(self.base_path):]
        return super().translate_path(path)

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code == 404 and page.is_file():
            body = page.read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)
            return
        super().send_error(code, message, explain)

    def log_message(self, format: str, *args: object) -> None:
        if not self.server.quiet:  # type: ignore[attr-defined]
            super().log_message(format, *args)


def make_server(output: Path, base_path: str, port: int, quiet: bool = False,
                host: str = "127.0.0.1") -> http.server.ThreadingHTTPServer:
    handler = functools.partial(type("Handler", (SiteHandler,), {"base_path": base_path}),
                                directory=str(output))
    server = http.server.ThreadingHTTPServer((host, port), handler)
    server.quiet = quiet  # type: ignore[attr-defined]
    return server


def serve(output: Path, base_path: str, port: int, quiet: bool = False) -> None:
    try:
        server = make_server(output, base_path, port, quiet)
    except OSError as exc:
        print(f"tintuc: cannot listen on 127.0.0.1:{port}: {exc.strerror}; try --port", file=sys.stderr)
        raise SystemExit(2) from None
    print(f"Serving {output} at http://127.0.0.1:{port}{base_path} (Ctrl-C to stop)")
    with server:
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            print("\nStopped.")
