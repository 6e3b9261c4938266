"""A new site's requirements.txt as a hash-pinned lock, made by pip-tools' pip-compile.

`requirements.in` names what the site wants (`tintuc==0.1.0`, the one line an editor changes to upgrade);
`requirements.txt` pins tintuc and every package it needs to exact versions with the sha256 of each of
their files. pip checks those hashes as soon as one line carries one, so CI installs exactly what was
locked, or stops. pip-compile is used rather than code of our own: resolving dependencies and collecting
each version's hashes is its whole job, its files are what Dependabot knows how to update (the site's
dependabot.yml), and its header says how to lock again.

Locking needs the package index (the network). When it cannot be done (offline, or a tintuc requirement
that is a Git or file address, which pip cannot hash), requirements.txt keeps the plain requirement and the
caller is told why and how to lock later.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

# What the lock's header says to run again (pip-compile writes its own command line otherwise, with our
# temporary paths in it).
LOCK_COMMAND = "pip-compile --generate-hashes --allow-unsafe --strip-extras requirements.in"
_RAISED = re.compile(r"^(?:[A-Za-z_][\w.]*\.)?[A-Z]\w*(?:Error|NotFound|Exception|Conflict): (.+)$")
_PINNED = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*(\[[A-Za-z0-9,._-]+\])?==[A-Za-z0-9.+!_-]+$")


@dataclass(frozen=True, slots=True)
class Locked:
    ok: bool
    detail: str  # why not, with the command to run later (empty when ok)


def lockable(spec: str) -> bool:
    """Only a release from an index can be hashed: `tintuc==0.1.0`, not `tintuc @ git+https://…`."""
    return bool(_PINNED.match(spec.strip()))


def lock(folder: Path, find_links: tuple[str, ...] = (), timeout: float = 600.0) -> Locked:
    """Write folder/requirements.txt from folder/requirements.in; on failure leave requirements.txt as it is."""
    later = f"to lock it later, in the site's folder: pip install pip-tools && {LOCK_COMMAND}"
    command = [sys.executable, "-m", "piptools", "compile", "--quiet", "--generate-hashes", "--allow-unsafe",
               "--strip-extras", "--no-emit-index-url", "--no-emit-find-links", "--no-emit-trusted-host",
               "--pip-args", "--retries 1 --timeout 20", "--output-file", "requirements.lock.tmp",
               "requirements.in"]
    for place in find_links:
        command += ["--find-links", place]
    env = {**os.environ, "CUSTOM_COMPILE_COMMAND": LOCK_COMMAND}
    try:
        done = subprocess.run(command, cwd=folder, env=env, capture_output=True, text=True, timeout=timeout,
                              check=False)
    except subprocess.TimeoutExpired:
        _discard(folder)
        return Locked(False, f"pip-compile did not finish within {timeout:.0f} s; {later}")
    except OSError as exc:
        _discard(folder)
        return Locked(False, f"pip-compile could not start ({exc}); {later}")
    temporary = folder / "requirements.lock.tmp"
    if done.returncode != 0 or not temporary.is_file():
        _discard(folder)
        reason = _last_line(done.stderr) or f"pip-compile exited with {done.returncode}"
        return Locked(False, f"{reason}; {later}")
    temporary.replace(folder / "requirements.txt")
    return Locked(True, "")


def _discard(folder: Path) -> None:
    (folder / "requirements.lock.tmp").unlink(missing_ok=True)


def _last_line(text: str) -> str:
    """The reason in pip-compile's output: an exception's message (it may end in a traceback), else the
    last `ERROR:` line, else the last line."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    for line in reversed(lines):
        raised = _RAISED.match(line)
        if raised:
            return raised.group(1)[:300]
    errors = [line for line in lines if line.startswith(("ERROR:", "Could not", "error:"))]
    return (errors or lines or [""])[-1][:300]
