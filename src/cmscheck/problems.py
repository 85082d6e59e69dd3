"""Input problems: what is wrong, where (file, line, field) and how to fix it.

Every loader reports problems as `Problem` values and raises `InputError` carrying all of them,
so a user sees every problem of a file at once and the CLI exits with code 2.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int | None
    field: str
    message: str
    fix: str = ""

    def format(self, lang: str = "en") -> str:
        """`file:line: field: message` and a `fix:` line. In Chinese the message and the fix are translated
        here, at display time, from the English the loaders build (i18n/problems.py)."""
        message, fix, fix_label = self.message, self.fix, "fix: "
        if lang == "zh":
            from .i18n.problems import to_zh
            message, fix, fix_label = to_zh(message), to_zh(fix), "改正："
        where = self.file + (f":{self.line}" if self.line else "")
        out = f"{where}: {self.field}: {message}" if self.field else f"{where}: {message}"
        return out + (f"\n    {fix_label}{fix}" if fix else "")


class InputError(Exception):
    """The input cannot be evaluated. Carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems), key=lambda p: (p.file, p.line or 0, p.field, p.message))
        super().__init__("\n".join(p.format() for p in self.problems))

    def __reduce__(self):
        # made again from its problems: the default (its message as the one argument) cannot be, so an
        # InputError raised in a worker process would reach the parent as a pickling error instead
        return (type(self), (self.problems,))


def display(path: Path, base: Path | None = None, resolved: Path | None = None) -> str:
    """A path as the user should read it: relative to base (or the cwd) when it lies below. `resolved`:
    path.resolve(), when the caller has it already."""
    real = None
    cwd = Path.cwd()
    for root in (base, cwd):
        if root is None:
            continue
        try:
            if real is None:
                real = resolved if resolved is not None else path.resolve()
            return str(real.relative_to(_real_cwd(root) if root is cwd else root.resolve()))
        except ValueError:
            continue
    return str(path)


def _real_cwd(cwd: Path) -> Path:
    """Path.cwd().resolve(), given Path.cwd(). On POSIX the working directory the system gives holds no
    symbolic link, '.' or '..' (getcwd's contract), so resolving it would change nothing and only cost a
    system call per part of the path (an evaluation shows its bundle's folder this way)."""
    return cwd if os.name == "posix" else cwd.resolve()
