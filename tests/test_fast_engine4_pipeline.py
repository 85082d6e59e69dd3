"""The pipeline around evaluate does no work nobody reads (issue 16, round 4): a bundle without members is
not taken apart and put back together (two model copies), waivers.check builds its list of known rule
ids only when some waiver names one, report_names counts names once. Each gives what the general form
(the code before round 4, kept here) gives: on every bundle, on parks whose members waive, on waivers
naming unknown rules, on clashing report names. And the collector's third moment (gcpolicy.warmed)."""

from __future__ import annotations

import difflib
import os
import shutil
import subprocess
import sys
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

import pytest

from cmscheck import batch, figures, pipeline, waivers
from cmscheck import thresholds as th
from cmscheck.bundle import load_bundle
from cmscheck.context import ReportContext
from cmscheck.problems import InputError, Problem, display

ROOT = Path(__file__).resolve().parent.parent
BUNDLES = [ROOT / "examples" / "hubei-steel", ROOT / "examples" / "small-manufacturer", ROOT / "examples" / "park",
           *sorted((ROOT / "examples" / "park" / "members").iterdir()),
           *sorted(p for p in (ROOT / "tests" / "bundles").iterdir() if (p / "cmscheck.yaml").exists())]


@lru_cache(maxsize=1)
def _inputs():
    return pipeline.load_inputs()


# ------------------------------------------------------------------------- the general forms (before)


def _check_general(bundle, rule_ids) -> list[Problem]:
    known = sorted(set(rule_ids) | {waivers.ANSWER_RULE})
    out: list[Problem] = []
    for i, w in enumerate(bundle.manifest.waivers):
        named = []
        if w.rule is not None:
            named.append(("rule", w.rule))
        if w.finding is not None and (m := waivers._FINDING_ID.match(w.finding)):
            named.append(("finding", m["rule"]))
        for field, rule in named:
            if rule in known:
                continue
            close = difflib.get_close_matches(rule, known, n=3, cutoff=0.6)
            hint = f"; did you mean {', '.join(map(repr, close))}?" if close else ""
            loc = ("waivers", i, field)
            out.append(Problem(bundle.manifest_file, bundle.lines.line(loc), f"waivers[{i}].{field}",
                               f"unknown rule {rule!r}{hint}", "write a rule id from rules/*.yaml (the report shows it in each finding)"))
    for member in bundle.members:
        out += _check_general(member, known)
    return out


def _assess_general(bundle, inputs, options, name=None) -> pipeline.Assessed:
    from cmscheck.evaluate import evaluate

    problems = _check_general(bundle, (r.id for r in inputs.ruleset.rules))
    if problems:
        raise InputError(problems)
    label = name or bundle.root.resolve().name
    member_unused, member_breaches, member_where, member_figures = [], [], [], []

    def member_done(member, member_bundle):
        member_where.append(pipeline.where_of(member_bundle, items=options.site))
        if options.site:
            member_figures.append(figures.of(member_bundle))
        member, lost = waivers.apply(member, member_bundle)
        member_unused.extend(lost)
        if options.thresholds is not None:
            member_breaches.extend(th.judge(member, options.thresholds, f"{label}/{member.bundle}"))
        return member

    assessment = evaluate(bundle, inputs.catalog, inputs.ruleset, options.standards, options.as_of,
                          member_done if bundle.members else None)
    members = assessment.members
    park = assessment.model_copy(update={"members": []})
    park_bundle = replace(bundle, members=[])
    park, unused = waivers.apply(park, park_bundle)
    unused += member_unused
    assessment = park.model_copy(update={"members": members}) if bundle.members else park
    where = pipeline.where_of(park_bundle, tuple(member_where), items=options.site)
    figs = figures.of(park_bundle, tuple(member_figures)) if options.site else None
    ctx = ReportContext(assessment=assessment, lang=options.lang, rules=pipeline.rule_infos(inputs.ruleset),
                        where=where, catalog=inputs.catalog, comparison=None, figures=figs)
    breaches = th.judge(park, options.thresholds, name) + member_breaches if options.thresholds is not None else []
    return pipeline.Assessed(ctx, unused, breaches)


def _report_names_general(paths: list[Path]) -> list[str]:
    def folder(p: Path) -> Path:
        return p.parent if p.is_file() else p

    names = [folder(p).resolve().name or "bundle" for p in paths]
    clash = {n for n in names if names.count(n) > 1}
    out = []
    for p, n in zip(paths, names):
        if n in clash:
            n = display(folder(p)).strip("/").replace("/", "__").replace("\\", "__").lstrip(".") or n
        while n in out:
            n += "_"
        out.append(n)
    return out


# ------------------------------------------------------------------------------------------- tests


def _same(folder: Path, options: pipeline.Options, name: str | None = None) -> pipeline.Assessed:
    inputs = _inputs()
    bundle = load_bundle(folder, inputs.catalog)
    fast = pipeline.assess(bundle, inputs, options, name)
    general = _assess_general(load_bundle(folder, inputs.catalog), inputs, options, name)
    assert fast.assessment.model_dump_json() == general.assessment.model_dump_json()
    assert fast.context.where == general.context.where
    assert fast.context.figures == general.context.figures
    assert fast.unused == general.unused and fast.breaches == general.breaches
    return fast


OPTIONS = [pipeline.Options(thresholds=th.from_fail_on("general")),
           pipeline.Options(site=True, thresholds=th.from_fail_on("severe")), pipeline.Options()]


@pytest.mark.parametrize("folder", BUNDLES, ids=lambda p: p.name)
def test_assess_gives_what_the_general_form_gives(folder):
    try:
        load_bundle(folder, _inputs().catalog)
    except InputError:
        pytest.skip("a bundle made to be refused")
    for options in OPTIONS:
        _same(folder, options)
    _same(folder, OPTIONS[0], "named")


def _waived_park(tmp_path: Path, member_waiver: str, park_waiver: str = "") -> Path:
    park = tmp_path / "park"
    shutil.copytree(ROOT / "examples" / "park", park)
    for path, text in ((park / "members" / "logistics" / "cmscheck.yaml", member_waiver), (park / "cmscheck.yaml", park_waiver)):
        if text:
            with path.open("a", encoding="utf-8") as fh:
                fh.write("waivers:\n" + text)
    return park


def _waiver(key: str, value: str, expires: str = "2099-12-31") -> str:
    return f"  - {key}: {value}\n    justification: 整改中\n    approved_by: 总经理\n    expires: {expires}\n"


def test_a_park_whose_members_waive_gives_what_the_general_form_gives(tmp_path):
    inputs = _inputs()
    members = pipeline.assess(load_bundle(ROOT / "examples" / "park", inputs.catalog), inputs, OPTIONS[0]).assessment.members
    rule = sorted({f.rule for m in members if m.bundle == "logistics" for f in m.findings()})[0]
    # one waiver holds, one expired, one (in the park) matches nothing
    park = _waived_park(tmp_path, _waiver("rule", rule) + _waiver("rule", "data-quality-plan-missing", "2000-01-01"),
                        _waiver("rule", "content-element-missing"))
    got = _same(park, OPTIONS[0])
    assert len(got.unused) == 1
    notes = [f.waiver for m in got.assessment.members for f in m.findings() if f.waiver]
    assert {n.active for n in notes} == {True, False}
    _same(park, OPTIONS[1], "named")


def test_waivers_naming_unknown_rules_are_found_as_before(tmp_path):
    inputs = _inputs()
    rule_ids = [r.id for r in inputs.ruleset.rules]
    park = _waived_park(tmp_path, _waiver("rule", "evidence-mising") + _waiver("finding", "cms/no-such-rule/1"),
                        _waiver("rule", "records-missing"))
    bundle = load_bundle(park, inputs.catalog)
    problems = waivers.check(bundle, iter(rule_ids))
    assert problems == _check_general(bundle, rule_ids) and len(problems) == 2
    assert "did you mean 'evidence-missing'" in problems[0].message
    with pytest.raises(InputError):
        pipeline.assess(bundle, inputs, OPTIONS[0])
    for folder in BUNDLES[:3]:  # waiving nothing: nothing to check, as before
        b = load_bundle(folder, inputs.catalog)
        assert waivers.check(b, rule_ids) == _check_general(b, rule_ids) == []


def test_report_names_are_those_of_the_general_form(tmp_path):
    for sub in ("a/site", "b/site", "c/site", "site", "a/x", "x", "x_", "a/b/x", "d"):
        (tmp_path / sub).mkdir(parents=True, exist_ok=True)
    cases = [["a/site", "b/site", "d"], ["x", "x_", "a/x", "a/b/x"], ["site", "a/site", "b/site", "c/site", "x"],
             ["d", "x_", "x", "d"], []]
    for case in cases:
        paths = [tmp_path / c for c in case]
        assert batch.report_names(paths) == _report_names_general(paths), case
    assert len(set(batch.report_names([tmp_path / c for c in cases[2]]))) == 5


def _python(code: str) -> list[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True)
    assert out.returncode == 0, out.stderr
    return out.stdout.decode().split()


def test_the_first_evaluation_freezes_what_it_built_on_the_command_line_only():
    evaluate = ("from cmscheck import pipeline; from pathlib import Path; inputs = pipeline.load_inputs(); "
                "frozen = gc.get_freeze_count(); default = gc.get_threshold(); "
                "pipeline.load_and_assess(Path('examples/hubei-steel'), inputs, pipeline.Options()); "
                "first = gc.get_freeze_count(); after = gc.get_threshold(); "
                "pipeline.load_and_assess(Path('examples/hubei-steel'), inputs, pipeline.Options()); ")
    cli = _python("import gc; import cmscheck.cli; from cmscheck import gcpolicy; " + evaluate +
                  "print(default == (700, 10, 10), first > frozen, after == gcpolicy.RUN, gc.get_freeze_count() == first)")
    assert cli == ["True", "True", "True", "True"]  # frozen once, after the first evaluation
    lib = _python("import gc; " + evaluate + "print(frozen, first, gc.get_freeze_count(), after == default == gc.get_threshold())")
    assert lib == ["0", "0", "0", "True"]  # a program using the modules keeps Python's settings
