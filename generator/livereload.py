"""Live reload for `tintuc serve`: one server-sent-events channel, and the script every page gets.

After a good rebuild every open tab reloads; after a failed one each tab shows the problems over
the last good page, which stays served, and reloads on the next good build.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass

EVENTS_PATH = "/__tintuc/events"
SCRIPT_PATH = "/__tintuc/livereload.js"
TAG = f'<script src="{SCRIPT_PATH}" defer></script>'.encode()

# Plain JavaScript, no framework. Problems are inserted with textContent, never as HTML.
SCRIPT = r"""
(() => {
  const source = new EventSource("/__tintuc/events");
  let overlay = null;
  source.addEventListener("reload", () => location.reload());
  source.addEventListener("problems", (event) => {
    const problems = JSON.parse(event.data);
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = "tintuc-problems";
      overlay.setAttribute("role", "alert");
      overlay.style.cssText = "position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;z-index:99999;" +
        "background:#fff4f4;color:#5c0000;border-top:4px solid #b00020;padding:1em;" +
        "font:14px/1.5 ui-monospace,monospace;white-space:pre-wrap;box-shadow:0 -2px 12px rgba(0,0,0,.3)";
      document.body.appendChild(overlay);
    }
    overlay.textContent = "tintuc: bản dựng lỗi — trang đang hiển thị là bản đúng gần nhất.\n\n" +
      problems.join("\n\n");
  });
})();
""".lstrip().encode()


@dataclass(frozen=True, slots=True)
class Event:
    number: int
    name: str  # "reload" or "problems"
    data: str


class ReloadHub:
    """The latest build event; each connected tab waits on it from its own server thread."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._latest = Event(0, "ok", "")
        self.closed = False

    @property
    def latest(self) -> Event:
        return self._latest

    def built(self) -> None:
        self._publish("reload", "")

    def failed(self, problems: list[str]) -> None:
        self._publish("problems", json.dumps(problems, ensure_ascii=False))

    def _publish(self, name: str, data: str) -> None:
        with self._changed:
            self._latest = Event(self._latest.number + 1, name, data)
            self._changed.notify_all()

    def wait(self, after: int, timeout: float) -> Event | None:
        """The first event newer than `after`, or None after `timeout` seconds."""
        with self._changed:
            self._changed.wait_for(lambda: self._latest.number > after or self.closed, timeout)
            return self._latest if self._latest.number > after else None

    def close(self) -> None:
        with self._changed:
            self.closed = True
            self._changed.notify_all()


def inject(html: bytes) -> bytes:
    """Add the live-reload script before </body> (or at the end)."""
    at = html.rfind(b"</body>")
    return html[:at] + TAG + html[at:] if at >= 0 else html + TAG
