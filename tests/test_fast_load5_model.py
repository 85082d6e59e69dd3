"""Round 5, loading: Locator, Section and Cell write their __init__ out (no object.__setattr__ per field)
and stay what dataclass(frozen=True) made of them: the same fields, defaults, repr, equality, hash,
ordering of fields, dataclasses.replace/asdict, pickling, and no assignment after construction. And a
Markdown table line without inline markup gives its cells stripped, as the general per-cell text does."""

from __future__ import annotations

import dataclasses
import pickle

import pytest

from cmscheck.evidence import markdown_lines
from cmscheck.evidence.markdown_lines import _MARKUP, _row, _text, mdTrim
from cmscheck.evidence.model import Cell, Locator, Section


# the classes as dataclass(frozen=True) generates them (the model before round 5)
@dataclasses.dataclass(frozen=True)
class GenLocator:
    file: str
    line: int | None = None
    page: int | None = None
    heading: str | None = None
    paragraph: int | None = None
    sheet: str | None = None
    cell: str | None = None


@dataclasses.dataclass(frozen=True)
class GenSection:
    heading_path: tuple[str, ...]
    text: str
    locator: object
    level: int = 0


@dataclasses.dataclass(frozen=True)
class GenCell:
    value: object
    locator: object


PAIRS = [(Locator, GenLocator), (Section, GenSection), (Cell, GenCell)]
ARGS = {
    Locator: [("a.md",), ("a.md", 3), ("a.md", 3, None, "h > i"), ("b.xlsx",), ("c.pdf", None, 2)],
    Section: [((), "t", Locator("a.md", 1)), (("h",), "t", Locator("a.md", 2, None, "h"), 1)],
    Cell: [(1.5, Locator("x.xlsx", sheet="S", cell="B2")), (None, Locator("y.csv", 2, cell="row 2"))],
}
KWARGS = {
    Locator: [dict(file="a.md", line=2, cell="row 2"), dict(file="w.docx", heading="一", paragraph=3, sheet=None)],
    Section: [dict(heading_path=("a", "b"), text="x", locator=Locator("a.md"), level=2)],
    Cell: [dict(value="v", locator=Locator("a.csv", 1))],
}


def _same_shape(ours, gen):
    assert [(f.name, f.default, f.init) for f in dataclasses.fields(ours)] == \
           [(f.name, f.default, f.init) for f in dataclasses.fields(gen)]


@pytest.mark.parametrize("ours,gen", PAIRS, ids=lambda c: c.__name__)
def test_the_fields_are_those_of_the_generated_class(ours, gen):
    _same_shape(ours, gen)
    assert ours.__dataclass_params__.frozen and ours.__dataclass_params__.eq


@pytest.mark.parametrize("ours,gen", PAIRS, ids=lambda c: c.__name__)
def test_instances_behave_as_generated_ones(ours, gen):
    for args, kwargs in [(a, {}) for a in ARGS[ours]] + [((), k) for k in KWARGS[ours]]:
        a, g = ours(*args, **kwargs), gen(*args, **kwargs)
        assert dataclasses.astuple(a) == dataclasses.astuple(g)
        assert repr(a) == repr(g).replace(gen.__name__, ours.__name__, 1)
        assert a == ours(*args, **kwargs) and hash(a) == hash(ours(*args, **kwargs))
        assert dataclasses.asdict(a) == dataclasses.asdict(g)
        assert pickle.loads(pickle.dumps(a)) == a
        name = dataclasses.fields(ours)[0].name
        changed = dataclasses.replace(a, **{name: getattr(a, name)})
        assert changed == a and type(changed) is ours
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(a, name, None)
        with pytest.raises(TypeError):
            ours()  # the fields without a default are still required


def test_locators_differ_by_any_field():
    base = Locator("a.md", 1)
    assert base != Locator("a.md", 2) and base != Locator("b.md", 1) and base != Locator("a.md", 1, cell="x")
    assert len({base, Locator("a.md", 1), Locator("a.md", 1, heading="h")}) == 2


def _general(cells, inline):
    """The row text as _table made it before round 5."""
    return " | ".join(_text(mdTrim(c), inline) if c else "" for c in cells)


LINES = ["| a | b |", "|a|b|c|", "| 1,2 |  x\u3000| \xa0y |", "| 总经理 | 周立新 |", "|  |  |", "| a\u2003 | \u205fb |",
         "| **a** | b |", "| [x](y) | z |", "| a_b | c |", "| a & b | `c` |", "| <i>x</i> | y |", "| !x | y |"]


def _inline(text: str) -> str:
    return "<" + text + ">"  # stands for markdown-it's inline parser: only markup lines may reach it


def test_md_trim_strips_only_white_space():
    from markdown_it.common.utils import MD_TRIM_CHARS
    assert all(ch.isspace() for ch in MD_TRIM_CHARS)


@pytest.mark.parametrize("line", LINES)
def test_a_table_row_is_the_general_row(line):
    cells = markdown_lines._cells(mdTrim(line))
    for some in (cells, cells + ["", ""]):
        assert _row(mdTrim(line), some, _inline) == _general(some, _inline)


def test_rows_with_and_without_markup_are_both_met():
    assert any(_MARKUP.search(x) for x in LINES) and any(not _MARKUP.search(x) for x in LINES)
