"""zh and en from one catalog: the language choice, the label tables, problems in Chinese for every broken
bundle of tests/broken/, CLI help in Chinese, and -s listing the standard ids."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import click
import pytest
import yaml
from click.testing import CliRunner

from cmscheck import i18n
from cmscheck.bundle import load_bundle
from cmscheck.catalog import load_catalog
from cmscheck.cli import main
from cmscheck.cli.common import check_waivers
from cmscheck.i18n import clihelp
from cmscheck.i18n.problems import _PLACEHOLDER, to_zh
from cmscheck.problems import InputError, Problem
from cmscheck.rules import load_rules

TESTS = Path(__file__).parent
BROKEN = TESTS / "broken"
CASES = sorted(p.name for p in BROKEN.iterdir() if (p / "expect.yaml").is_file())
ZH = {"LANG": "zh_CN.UTF-8", "LC_ALL": None, "LC_MESSAGES": None}
EN = {"LANG": "C.UTF-8", "LC_ALL": None, "LC_MESSAGES": None}

CJK = re.compile(r"[\u4e00-\u9fff]")
# What may stay as written: quoted values, code, raw parser/system text in 「」, paths and ids.
QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"|`[^`]*`|「[^」]*」|“[^”]*”")
ENGLISH_SENTENCE = re.compile(r"\b[A-Za-z]+(?: [A-Za-z]+){2,}\b")


def untranslated(text: str) -> list[str]:
    """English runs of three words or more left in a Chinese text (quoted values aside)."""
    return ENGLISH_SENTENCE.findall(QUOTED.sub("", text))


def _broken_case(case: str, tmp_path: Path) -> Path:
    from test_validate_cli import _setup

    expect = yaml.safe_load((BROKEN / case / "expect.yaml").read_text(encoding="utf-8"))
    work = tmp_path / case
    shutil.copytree(BROKEN / case, work, symlinks=True)
    _setup(work, expect.get("setup", []))
    return work


# ------------------------------------------------------------------------------------------ language


@pytest.mark.parametrize("env, args, lang", [
    ({"LANG": "zh_CN.UTF-8"}, [], "zh"),
    ({"LANG": "zh_TW.UTF-8"}, [], "zh"),
    ({"LANG": "en_US.UTF-8"}, [], "en"),
    ({"LANG": "C.UTF-8"}, [], "en"),
    ({}, [], "en"),
    ({"LANG": "en_US.UTF-8", "LC_ALL": "zh_CN.UTF-8"}, [], "zh"),       # LC_ALL first
    ({"LANG": "zh_CN.UTF-8", "LC_MESSAGES": "en_GB.UTF-8"}, [], "en"),  # then LC_MESSAGES
    ({"LANG": "zh_CN.UTF-8"}, ["evaluate", "b", "--lang", "en"], "en"),  # an explicit --lang wins
    ({"LANG": "C"}, ["evaluate", "--lang=zh", "b"], "zh"),
    ({"LANG": "C"}, ["evaluate", "--", "--lang", "zh"], "en"),           # after -- it is an argument
])
def test_language_choice(env, args, lang):
    assert i18n.detect(args, env) == lang


def test_label_tables_keep_their_shape():
    from cmscheck.render.summary import _WORDS
    from cmscheck.render import compare_labels, labels
    from cmscheck.site import labels as site_labels

    assert labels.LABELS["zh"]["conforming"] == "符合" and labels.t("en", "severe") == "severe"
    assert compare_labels.t("zh", "no_counterpart", std="cms", own="park") == "cms 没有对应条款：这是 park 单独提出的要求"
    assert compare_labels.t("en", "systemic") == "systemic"  # falls back to the report's words
    assert site_labels.t("zh", "dashboard") == "总览" and site_labels.t("en", "conforming") == "conforming"
    assert _WORDS["zh"][1] == "未通过" and _WORDS["en"][2] == "error"
    for namespace in ("report", "compare", "site", "batch", "cli", "init", "click"):
        table = i18n.table(namespace)
        assert set(table["zh"]) == set(table["en"]) and table["zh"], namespace
        for key, text in table["zh"].items():
            assert CJK.search(text) or not re.search("[A-Za-z]{3}", QUOTED.sub("", text)), (namespace, key, text)


def test_t_fills_parameters_and_names_a_missing_key():
    assert i18n.t("cli.problems", "zh", n=3, s="s") == "cmscheck：输入中有 3 个问题："
    assert i18n.t("cli.problems", "en", n=1, s="") == "cmscheck: 1 problem in the input:"
    assert i18n.t("cli.no_such_key", "zh") == "cli.no_such_key"


# ------------------------------------------------------------------------------------------ problems


def test_problem_templates_are_consistent():
    entries = yaml.safe_load((Path(i18n.__file__).parent / "problems.yaml").read_text(encoding="utf-8"))
    seen = set()
    for e in entries:
        assert e["en"] not in seen, e["en"]
        seen.add(e["en"])
        en_names = {m.group(1) for m in _PLACEHOLDER.finditer(e["en"])}
        zh_names = {m.group(1) for m in _PLACEHOLDER.finditer(e["zh"])}
        assert zh_names <= en_names, e  # the Chinese may drop a detail, never invent a value
        assert CJK.search(e["zh"]) or e["en"].startswith("{"), e


def test_translation_keeps_values_and_composes():
    assert to_zh("unknown field 'titel'; did you mean 'title'?") == "未知字段 'titel'；是否应为 'title'？"
    assert to_zh("Input should be a valid string (got '1.0')") == "应为文字（实际为 '1.0'）"
    assert to_zh("something no template knows") == "something no template knows"
    p = Problem("m.yaml", 3, "documents[0].kind", "unknown evidence kind 'x'", "add this field")
    assert p.format("zh") == "m.yaml:3: documents[0].kind: 未知的证据类型 'x'\n    改正：补上这个字段"
    assert p.format() == "m.yaml:3: documents[0].kind: unknown evidence kind 'x'\n    fix: add this field"


@pytest.mark.parametrize("case", CASES)
def test_broken_bundle_problems_print_in_chinese(case: str, tmp_path: Path, monkeypatch):
    work = _broken_case(case, tmp_path)
    monkeypatch.chdir(work)
    with pytest.raises(InputError) as err:  # what validate checks: the bundle, then its waivers against the rules
        check_waivers(load_bundle(Path("bundle"), load_catalog()), load_rules())
    result = CliRunner().invoke(main, ["validate", "bundle"], env=ZH)
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("cmscheck：输入中有"), result.stderr
    for p in err.value.problems:
        message, fix = to_zh(p.message), to_zh(p.fix)
        for text in (message, fix):
            assert CJK.search(text) and not untranslated(text), f"{case}: no Chinese for {text!r}"
        assert message in result.stderr and ("改正：" + fix) in result.stderr
    assert "fix:" not in result.stderr


def _hostile_files(folder: Path) -> dict[str, str | None]:
    """Files a ledger may turn out to be, each with the encoding a manifest declares for it."""
    import zipfile

    (folder / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 100)
    (folder / "text.xlsx").write_text("month,x\n2024-01,1\n", encoding="utf-8")
    (folder / "gbk.csv").write_bytes("月份,电量\n2024-01,1\n".encode("gb18030"))
    (folder / "damaged.pdf").write_bytes(b"%PDF-1.4 cut short")
    (folder / "damaged.xlsx").write_bytes(b"PK\x03\x04cut short")
    with zipfile.ZipFile(folder / "word.xlsx", "w") as z:
        z.writestr("word/document.xml", "<w/>")
    (folder / "meter.dat").write_bytes(b"xx")
    return {"old.xls": None, "text.xlsx": None, "gbk.csv": "utf-8", "gbk.csv#": "no-such-encoding",
            "damaged.pdf": None, "damaged.xlsx": None, "word.xlsx": None, "meter.dat": None}


def test_readers_reasons_print_in_chinese(tmp_path: Path):
    """A ledger the readers refuse is a problem whose message carries the reader's English reason."""
    from cmscheck.evidence import read_file

    for name, encoding in _hostile_files(tmp_path).items():
        name = name.rstrip("#")
        result = read_file(tmp_path / name, name, encoding=encoding)
        assert result.status != "read" and result.reason, name
        message = to_zh(f"{name!r} cannot be read as a ledger: {result.reason}")
        assert CJK.search(message) and not untranslated(message), f"{name}: no Chinese for {result.reason!r}: {message!r}"
        assert message.startswith(f"{name!r} 无法作为台账读取：")


def test_english_locale_keeps_english_problems(tmp_path: Path, monkeypatch):
    work = _broken_case("unknown_field", tmp_path)
    monkeypatch.chdir(work)
    result = CliRunner().invoke(main, ["validate", "bundle"], env=EN)
    assert result.exit_code == 2 and "unknown field 'titel'" in result.stderr and "fix:" in result.stderr
    assert not CJK.search(result.stderr.replace("'", ""))


# ------------------------------------------------------------------------------------------ CLI help


def test_every_help_text_has_chinese():
    missing = []
    for path, cmd in clihelp.walk(main):
        clihelp.localize(main, "en")
        if cmd.help and not i18n.has(clihelp.help_key(path)):
            missing.append(clihelp.help_key(path))
        for param in cmd.params:
            if isinstance(param, click.Option) and param.help and not i18n.has(clihelp.help_key(path, param.name)) \
                    and not i18n.has("click." + param.help):
                missing.append(clihelp.help_key(path, param.name))
    assert not missing, f"add Chinese help to src/cmscheck/i18n/terms.yaml (namespace help): {missing}"


def test_help_follows_the_language():
    zh = CliRunner().invoke(main, ["evaluate", "--help"], env=ZH)
    en = CliRunner().invoke(main, ["evaluate", "--help"], env=EN)
    forced = CliRunner().invoke(main, ["evaluate", "--help", "--lang", "en"], env=ZH)
    assert zh.exit_code == en.exit_code == forced.exit_code == 0
    assert "用法：" in zh.output and "选项" in zh.output and "只评价这项标准" in zh.output
    assert "Usage:" in en.output and "Evaluate only this standard" in en.output and not CJK.search(en.output)
    assert "Usage:" in forced.output
    top = CliRunner().invoke(main, ["--help"], env=ZH)
    assert "对照中国碳管理标准" in top.output and "显示此帮助并退出" in top.output
    bad = CliRunner().invoke(main, ["evaluate", "--bogus"], env=ZH)
    assert bad.exit_code == 2 and "错误：" in bad.output and "没有选项" in bad.output


# ------------------------------------------------------------------------------------------ -s


def test_standard_option_lists_the_ids():
    ids = sorted(load_catalog().standards)
    for env in (EN, ZH):
        out = CliRunner().invoke(main, ["evaluate", "--help"], env=env).output
        flat = " ".join(out.split())
        assert "-s, --standard ID" in out and ", ".join(ids) in flat, out


def test_unknown_standard_lists_the_ids(tmp_path: Path):
    bundle = str(TESTS / "bundles" / "minimal")
    for env, words in ((EN, "unknown standard 'cmz'"), (ZH, "未知的标准 'cmz'")):
        result = CliRunner().invoke(main, ["evaluate", bundle, "-s", "cmz"], env=env)
        assert result.exit_code == 2
        assert words in result.stderr and ", ".join(sorted(load_catalog().standards)) in result.stderr


# ------------------------------------------------------------------------------------------ reports

EXAMPLES = TESTS.parent / "examples"


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_a_reports_frame_is_in_its_language(fmt):
    """The heading line, the summary table's first columns and a park member's separator: in Chinese in a
    zh report (they were English in both), as they were in an en one."""
    out = {lang: CliRunner().invoke(main, ["evaluate", str(EXAMPLES / "park"), "--format", fmt, "--lang", lang,
                                           "--as-of", "2025-06-30"]).output for lang in ("zh", "en")}
    zh, en = out["zh"], out["en"]
    assert "评价基准日 2025-06-30" in zh and "as of" not in zh
    assert "as of 2025-06-30" in en
    if fmt == "markdown":
        assert zh.count("| 标准 | 类型 |") == 4 and "| standard | kind |" not in zh
        assert en.count("| standard | kind |") == 4
    else:
        assert zh.count(" 成员企业 ====") == 3 and " member ====" not in zh
        assert en.count(" member ====") == 3
        assert "┃ 标准 " in zh and "┃ standard " in en


def _notes(assessment):
    for s in assessment.standards:
        for f in s.findings:
            yield from (r.note for r in f.evidence if r.note)
        for r in s.statements:
            yield from (e.note for e in r.evidence if e.note)
    for m in assessment.members:
        yield from _notes(m)


@pytest.mark.parametrize("bundle", ["examples/hubei-steel", "examples/park", "examples/small-manufacturer", "tests/bundles/complete"])
def test_evidence_notes_the_facts_write_hold_chinese_too(bundle):
    """An evidence note is one text shown in either language's report: one the facts write in English
    words (months without data, a ledger month against raw records, records missing, an answer's
    citation) holds the Chinese beside it; a prior nonconformity's grade reads 严重 or 一般 in Chinese."""
    import datetime as dt

    from cmscheck import pipeline

    inputs = pipeline.load_inputs()
    options = pipeline.Options(as_of=dt.date(2025, 6, 30))
    got = pipeline.assess(load_bundle(TESTS.parent / bundle, inputs.catalog), inputs, options)
    notes = set(_notes(got.assessment))
    english_only = sorted(n for n in notes if untranslated(n) and not CJK.search(QUOTED.sub("", n)))
    assert notes and not english_only
    messages = [f.message.zh for s in got.assessment.standards for f in s.findings]
    assert not [m for m in messages if "（severe）" in m or "（general）" in m]
    if bundle == "examples/hubei-steel":
        assert [m for m in messages if "NC-2023-02（严重）" in m]
