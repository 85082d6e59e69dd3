"""The Markdown reader's parser (inline text without markup taken as one text token, the HTML rules,
which always decline with html off, not run) gives the very tokens markdown-it's stock parser gives,
and so the same sections: on every Markdown file of the repository and on text made to hit each
inline rule and the shortcut's edges."""

from __future__ import annotations

from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from cmscheck.evidence import markdown as md

ROOT = Path(__file__).resolve().parent.parent
FILES = sorted(p for p in ROOT.glob("**/*.md") if ".git" not in p.parts and p.stat().st_size < 300_000)

SNIPPETS = {
    "plain chinese": "# 能源方针\n\n本公司承诺持续降低碳排放强度。\n",
    "emphasis": "a *b* __c__ d_e_f\n",
    "underscores only": "a __b__ c _d_ 中_文_\n",
    "one of each": "a\\b\n\na`b`\n\na[b](c)\n\na![b](c)\n\na<http://b>\n\na&amp;b\n",
    "escape": "a \\* b \\# c\n",
    "code": "use `x = 1` here\n",
    "link and image": "[链接](http://x.cn) ![图](a.png \"t\")\n",
    "autolink": "<http://example.com> and <a@b.cn>\n",
    "html stays text": "<div>块</div>\n\n文字 <b>粗</b> 与 <!-- 注释 -->\n",
    "entities": "&amp; &copy; &#20013; &nope;\n",
    "hard and soft breaks": "line one  \nline two\\\nline three\nline four\n",
    "table": "| 项目 | 数值 |\n|---|---:|\n| 电力 | 1,200 kWh |\n| *煤* | `2` t |\n|  | |\n",
    "trailing spaces only": "text   \n",
    "special but no markup": "a - b + c = d # e % f ^ g { h } ~ i : j @ k $ l ] m\n",
    "tilde": "~~struck~~ ~one~\n",
    "nested": "> - *a*\n>   1. b `c`\n\n    code block\n\n```py\nfence\n```\n",
    "setext": "Title\n=====\n\nSub *x*\n---\n",
    "reference": "[a]: http://x\n\nsee [a] and [b]\n",
    "front matter": "---\ntitle: x\n---\n# H\ntext\n",
    "empty heading": "#\n\n# \n\ntext\n",
    "nul and cr": "a\r\nb\x00c\r\n",
}


def _stock() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False}).enable("table")


def _same_tokens(text: str) -> None:
    src = md._blank_front_matter(text)
    assert md._parser().parse(src) == _stock().parse(src)


@pytest.mark.parametrize("name", sorted(SNIPPETS))
def test_same_tokens_on_snippets(name):
    _same_tokens(SNIPPETS[name])


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_same_tokens_on_repository_files(path):
    _same_tokens(path.read_text(encoding="utf-8", errors="replace"))


def test_same_sections_as_the_stock_parser(monkeypatch):
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in FILES] + list(SNIPPETS.values())
    ours = [md.markdown_sections(t, "f.md") for t in texts]  # the line reader's fast path where it applies
    monkeypatch.setattr(md, "_parser", _stock)
    monkeypatch.setattr(md, "plain_parts", lambda src, inline: None)  # stock markdown-it for every text
    assert ours == [md.markdown_sections(t, "f.md") for t in texts]


def test_shortcut_declines_markup():
    # every character that can start an inline rule sends the text to the inline parser
    for ch in "\n\\`*_[!<&":
        assert md._INLINE_MARKUP.search(f"a{ch}b")
    assert md._INLINE_MARKUP.search("纯文字 - + = # % ^ { } ~ : @ $ ] |") is None
