"""Generated documents for the Markdown reader's fast path (evidence/markdown_lines.py): documents
built of the subset's line kinds must be read by it, with the sections the markdown-it reader gave
(tests/fast_md_reference.py); the same lines mixed with lines outside the subset and arbitrary text
(and plain documents with a line or two changed) must give the reference's sections whether the fast
path reads them or declines."""

from __future__ import annotations

import pytest

pytest.importorskip("hypothesis")
from fast_md_reference import reference_sections  # noqa: E402
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from cmscheck.evidence import markdown as md  # noqa: E402
from cmscheck.evidence.markdown_lines import plain_parts  # noqa: E402

FIRST = "ab中文碳排放Zé["  # characters that start no block construct ("[" without "]:", see plain_documents)
INNER = FIRST + "0123456789 |#*_`[]!<>&\\\u3000\xa0\x0c:-.)+=~"  # markup and block characters inside a line
CELL = INNER.replace("|", "").replace("\\", "")


def _fast(text: str):
    parts = plain_parts(md._blank_front_matter(text), md._markup_text)
    return None if parts is None else md._assemble(parts, "f.md")


def _line(first: str, inner: str):
    return st.builds(lambda a, b, t: a + b + t, st.sampled_from(first), st.text(inner, max_size=12), st.sampled_from(["", " ", "  ", "\u3000"]))


PARA = _line(FIRST, INNER)
HEADING = st.builds(lambda k, t, close: "#" * k + " " + t + close, st.integers(1, 6), st.text(INNER, max_size=10), st.sampled_from(["", " #", " ##  ", "#", "  "]))
BULLET = st.builds(lambda m, s, t: m + " " * s + t, st.sampled_from("-+*"), st.integers(1, 4), PARA)
ORDERED = st.builds(lambda n, d, t: f"{n}{d} {t}", st.sampled_from(["1", "2", "10", "007", "123456789"]), st.sampled_from(".)"), PARA)
CELL_TEXT = st.text(CELL, max_size=8)


@st.composite
def tables(draw) -> list[str]:
    count = draw(st.integers(1, 4))
    row = lambda n: "| " + " | ".join(draw(CELL_TEXT) for _ in range(n)) + draw(st.sampled_from([" |", "|", ""]))  # noqa: E731
    delimiter = "|" + "|".join(draw(st.sampled_from(["---", ":--", "--:", ":-:", " - "])) for _ in range(count)) + draw(st.sampled_from(["|", ""]))
    rows = [row(draw(st.integers(max(0, count - 2), count + 1))) for _ in range(draw(st.integers(0, 4)))]
    header = "| " + " | ".join(draw(CELL_TEXT) for _ in range(count)) + " |"
    return [header, delimiter, *rows]


@st.composite
def blocks(draw) -> list[str]:
    kind = draw(st.sampled_from(["heading", "para", "list", "table"]))
    if kind == "heading":
        return [draw(HEADING)]
    if kind == "para":
        return draw(st.lists(PARA, min_size=1, max_size=4))
    if kind == "list":
        return draw(st.lists(st.one_of(BULLET, ORDERED), min_size=1, max_size=4))
    return draw(tables())


@st.composite
def plain_documents(draw) -> str:
    """Blocks of the subset, separated by blank lines."""
    out: list[str] = []
    for block in draw(st.lists(blocks(), max_size=8)):
        if out:
            out.append(draw(st.sampled_from(["", " ", "  "])))
        out += block
    text = draw(st.sampled_from(["", "---\na: 1\n---\n"])) + "\n".join(out) + draw(st.sampled_from(["", "\n", "\n\n"]))
    return text.replace("]:", "] :")  # "]:" could end a link reference definition


@settings(max_examples=max(200, settings.default.max_examples))
@given(plain_documents())
def test_plain_documents_take_the_fast_path_and_agree(text):
    got = _fast(text)
    assert got is not None
    assert got == reference_sections(text, "f.md")


# lines outside the subset, or at its edges: each one either declines or must still agree
OUTSIDE = ["===", "---", "***", "- - -", "_ _ _", "    code", "  - nested", " a", "> q", "```", "~~~ x", "[a]: /u", "[a]",
           "-", "1.", "2.", "#", "#x", "####### x", "- # h", "- > q", "- 1. x", "-     code", "|", "|---|", "| a |", ":-:",
           "--|--", "a | b", "\t- t", "a\tb", "a\r", "\x00", "<div>", "<!-- c -->", "\\", "a\\", "\u3000", "\x0c", "**"]


@st.composite
def mixed_documents(draw) -> str:
    line = st.one_of(PARA, HEADING, BULLET, ORDERED, st.sampled_from(OUTSIDE), st.just(""),
                     st.text(INNER + "\t\r\n", max_size=10), tables().map("\n".join))
    return "\n".join(draw(st.lists(line, max_size=14)))


@st.composite
def mutated_documents(draw) -> str:
    """A plain document with a line or two changed: a line from outside the subset inserted or put in
    place of one, a line indented or deleted, two blocks joined (the blank line between them deleted),
    characters appended."""
    lines = draw(plain_documents()).split("\n")
    for _ in range(draw(st.integers(1, 2))):
        i = draw(st.integers(0, len(lines)))
        op = draw(st.sampled_from(["join", "join", "insert", "replace", "indent", "delete", "append"]))
        blanks = [k for k, line in enumerate(lines) if not line.strip()]
        if op == "join" and blanks:  # two blocks without the blank line between them
            del lines[draw(st.sampled_from(blanks))]
        elif op == "insert":
            lines.insert(i, draw(st.sampled_from(OUTSIDE)))
        elif i == len(lines):
            continue
        elif op == "replace":
            lines[i] = draw(st.sampled_from(OUTSIDE))
        elif op == "indent":
            lines[i] = draw(st.sampled_from([" ", "   ", "    ", "\t"])) + lines[i]
        elif op == "delete":
            del lines[i]
        else:
            lines[i] += draw(st.sampled_from(["\t", "\r", "\x00", " \\", "  ", "]: /u", " |", "#"]))
    return "\n".join(lines)


@settings(max_examples=max(400, settings.default.max_examples))
@given(st.one_of(mixed_documents(), mutated_documents(), plain_documents()))
def test_any_document_agrees(text):
    assert md.markdown_sections(text, "f.md") == reference_sections(text, "f.md")
    got = _fast(text)
    if got is not None:
        assert got == reference_sections(text, "f.md")
