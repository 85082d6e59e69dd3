"""zh and en in one site: both from one assessment, a switch to the same page, labels and organization
facts in the page's language, the printable report, and the folder-safety rules over the larger site.

The built-site checks use the minimal bundle's site (built once through the CLI by test_site_support);
the rest works on Markdown projects (--no-build), which take a second to write.
"""

from __future__ import annotations

import dataclasses
import posixpath
import re
from pathlib import Path

import pytest

import test_site_support as support
from cmscheck.i18n import table
from cmscheck.site import SiteBuildError, languages, pages, publish, report
from cmscheck.site.templating import md

MINIMAL, INJECTION = support.MINIMAL, support.INJECTION
CJK = re.compile(r"[\u4e00-\u9fff]")
SWITCH = re.compile(r'<a href="([^"]+)" hreflang="(zh|en)"')


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    return support.minimal_site(tmp_path_factory)


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """The minimal bundle's two MkDocs projects (zh first), as --no-build writes them."""
    out = tmp_path_factory.mktemp("lang-project") / "site"
    publish(support.context(MINIMAL), out, build=False)
    return out


def _in(lang: str, bundle: Path = MINIMAL) -> dict[str, str]:
    return pages.render_pages(dataclasses.replace(support.context(bundle), lang=lang))


def _tree(root: Path) -> dict:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


# -- the layout --------------------------------------------------------------------------------------

def test_both_languages_have_the_same_pages(project):
    zh = {p.relative_to(project / "docs").as_posix() for p in (project / "docs").rglob("*.md")}
    en = {p.relative_to(project / "en" / "docs").as_posix() for p in (project / "en" / "docs").rglob("*.md")}
    assert zh == en and {"index.md", "register.md", "report.md", "standards/cms.md"} <= zh
    assert (project / "docs" / "index.md").read_text(encoding="utf-8").startswith("# 总览")
    assert (project / "en" / "docs" / "index.md").read_text(encoding="utf-8").startswith("# Dashboard")
    assert 'language: "zh"' in (project / "mkdocs.yml").read_text(encoding="utf-8")
    assert 'language: "en"' in (project / "en" / "mkdocs.yml").read_text(encoding="utf-8")
    # one marker at the top: the folder is one site
    assert (project / ".cmscheck-site").is_file() and not (project / "en" / ".cmscheck-site").exists()


def test_first_language_follows_lang_and_single_language_builds_one(tmp_path):
    en_first = tmp_path / "en-first"
    publish(support.context(MINIMAL, "en"), en_first, build=False)
    assert 'language: "en"' in (en_first / "mkdocs.yml").read_text(encoding="utf-8")
    assert 'language: "zh"' in (en_first / "zh" / "mkdocs.yml").read_text(encoding="utf-8")
    single = tmp_path / "single"
    publish(support.context(MINIMAL), single, build=False, single_language=True)
    assert not (single / "en").exists()
    assert "alternate" not in (single / "mkdocs.yml").read_text(encoding="utf-8")  # no switch to nowhere


def test_switch_entries_point_from_each_language_root_to_the_others():
    assert languages.alternates(["zh", "en"], "zh") == [
        {"lang": "zh", "name": "中文", "root": "", "current": True},
        {"lang": "en", "name": "English（英文）", "root": "en/", "current": False}]
    assert [(a["lang"], a["root"]) for a in languages.alternates(["zh", "en"], "en")] == [("zh", "../"), ("en", "")]
    assert [(a["lang"], a["root"]) for a in languages.alternates(["en", "zh"], "zh")] == [("zh", ""), ("en", "../")]
    assert languages.alternates(["zh"], "zh") == []


def test_writing_is_deterministic(project, tmp_path):
    again = tmp_path / "again"
    publish(support.context(MINIMAL), again, build=False)
    assert _tree(again) == _tree(project)


# -- the built site: the switch leads to the same page -------------------------------------------------

def test_every_page_switches_to_the_same_page_in_the_other_language(built):
    zh_pages = sorted(p.relative_to(built).as_posix() for p in built.rglob("*.html") if not p.relative_to(built).as_posix().startswith("en/"))
    assert "standards/cms.html" in zh_pages and "report.html" in zh_pages
    zh_pages.remove("404.html")  # shown by a server at any path: no relative link can work, so no switch
    assert not SWITCH.search((built / "404.html").read_text(encoding="utf-8"))
    for page in zh_pages:
        for lang, prefix in (("zh", ""), ("en", "en/")):
            html = (built / prefix / page).read_text(encoding="utf-8")
            assert f'<html lang="{lang}"' in html, (prefix + page)
            links = dict((hreflang, href) for href, hreflang in SWITCH.findall(html))
            assert set(links) == {"zh", "en"}, (prefix + page)
            for target_lang, href in links.items():
                target = posixpath.normpath(posixpath.join(posixpath.dirname(prefix + page), href))
                expected = ("en/" if target_lang == "en" else "") + page
                assert target == expected and (built / target).is_file(), (prefix + page, href)


def test_footer_and_switch_words_come_from_the_catalog(built):
    words = table("site_lang")
    zh, en = (built / "index.html").read_text(encoding="utf-8"), (built / "en" / "index.html").read_text(encoding="utf-8")
    assert words["zh"]["generated"] in zh and words["en"]["generated"] not in zh
    assert words["en"]["generated"] in en and words["zh"]["generated"] not in en
    assert f'aria-label="{words["en"]["language"]}"' in en and f'aria-label="{words["zh"]["language"]}"' in zh
    assert "由 cmscheck 生成" not in (support.TESTS.parent / "site" / "overrides" / "main.html").read_text(encoding="utf-8")


# -- labels and organization facts in the page's language ----------------------------------------------

def _label_lines(text: str) -> list[str]:
    """Where a page puts cmscheck's own words: headings and table header rows."""
    lines = text.splitlines()
    return [line for i, line in enumerate(lines)
            if line.startswith("#") or (line.startswith("|") and i + 1 < len(lines) and lines[i + 1].startswith("|---"))]


@pytest.mark.parametrize("bundle", [MINIMAL, INJECTION])
def test_no_chinese_label_on_an_english_page(bundle):
    """Headings and table headers of the English pages hold no Chinese, except a finding heading whose
    stable id carries a bundle record id; the catalog pages show the standards' Chinese text by design."""
    en, zh = _in("en", bundle), _in("zh", bundle)
    for name, text in en.items():
        if name.startswith("catalog/"):
            continue
        for line in _label_lines(text):
            if '<a id="f-' not in line:
                assert not CJK.search(line), (name, line)
    # the same places on the Chinese pages do carry Chinese: the check above can fail
    assert any(CJK.search(line) for line in _label_lines(zh["register.md"]))
    # a sample of the catalog's labels: each appears in its own language and not in the other
    for key in ("register", "evidence_page", "report_title", "report_summary", "files_cited"):
        zh_word, en_word = (table("site")["zh"] | table("site_lang")["zh"])[key], (table("site")["en"] | table("site_lang")["en"])[key]
        assert any(zh_word in t for t in zh.values()) and not any(zh_word in t for n, t in en.items() if not n.startswith("catalog/")), key
        assert any(en_word in t for t in en.values()), key


def test_header_shows_organization_facts_in_the_page_language():
    zh, en = _in("zh")["index.md"], _in("en")["index.md"]
    assert "· 企业 · 钢铁 · 碳市场 未纳入 ·" in zh
    assert "· enterprise · Iron and steel · carbon market none ·" in en
    head = zh.splitlines()[2]
    assert not re.search(r"\b(enterprise|steel|none)\b", head), head
    park_zh, park_en = _in("zh", INJECTION), _in("en", INJECTION)
    assert "· 园区 ·" in park_zh["index.md"] and "· industrial park ·" in park_en["index.md"]
    assert "企业 ·" in park_zh["members/m001.md"] and "enterprise ·" in park_en["members/m001.md"]
    assert "\nenterprise ·" not in park_zh["members/m001.md"]


# -- the printable report ----------------------------------------------------------------------------

@pytest.mark.parametrize("bundle", [MINIMAL, INJECTION])
def test_report_holds_every_finding_in_both_languages(bundle):
    a = support.assessment(bundle)
    ids = [f.id for s in a.standards if s.applicable for f in s.findings]
    ids += [f.id for m in a.members for s in m.standards if s.applicable for f in s.findings]
    assert ids
    for lang, title in (("zh", "碳管理体系评价报告"), ("en", "Carbon management system assessment report")):
        text = _in(lang, bundle)[report.REPORT]
        assert text.startswith(f"# {title}")
        missing = [i for i in ids if f"**{md(i)}**" not in text]
        assert not missing, (lang, missing[:3])


def test_report_cites_evidence_and_deadlines():
    a = support.assessment(MINIMAL)
    severe = next(f for s in a.standards for f in s.findings if f.grade == "severe" and f.deadline and f.evidence)
    text = _in("en")[report.REPORT]
    block = text.split(f"**{md(severe.id)}**", 1)[1].split("\n**", 1)[0]
    assert f"corrective action due {severe.deadline}" in block
    assert f"- evidence: {md(severe.evidence[0].file)}" in block
    assert f"- rule: {md(severe.rule)}" in block


# -- the folder rules over a two-language site ---------------------------------------------------------

def test_a_foreign_file_in_the_other_language_folder_is_refused(project, tmp_path):
    import shutil
    copy = tmp_path / "copy"
    shutil.copytree(project, copy)
    (copy / "en" / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(SiteBuildError) as err:
        publish(support.context(MINIMAL), copy, build=False)
    assert "did not write: en/notes.txt" in err.value.message
    (copy / "en" / "notes.txt").unlink()
    (copy / "en" / "docs" / "index.md").write_text("edited", encoding="utf-8")
    with pytest.raises(SiteBuildError) as err:
        publish(support.context(MINIMAL), copy, build=False)
    assert "changed since cmscheck site wrote them: en/docs/index.md" in err.value.message
    # an untouched earlier site is replaced
    publish(support.context(MINIMAL), project, build=False)


def test_the_new_words_exist_in_both_languages():
    words = table("site_lang")
    assert set(words["zh"]) == set(words["en"]) and words["zh"]
    for key, text in words["zh"].items():
        if key != "lang_en":  # the name of English, written in English too
            assert CJK.search(text), (key, text)
    for key, text in words["en"].items():
        if key != "lang_zh":  # the name of Chinese, written in Chinese too
            assert not CJK.search(text), (key, text)


def test_catalog_pages_name_evidence_kinds_and_topics_in_the_pages_language():
    """A statement's evidence kinds and topics are named in the page's language (they were ids, in both):
    a kind keeps its id beside its name, as a manifest writes it (Markdown-escaped on the page)."""
    for lang, kind, topics, sep in (("zh", "岗位、职责和权限文件（roles\\_responsibilities）", "主题: ", "、"),
                                    ("en", "Roles, responsibilities and authorities \\(roles\\_responsibilities\\)", "Topics: ", ", ")):
        page = _in(lang)["catalog/standards/key-industry.md"]
        line = next(x for x in page.splitlines() if "**key-industry:5.1.1.s1**" in x)
        assert kind in line and line.endswith(topics + ("领导作用" if lang == "zh" else "Leadership")), line
        named = [x.rpartition(topics)[2] for x in page.splitlines() if topics in x]
        assert len(named) > 50 and not [n for n in named if re.fullmatch(r"[a-z_\\]+(?:, [a-z_\\]+)*", n)]
        assert [n for n in named if sep in n]  # several topics, joined as the language writes a list


def test_a_standards_status_is_in_the_pages_language():
    zh, en = _in("zh"), _in("en")
    assert "| 指南（差距） | 征求意见稿 |" in zh["catalog/index.md"] and "| 要求（可认证） | 已发布 |" in zh["catalog/index.md"]
    assert " · 草案 · " in zh["catalog/standards/key-industry.md"]
    assert "| draft for comment |" in en["catalog/index.md"] and " · draft · " in en["catalog/standards/key-industry.md"]
