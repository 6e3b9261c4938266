"""`tintuc serve`: build, serve, watch content/, the themes and config.yaml, rebuild, reload tabs.

Editors' habits are expected: atomic saves (write a temporary file, rename it), bursts of saves,
deleted and renamed articles. Events are collected until the files have been quiet for a moment,
then one incremental build runs; a failed build keeps the last good site served and shows its
problems in the terminal and over the page.
"""

from __future__ import annotations

import dataclasses
import gc
import ipaddress
import signal
import socket
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from .build import Builder
from .config import Config
from .errors import BuildFailed, UsageError
from .livereload import ReloadHub
from .output import preview_output
from .serve import make_server
from .theme import theme_folders

QUIET_SECONDS = 0.08  # a burst of saves (editor, formatter, git checkout) ends before a rebuild starts
_TEMPORARY = (".swp", ".swx", ".tmp", "~", ".part", ".crdownload")


def is_relevant(path: str, ignored: tuple[Path, ...]) -> bool:
    """False for editor scratch files and for tintuc's own output, staging and cache folders."""
    p = Path(path)
    name = p.name
    # Hidden files are editors' scratch copies; an atomic save's rename is seen at its destination.
    if name.startswith((".", "#")) or name.endswith(_TEMPORARY) or name == "4913":  # 4913: vim's probe
        return False
    return not any(p == folder or folder in p.parents for folder in ignored)


class _Events(FileSystemEventHandler):
    def __init__(self, changed: Callable[[str], None]) -> None:
        self.changed = changed

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in ("opened", "closed_no_write"):
            return
        if event.is_directory and event.event_type == "modified":
            return  # an entry of the folder changed: that entry's own event says which (a folder's would walk)
        self.changed(str(event.src_path))
        dest = getattr(event, "dest_path", "")
        if dest:
            self.changed(str(dest))


class DevServer:
    def __init__(self, load: Callable[[], Config], port: int, host: str, quiet: bool,
                 jobs: int, log: Callable[[str], None] = print, log_requests: bool = False) -> None:
        self.load = load
        self.port, self.host, self.quiet, self.jobs = port, host, quiet, jobs
        self.log_requests = log_requests
        self.log = log
        self.hub = ReloadHub()
        self.config = load()
        # Taken by the build while it changes the output and by each request while it opens its
        # file: a page is read from one version of the site, never from a commit half done.
        self.guard = threading.Lock()
        self.builder = Builder(self.config, jobs=jobs, guard=self.guard)
        self._dirty = threading.Event()
        # The paths the watcher saw change since the last rebuild began: that build looks at those
        # files alone instead of walking content/ (0.9 s at 100,000 articles; sources.rediscover).
        self._pending: set[str] = set()
        self._pending_lock = threading.Lock()
        # One rebuild at a time: the watcher's and any other caller's would share the staging folder.
        self._rebuilding = threading.Lock()
        self._last_change = 0.0
        self._stop = threading.Event()
        self.server = None
        self.observer = None
        self.last_seconds = 0.0

    # --- life cycle -------------------------------------------------------------------------------

    def start(self) -> None:
        # The port first: a port in use (a second `tintuc serve`) fails before anything is built
        # into the folder the first server is serving.
        try:
            self.server = make_server(self.config.paths.output, self.config.base_path, self.port, self.quiet,
                                      self.host, self.hub, log_requests=self.log_requests, guard=self.guard)
        except OSError as exc:
            raise UsageError(f"cannot listen on {self.host}:{self.port}: {exc.strerror or exc}; "
                             "try another --port") from None
        except (OverflowError, ValueError) as exc:  # a port or address the socket layer rejects
            raise UsageError(f"cannot listen on {self.host}:{self.port}: {exc}") from None
        self.port = self.server.server_address[1]
        try:
            self.rebuild(first=True)
        except BaseException:
            self.server.server_close()
            self.builder.close()
            raise
        # Later builds touch a few pages: one process, and no fork from a process with threads.
        self.builder.jobs = 1
        self.builder.persist = False  # the parse cache is saved once, when the server stops
        self.builder.check_output = False  # see Builder.check_output
        threading.Thread(target=self.server.serve_forever, name="http", daemon=True).start()
        self._watch()
        threading.Thread(target=self._rebuild_loop, name="rebuild", daemon=True).start()

    def stop(self) -> None:
        self._stop.set()
        self._dirty.set()
        self.hub.close()
        if self.observer is not None:
            self.observer.stop()
            self.observer.join(timeout=5)
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
        try:
            self.builder.save_caches()
        finally:
            self.builder.close()
            gc.unfreeze()

    def _watch(self) -> None:
        config = self.config
        self.observer = Observer()
        handler = _Events(self._changed)
        folders = {config.paths.content, *theme_folders(config)}
        if config.source is not None:
            folders.add(config.source.parent)  # config.yaml itself: its folder, filtered below
        config_folder = config.source.parent if config.source is not None else None
        for folder in sorted(folders):
            if folder.is_dir():
                self.observer.schedule(handler, str(folder), recursive=folder != config_folder)
        self.observer.start()

    # --- rebuilding -------------------------------------------------------------------------------

    def _changed(self, path: str) -> None:
        config = self.config
        out = config.paths.output
        ignored = (out, config.paths.cache, out.parent / f".{out.name}.staging", out.parent / f".{out.name}.old")
        changed = Path(path)
        is_config = config.source is not None and changed == config.source
        sources = (config.paths.content, *theme_folders(config))
        under_sources = any(changed == f or f in changed.parents for f in sources)
        if (is_config or under_sources) and is_relevant(path, ignored):
            with self._pending_lock:
                self._pending.add(path)
                self._last_change = time.monotonic()
                self._dirty.set()

    def _rebuild_loop(self) -> None:
        with self._rebuilding:  # before the first edit, not in its way: an edit saved meanwhile waits for it
            self.builder.warm()
        while not self._stop.is_set():
            self._dirty.wait()
            if self._stop.is_set():
                return
            while time.monotonic() - self._last_change < QUIET_SECONDS:
                time.sleep(QUIET_SECONDS / 2)
            with self._pending_lock:
                self._dirty.clear()
                changed, self._pending = self._pending, set()
            self.rebuild(changed=changed)

    def rebuild(self, first: bool = False, changed: set[str] | None = None) -> bool:
        """Build again; `changed`: the paths seen changing since the last build (None: look at everything)."""
        with self._rebuilding:
            return self._rebuild(first, changed)

    def _rebuild(self, first: bool, changed: set[str] | None) -> bool:
        started = time.perf_counter()
        try:
            config = self.load()
            if config != self.config:
                self.config = config
                self.builder.save_caches()
                replaced, self.builder = self.builder, Builder(config, jobs=self.jobs if first else 1,
                                                              guard=self.guard)
                self.builder.persist = first
                self.builder.check_output = first
                replaced.close()
            result = self.builder.build(changed=changed)
        except BuildFailed as failed:
            root = Path.cwd()
            lines = [p.format(root) for p in failed.problems]
            for line in lines:
                print(line, file=sys.stderr)
            print(f"tintuc: {sum(p.is_error for p in failed.problems)} error(s); still serving the last good "
                  "site", file=sys.stderr)
            self.hub.failed(lines)
            if first:
                raise
            return False
        except Exception as exc:  # a bug in tintuc: keep serving the last good site, say so
            if first:
                raise
            import traceback

            traceback.print_exc()
            self.hub.failed([f"tintuc: internal error during the rebuild ({exc!r}); please report it"])
            return False
        if not result.in_place:
            _freeze_model()
        self.last_seconds = time.perf_counter() - started
        if not self.quiet:
            what = "Built" if first else "Rebuilt"
            self.log(f"{what} {result.articles} articles: {result.rendered} of {result.pages} pages rendered "
                     f"in {self.last_seconds:.2f} s")
        if not first:
            self.hub.built()
        return True


def serve_and_watch(load: Callable[[], Config], port: int, host: str, quiet: bool, jobs: int,
                    verbose: bool = False) -> None:
    server = DevServer(load, port, host, quiet, jobs, log_requests=verbose)
    if not is_loopback(host):
        print(f"tintuc: warning: serving on {_shown(host)}, not only this computer: anyone on your network "
              "can read the site and its drafts (use --bind 127.0.0.1 to keep it private)",
              file=sys.stderr, flush=True)
    server.start()
    # Closing the terminal (SIGHUP) or `kill` (SIGTERM) stops the server as Ctrl-C does: the caches its
    # edits kept in memory are saved, and the next start does not read and index again what they knew.
    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), _interrupt)
    print(f"Serving at http://{_shown(browsable_host(host))}:{server.port}{server.config.base_path} — watching "
          f"{server.config.paths.content} (Ctrl-C to stop)", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        print("\nStopping…", flush=True)
    finally:
        server.stop()


def _freeze_model() -> None:
    """Exempt what a whole build leaves alive (the model, caches, the search state: millions of objects
    at 100,000 articles) from the garbage collector's full passes, which the allocations of an edit
    trigger: one took 1-3 s of an edit's rebuild. Objects of the previous build that died meanwhile are
    collected first (they would otherwise stay frozen for good)."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def is_loopback(host: str) -> bool:
    """True when only this computer can reach `host` (127.0.0.0/8, ::1, localhost)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:  # a host name: loopback only if it resolves to loopback addresses alone
        try:
            found = {info[4][0] for info in socket.getaddrinfo(host, None)}
        except OSError:
            return False
        return bool(found) and all(ipaddress.ip_address(a.split("%")[0]).is_loopback for a in found)


def browsable_host(host: str) -> str:
    """An address a browser on this computer can open: 0.0.0.0 and :: listen everywhere but are not
    addresses one can visit, so the loopback address stands for them."""
    if host in ("0.0.0.0", ""):
        return "127.0.0.1"
    if host == "::":
        return "::1"
    return host


def _shown(host: str) -> str:
    """`host` as written in a URL (IPv6 addresses in brackets)."""
    return f"[{host}]" if ":" in host else host


def local_config(config: Config, host: str, port: int, *, preview: bool = True) -> Config:
    """The configuration with a base URL pointing at the local server, building into the cache's preview
    folder (output.preview_output) unless `preview` is False (`tintuc serve --out DIR`)."""
    local = dataclasses.replace(config, base_url=f"http://{_shown(host)}:{port}{config.base_path}")
    if preview:
        local = dataclasses.replace(local, paths=dataclasses.replace(config.paths,
                                                                     output=preview_output(config.paths.cache)))
    return local
