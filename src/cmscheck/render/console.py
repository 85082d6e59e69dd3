"""The rich console every plain-text report is printed on: into a buffer, never a terminal."""

from __future__ import annotations

from typing import TextIO

from rich.console import Console
from rich.text import Text

from ..textsafe import for_terminal

# Given as rich assumes it without a terminal. Left unset, rich asks the terminal for its size at
# every print (three ioctl calls each: ~900 per steel report) and would take a terminal's height.
HEIGHT = 25


def report_console(file: TextIO, width: int) -> Console:
    """A console of `width` columns writing plain text (no colour, highlighting or emoji) to `file`."""
    return Console(file=file, width=width, height=HEIGHT, color_system=None, force_terminal=False, highlight=False,
                   emoji=False)


def safe_text(text: str) -> Text:
    """Bundle text as a report's console prints it: control characters (ESC above all) replaced, so a
    report shown in a terminal cannot drive it."""
    return Text(for_terminal(text))
