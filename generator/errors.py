"""Problems found in content or configuration: collected, located, and reported together."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from pathlib import Path


class Severity(Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong in one file, at one line, with a hint on how to fix it."""

    path: Path
    line: int | None
    message: str
    hint: str = ""
    severity: Severity = Severity.ERROR

    def format(self, root: Path | None = None) -> str:
        path = self.path
        if root is not None:
            try:
                path = self.path.relative_to(root)
            except ValueError:
                pass
        where = f"{path}:{self.line}" if self.line else f"{path}"
        label = "" if self.severity is Severity.ERROR else "warning: "
        text = f"{where}: {label}{self.message}"
        if self.hint:
            text += f"\n    hint: {self.hint}"
        return text

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


class BuildFailed(Exception):
    """Raised when the content or configuration has errors; carries every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        count = sum(1 for p in problems if p.is_error)
        super().__init__(f"{count} error(s) in content or configuration")

    def __reduce__(self) -> tuple[type, tuple[list[Problem]]]:
        # Raised in worker processes too: rebuilt from its problems, not from the message.
        return (BuildFailed, (self.problems,))


class UsageError(Exception):
    """A wrong command-line request (exit code 2), as opposed to bad content (exit code 1)."""


def closest(word: str, candidates: list[str] | tuple[str, ...] | frozenset[str]) -> str | None:
    """The candidate a typo most likely meant, or None."""
    import difflib

    found = difflib.get_close_matches(word, sorted(candidates), n=1, cutoff=0.7)
    return found[0] if found else None
