"""The Markdown reader's line-by-line fast path (evidence/markdown_lines.py) gives the sections the
markdown-it path gave before it (tests/fast_md_reference.py), or declines: on every Markdown file of
the repository, on hand-written cases at the edges of its subset (each must decline, and the reader
still agrees), and the example bundles' documents must take it."""

from __future__ import annotations

from pathlib import Path

import pytest
from fast_md_reference import reference_sections

from cmscheck.evidence import markdown as md
from cmscheck.evidence.markdown_lines import plain_parts

ROOT = Path(__file__).resolve().parent.parent
FILES = sorted(p for p in ROOT.glob("**/*.md") if ".git" not in p.parts and p.stat().st_size < 300_000)
# the documents of the example bundles (not their README or PLANTED notes)
EXAMPLE_DOCS = sorted(p for p in (ROOT / "examples").glob("**/*.md") if p.parent.name in ("docs", "records"))


def fast(text: str) -> list | None:
    """The fast path's sections, or None when it declines."""
    parts = plain_parts(md._blank_front_matter(text), md._markup_text)
    return None if parts is None else md._assemble(parts, "f.md")


def _agrees(text: str) -> None:
    assert md.markdown_sections(text, "f.md") == reference_sections(text, "f.md")
    got = fast(text)
    if got is not None:
        assert got == reference_sections(text, "f.md")


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_same_sections_on_repository_files(path):
    _agrees(path.read_text(encoding="utf-8", errors="replace"))


def test_example_documents_take_the_fast_path():
    # the steel and park bundles (and the small manufacturer's) are what the fast path is for: if a
    # change made them decline, reading them would silently cost markdown-it's full parse again
    names = [str(p.relative_to(ROOT / "examples")) for p in EXAMPLE_DOCS]
    assert len([n for n in names if n.startswith("hubei-steel/")]) == 18
    assert len([n for n in names if n.startswith("park/")]) >= 8
    declined = [n for n, p in zip(names, EXAMPLE_DOCS) if fast(p.read_text(encoding="utf-8")) is None]
    assert declined == []


def test_init_templates_take_the_fast_path():
    # what `cmscheck init` writes, an HTML comment included, is what organizations start from
    templates = sorted((ROOT / "src/cmscheck/init_templates").glob("*.md"))
    assert templates
    for p in templates:
        assert fast(p.read_text(encoding="utf-8")) is not None, p.name


# Read by the fast path: each must give the reference's sections
ACCEPTED = {
    "headings and paragraphs": "前言\n\n# 一\n\n正文第一行\n第二行  \n第三行 \n第四行\n\n## 二 ##\n\n### 三 #\n",
    "closing hashes": "# a # b ##   \n## #\n# \n#\n###### 六\n",
    "lists": "- a\n- b\n\n+ c\n* d\n1. e\n2) f\n10. g\n\n-    four spaces\n",
    "list interrupts a paragraph": "说明：\n- 一\n- 二\n\n段落\n1. 从一开始\n",
    "list after a table": "| a | b |\n|---|---|\n| 1 | 2 |\n- x\n2. y\n",
    "table": "# T\n| 项目 | 数值 |\n|:---|---:|\n| 电力 | 1,200 |\n|  | |\n| 多 | 出 | 列 |\n| 少 |\n\n正文\n",
    "table without edge pipes in delimiter": "| a | b |\n--- | ---\n| 1 | 2 |\n# h\n",
    "table after a heading with a pipe and a blank": "# a | b\n\n| x |\n|---|\n",
    "markup goes to the inline parser": "# *重* `码`\n\na **b** [c](d) ![e](f) <g> &amp; \\* h\ni_j_k\n\n- *x*\n\n| `y` | <z> |\n|---|---|\n",
    "html comment with html off": "<!-- 注释 -->\n\n<div>块</div>\n",
    "whitespace kinds": "\u3000\u3000缩进\n\u3000\n第二行\u3000\n\x0c换页\xa0\n\n\u3000\n",
    "paragraph-looking first characters": "+86 电话\n*强调*行\n_下划线_\n`代码`\n~波浪\n2024.12 年\n1.5 吨\n1234567890. 十位数\n",
    "front matter": "---\ntitle: x\n---\n# H\ntext\n",
    "preamble line is its first block": "\n\n\u3000\n\n# h\n",
    "empty": "",
    "only blanks": "\n  \n\n",
    "brackets without a reference definition": "[待填写：方针]\n\n[链接](a.md) 与 [b] [c][d]\n- [x] 任务\n- [附件](b.pdf)\n",
}


@pytest.mark.parametrize("name", sorted(ACCEPTED))
def test_accepted_cases_agree(name):
    text = ACCEPTED[name]
    assert fast(text) is not None
    _agrees(text)


# Outside the subset: each must decline (and the reader, through markdown-it, still agrees)
DECLINED = {
    "setext =": "Title\n=====\n",
    "setext -": "Title\n---\n",
    "thematic break ***": "a\n\n***\n",
    "thematic break _ _ _": "_ _ _\n",
    "thematic break - - -": "- - -\n",
    "indented code": "a\n\n    code\n",
    "leading space": " a\n",
    "indented paragraph continuation": "a\n  b\n",
    "block quote": "> q\n",
    "fence backticks": "```\ncode\n```\n",
    "fence tildes": "~~~\ncode\n~~~\n",
    "link reference definition": "[a]: http://x\n\nsee [a]\n",
    "link reference definition later": "[待填写]\n\n文字 [a]:\n",
    "link reference definition in an item": "- [a]: x\n",
    "tab": "a\tb\n",
    "carriage return": "a\r\nb\r\n",
    "nul": "a\x00b\n",
    "hashtag": "#标签\n",
    "seven hashes": "####### x\n",
    "empty bullet": "-\n",
    "empty bullet with spaces": "-   \n",
    "empty ordered": "1.\n",
    "ordered 2 after a paragraph": "段落\n2. 不是列表\n",
    "lazy item continuation": "- a\nb\n",
    "nested list": "- a\n  - b\n",
    "indented item continuation": "- a\n\n  more\n",
    "item content as code": "-     code\n",
    "item holding a heading": "- # h\n",
    "item holding a quote": "- > q\n",
    "item holding a list": "- - x\n",
    "item holding an ordered list": "- 1. x\n",
    "item holding a fence": "- ```\n",
    "table after a paragraph": "a\n| x | y |\n|---|---|\n",
    "table after an item": "- a\n| x | y |\n|---|---|\n",
    "paragraph after a table": "| x |\n|---|\n| 1 |\ntext\n",
    "heading with a pipe over a delimiter row": "# a | b\n|---|---|\n|---|---|\n",
    "delimiter row after a paragraph": "a | b\n--|--\n",
    "colon delimiter row": "a | b\n:-|-:\n",
    "pipe line that is no table": "| a |\nb\n",
    "pipe line at the end": "| a |",
    "column count mismatch": "| a | b |\n|---|\n",
    "escaped pipe": "| a \\| b |\n|---|\n",
    "escaped pipe in a row": "| a |\n|---|\n| b \\| c |\n",
    "dash line": "-x\n",
    "colon line": ":x\n",
    "equals line": "=x\n",
}


@pytest.mark.parametrize("name", sorted(DECLINED))
def test_declined_cases(name):
    text = DECLINED[name]
    assert fast(text) is None
    _agrees(text)
