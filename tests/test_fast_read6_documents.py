"""Round 6, reading: the document view's Section and ParsedDocument write their __init__ out (no
object.__setattr__ per field) and stay what dataclass(frozen=True) made of them: the same fields,
defaults, repr, equality, hash, dataclasses.replace/asdict, pickling, no assignment after construction,
and a fresh list for a document made without sections. from_result gives what it gave."""

from __future__ import annotations

import dataclasses
import pickle
from pathlib import Path, PurePosixPath

import pytest

from cmscheck.bundle.markdown import ParsedDocument, Section, from_result
from cmscheck.evidence import read_file
from cmscheck.evidence.markdown import read_markdown
from cmscheck.evidence.model import Locator

ROOT = Path(__file__).resolve().parent.parent


@dataclasses.dataclass(frozen=True)
class GenSection:  # the class as dataclass(frozen=True) generates it (before round 6)
    heading: str
    level: int
    line: int | None
    text: str
    locator: object = None


@dataclasses.dataclass(frozen=True)
class GenParsedDocument:
    file: str
    title: str
    sections: list = dataclasses.field(default_factory=list)
    format: str = "markdown"


PAIRS = [(Section, GenSection), (ParsedDocument, GenParsedDocument)]
ARGS = {
    Section: [("h", 1, 3, "t"), ("", 0, None, "", Locator("a.md", 1)), ("二", 2, 7, "x", None)],
    ParsedDocument: [("a.md", "T"), ("a.md", "T", [Section("h", 1, 1, "t")]), ("b.docx", "B", [], "docx")],
}
KWARGS = {
    Section: [dict(heading="h", level=1, line=2, text="t", locator=Locator("a.md", 2)), dict(text="t", line=None, level=0, heading="")],
    ParsedDocument: [dict(file="a.md", title="T", format="pdf"), dict(title="T", file="a.md", sections=None)],
}


@pytest.mark.parametrize("ours,gen", PAIRS, ids=lambda c: c.__name__)
def test_the_fields_are_those_of_the_generated_class(ours, gen):
    norm = lambda f: (f.name, f.default, f.default_factory, f.init)  # noqa: E731
    assert [norm(f) for f in dataclasses.fields(ours)] == [norm(f) for f in dataclasses.fields(gen)]
    assert ours.__dataclass_params__.frozen and ours.__dataclass_params__.eq


@pytest.mark.parametrize("ours,gen", PAIRS, ids=lambda c: c.__name__)
def test_instances_behave_as_generated_ones(ours, gen):
    for args, kwargs in [(a, {}) for a in ARGS[ours]] + [((), k) for k in KWARGS[ours]]:
        a, g = ours(*args, **kwargs), gen(*args, **kwargs)
        assert dataclasses.astuple(a) == dataclasses.astuple(g)
        assert repr(a) == repr(g).replace(gen.__name__, ours.__name__, 1)
        assert a == ours(*args, **kwargs)
        assert dataclasses.asdict(a) == dataclasses.asdict(g)
        assert pickle.loads(pickle.dumps(a)) == a
        name = dataclasses.fields(ours)[0].name
        changed = dataclasses.replace(a, **{name: getattr(a, name)})
        assert changed == a and type(changed) is ours
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(a, name, None)
        with pytest.raises(TypeError):
            ours()  # the fields without a default are still required
    assert hash(Section("h", 1, 3, "t")) == hash(Section("h", 1, 3, "t"))


def test_a_document_without_sections_gets_a_list_of_its_own():
    a, b = ParsedDocument("a.md", "A"), ParsedDocument("b.md", "B")
    assert a.sections == [] and a.sections is not b.sections
    assert ParsedDocument("a.md", "A", None).sections is None  # given explicitly, as the generated class keeps it


def _general(result):
    """from_result as written before round 6 (keywords, the generated classes)."""
    sections = [GenSection(heading=s.heading, level=s.level, line=s.locator.line, text=s.text, locator=s.locator)
                for s in result.sections]
    title = next((s.heading for s in sections if s.level == 1 and s.heading), "")
    title = title or next((s.heading for s in sections if s.level and s.heading), "")
    return GenParsedDocument(file=result.file, title=title or PurePosixPath(result.file).stem, sections=sections, format=result.format)


DOCS = sorted(p for p in ROOT.glob("examples/**/*.md"))
TEXTS = ["", "只有正文", "## 二级\n\n正文", "# 一\n\n## 二\n\n### 三\n\n文字", "前言\n\n# 标题\n"]


@pytest.mark.parametrize("path", DOCS, ids=lambda p: str(p.relative_to(ROOT)))
def test_from_result_is_the_general_view_on_every_example(path):
    result = read_file(path, str(path.relative_to(ROOT)))
    assert dataclasses.astuple(from_result(result)) == dataclasses.astuple(_general(result))


@pytest.mark.parametrize("text", TEXTS)
def test_from_result_is_the_general_view_on_edge_documents(text):
    result = read_markdown(text, "docs/some.file.md")
    ours = from_result(result)
    assert dataclasses.astuple(ours) == dataclasses.astuple(_general(result))
    assert all(type(s) is Section for s in ours.sections)


@dataclasses.dataclass(frozen=True)
class GenReadResult:  # evidence.model.ReadResult as dataclass(frozen=True) generates it (before round 6)
    file: str
    format: str
    status: str
    sections: tuple = ()
    tables: tuple = ()
    encoding: str | None = None
    reason: str | None = None
    reason_zh: str | None = None
    pages: int | None = None
    meta: dict = dataclasses.field(default_factory=dict)


READ_ARGS = [("a.md", "markdown", "read"), ("a.md", "markdown", "read", (), (), "utf-8"),
             ("b.pdf", "pdf", "scanned", (), (), None, "why", "为何", 3, {"k": 1})]
READ_KWARGS = [dict(file="c.csv", format="csv", status="too_large", meta={"bytes": 3, "limit": 1}, reason="r"),
               dict(status="unsupported", format=".doc", file="d.doc", meta=None)]


def test_read_result_behaves_as_the_generated_one():
    from cmscheck.evidence.model import ReadResult
    norm = lambda f: (f.name, f.default, f.default_factory, f.init)  # noqa: E731
    assert [norm(f) for f in dataclasses.fields(ReadResult)] == [norm(f) for f in dataclasses.fields(GenReadResult)]
    for args, kwargs in [(a, {}) for a in READ_ARGS] + [((), k) for k in READ_KWARGS]:
        a, g = ReadResult(*args, **kwargs), GenReadResult(*args, **kwargs)
        assert dataclasses.astuple(a) == dataclasses.astuple(g)
        assert repr(a) == repr(g).replace("GenReadResult", "ReadResult", 1)
        assert a == ReadResult(*args, **kwargs) and pickle.loads(pickle.dumps(a)) == a
        assert dataclasses.replace(a, file="z") == ReadResult(*(("z",) + args[1:]), **kwargs) if args else True
        with pytest.raises(dataclasses.FrozenInstanceError):
            a.status = "read"
    one, two = ReadResult("a", "b", "read"), ReadResult("a", "b", "read")
    assert one.meta == {} and one.meta is not two.meta
    with pytest.raises(TypeError):
        ReadResult("a", "b")
