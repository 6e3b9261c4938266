"""Checks a release before it is published (run by .github/workflows/release.yml; tested in tests/test_release.py).

    python scripts/check_release.py v0.2.0 dist/

The tag must be `v` + the version written in generator/__init__.py (the one place it is set), CHANGELOG.md
must have a dated entry for that version (`## [0.2.0] - 2026-12-07`), and dist/ must hold exactly one sdist
and one wheel of that version. Exit 0 when all hold, 1 with every problem listed otherwise.
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def source_version(root: Path = ROOT) -> str:
    """`__version__` from generator/__init__.py, read without importing the package."""
    tree = ast.parse((root / "generator" / "__init__.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "__version__" for t in node.targets):
            return str(ast.literal_eval(node.value))
    raise SystemExit("generator/__init__.py sets no __version__")


def problems(tag: str, dist: Path | None, root: Path = ROOT) -> list[str]:
    version = source_version(root)
    found = []
    if tag != f"v{version}":
        found.append(f"the tag {tag!r} is not 'v{version}', the version in generator/__init__.py: "
                     "set __version__ and the tag to the same version")
    changelog = (root / "CHANGELOG.md").read_text(encoding="utf-8")
    entry = re.search(rf"^## \[{re.escape(version)}\] - (\S+)", changelog, flags=re.M)
    if entry is None:
        found.append(f"CHANGELOG.md has no entry '## [{version}] - YYYY-MM-DD': add one listing the changes")
    elif not re.fullmatch(r"\d{4}-\d{2}-\d{2}", entry.group(1)):
        found.append(f"CHANGELOG.md's entry for {version} is dated {entry.group(1)!r}: write the release date "
                     "(YYYY-MM-DD)")
    if dist is not None:
        names = sorted(p.name for p in dist.iterdir()) if dist.is_dir() else []
        wanted = [f"tintuc-{version}-py3-none-any.whl", f"tintuc-{version}.tar.gz"]
        if sorted(wanted) != names:
            found.append(f"{dist} holds {names or 'nothing'}; expected exactly {wanted}")
    return found


def main(argv: list[str]) -> int:
    if len(argv) not in (1, 2):
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    found = problems(argv[0], Path(argv[1]) if len(argv) == 2 else None)
    for problem in found:
        print(f"release check: {problem}", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
