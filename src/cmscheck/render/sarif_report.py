"""SARIF 2.1.0: findings as static-analysis results, for GitHub code scanning and other CI viewers.

Built with sarif-om (the SARIF object model generated from the OASIS schema) and serialized here:
sarif-om ships classes, not a writer. One run holds the whole bundle, park members included: GitHub
no longer accepts several runs of one tool in one file. Each result sits at the bundle file and line of
its first piece of evidence (the manifest `cmscheck.yaml` or a document); further evidence goes into
relatedLocations. A finding under an active waiver carries an accepted external suppression; an
expired waiver is shown in the result's properties and suppresses nothing.

The renderer sees only the Assessment. Rule metadata (titles, descriptions, references) and where the
bundle folder lies relative to the repository come in as plain values (context.RuleInfo, context.Where);
without them the report still validates, with rule descriptors built from the findings.

A park's report is written a member at a time (`chunks`): the run's rule table comes first, so the
members are read twice, once for the rules their findings use and once for their results, each member
rebuilt from its packed form and let go in turn. The bytes are those of one `json.dumps` of the whole
log (`build`), which tests/test_sarif_stream.py compares on every bundle it has.
"""

from __future__ import annotations

from urllib.parse import quote
from typing import Any, Iterable, Iterator

import attr
import sarif_om as om

from .. import __version__
from ..assessment import Assessment
from ..context import RuleInfo, Where, base_uri
from ..findings import EvidenceRef, Finding
from . import json_lists, json_text
from .labels import ref_text, t

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
FINGERPRINT = "cmscheck/v1"
# Written even at their default: an absent result level means the rule's default level, not "warning".
_ALWAYS = {(om.Result, "level"), (om.ReportingConfiguration, "level")}


ANSWER = RuleInfo(
    id="answer", title_zh="证据包自评答复判定为不符合", title_en="Answered nonconforming by the bundle",
    description_zh="没有规则能判定该条款陈述；证据包中的自评或审核员答复将其判定为不符合。",
    description_en="No rule decides the statement; the bundle's self-assessment or auditor answer judged it nonconforming.",
)



# ----------------------------------------------------------------------------------- serialization


def to_json(obj: Any) -> Any:
    """sarif-om objects to plain JSON data: schema property names, fields at their default left out."""
    if attr.has(type(obj)):
        out = {}
        for f in attr.fields(type(obj)):
            value = getattr(obj, f.name)
            default = f.default.factory() if isinstance(f.default, attr.Factory) else f.default
            if value is None or ((type(obj), f.name) not in _ALWAYS and f.default is not attr.NOTHING and value == default):
                continue
            name = f.metadata["schema_property_name"]
            if isinstance(obj, om.Suppression) and name == "state":
                name = "status"  # sarif-om 1.0.4 predates the final 2.1.0 name of this property
            out[name] = to_json(value)
        return out
    if isinstance(obj, dict):
        return {k: to_json(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [to_json(v) for v in obj]
    return obj


# --------------------------------------------------------------------------------------- building


def _text(zh: str, en: str, lang: str) -> str:
    return (en or zh) if lang == "en" else (zh or en)


def _msg(text: str) -> om.MultiformatMessageString:
    return om.MultiformatMessageString(text=text)


def _descriptor(info: RuleInfo, lang: str) -> om.ReportingDescriptor:
    title = _text(info.title_zh, info.title_en, lang)
    desc = _text(info.description_zh, info.description_en, lang) or title
    help_lines = [desc]
    if info.type:
        help_lines.append(f"{t(lang, info.type)} · {t(lang, info.grade)}" + (f" · {t(lang, 'situation')} {info.situation}" if info.situation else ""))
    if info.references:
        help_lines.append(("依据" if lang != "en" else "references") + ": " + ", ".join(info.references))
    props: dict[str, Any] = {"title": {"zh": info.title_zh, "en": info.title_en},
                             "tags": ["carbon-management"] + ([info.type] if info.type else [])}
    if info.description_zh or info.description_en:
        props["description"] = {"zh": info.description_zh, "en": info.description_en}
    if info.type:
        props.update(type=info.type, grade=info.grade)
    if info.situation:
        props["situation"] = info.situation
    if info.references:
        props["references"] = list(info.references)
    return om.ReportingDescriptor(
        id=info.id, name="".join(w.capitalize() for w in info.id.split("-")),
        short_description=_msg(title), full_description=_msg(desc), help=_msg("\n".join(help_lines)),
        default_configuration=om.ReportingConfiguration(level="error" if info.grade == "severe" else "warning"),
        properties=props,
    )


def _uri(base: str, file: str) -> str:
    """base (a relative URI reference or a file:// URI, already encoded) joined with a bundle path."""
    base, file = base.rstrip("/"), quote(file, safe="/")
    return f"{base}/{file}" if base and base != "." else file


def _location(ref: EvidenceRef, base: str, lang: str, ident: int | None = None) -> om.Location:
    region = om.Region(start_line=ref.line) if ref.line else None
    loc = om.Location(physical_location=om.PhysicalLocation(
        artifact_location=om.ArtifactLocation(uri=_uri(base, ref.file)), region=region))
    if ident is not None:
        loc.id = ident
        loc.message = om.Message(text=ref_text(ref))
    return loc


def _level(f: Finding) -> str:
    if f.verdict != "nonconforming":
        return "note"
    return "error" if f.grade == "severe" else "warning"


def _result(f: Finding, a: Assessment, base: str, index: dict[str, int], manifest: str, lang: str) -> om.Result:
    text = f"{f.message.get(lang)} [{f.standard}: {', '.join(f.statements[:8])}" + (f" +{len(f.statements) - 8}" if len(f.statements) > 8 else "") + "]"
    evidence = f.evidence or [EvidenceRef(file=manifest)]
    props: dict[str, Any] = {
        "finding": f.id, "bundle": a.bundle, "organization": a.organization.name, "standard": f.standard,
        "statements": f.statements, "verdict": f.verdict, "type": f.type, "grade": f.grade, "source": f.source,
        "evidence": [ref_text(r) for r in f.evidence],
    }
    if f.situation:
        props["situation"] = f.situation
    if f.deadline:
        props["deadline"] = f.deadline.isoformat()
    if f.guidance_gap:
        props["guidance_gap"] = True
    res = om.Result(
        message=om.Message(text=text), rule_id=f.rule, rule_index=index[f.rule], level=_level(f),
        locations=[_location(evidence[0], base, lang)],
        partial_fingerprints={FINGERPRINT: f"{base}#{f.id}"},
        properties=props,
    )
    if len(evidence) > 1:
        res.related_locations = [_location(r, base, lang, i) for i, r in enumerate(evidence[1:], start=1)]
    if f.waiver is not None:
        w = f.waiver
        props["waiver"] = {"justification": w.justification, "approved_by": w.approved_by, "expires": w.expires.isoformat(),
                           "active": w.active, "where": ref_text(w.where)}
        if w.active:
            res.suppressions = [om.Suppression(
                kind="external", state="accepted",
                justification=f"{w.justification} ({w.approved_by}, ≤ {w.expires.isoformat()})",
                location=_location(w.where, base, lang),
            )]
    return res


def _walk(a: Assessment, where: Where) -> Iterable[tuple[Assessment, str]]:
    yield a, where.base
    for i, m in enumerate(a.members):
        sub = where.members[i] if i < len(where.members) else Where(_uri(where.base, m.bundle))  # a guess: members/<name> is usual
        yield from _walk(m, sub)


def _infos(assessment: Assessment, where: Where, rules: Iterable[RuleInfo] | None) -> list[RuleInfo]:
    """The rules the findings of the bundle and its members use, sorted by id: the run's rule table."""
    known = {r.id: r for r in (rules or [])}
    known.setdefault(ANSWER.id, ANSWER)
    used = sorted({f.rule for a, _ in _walk(assessment, where) for f in a.findings()})
    return [known.get(rid) or RuleInfo(id=rid, title_zh=rid, title_en=rid) for rid in used]


def _log(assessment: Assessment, lang: str, infos: list[RuleInfo], results: list[om.Result]) -> om.SarifLog:
    driver = om.ToolComponent(
        name="cmscheck", version=__version__, semantic_version=__version__,
        rules=[_descriptor(info, lang) for info in infos],
    )
    org = assessment.organization
    run = om.Run(
        tool=om.Tool(driver=driver), results=results, language="en-US" if lang == "en" else "zh-CN",
        # one category per bundle: GitHub code scanning takes several files only when their categories differ
        automation_details=om.RunAutomationDetails(id=f"cmscheck/{assessment.bundle}/"),
        properties={"bundle": assessment.bundle, "organization": org.name, "as_of": org.as_of.isoformat(),
                    "standards": [s.standard for s in assessment.standards if s.applicable]},
    )
    return om.SarifLog(version="2.1.0", schema_uri=SCHEMA_URI, runs=[run])


def _results(a: Assessment, base: str, index: dict[str, int], manifest: str, lang: str) -> list[om.Result]:
    return [_result(f, a, base, index, manifest, lang) for f in a.findings()]


def build(assessment: Assessment, lang: str = "zh", rules: Iterable[RuleInfo] | None = None,
          where: Where | None = None, manifest: str = "cmscheck.yaml") -> om.SarifLog:
    """The whole log at once (every member's results held together): `chunks` writes the same a member at a time."""
    where = where or Where(base_uri(assessment.bundle))
    infos = _infos(assessment, where, rules)
    index = {info.id: i for i, info in enumerate(infos)}
    results = [r for a, base in _walk(assessment, where) for r in _results(a, base, index, manifest, lang)]
    return _log(assessment, lang, infos, results)


def _dumps(log: om.SarifLog) -> str:
    data = to_json(log)
    data = {"$schema": data.pop("$schema"), "version": data.pop("version"), **data}  # the usual order, for readers
    return json_text.dumps(data, sort_keys=False)


def render(assessment: Assessment, lang: str = "zh", rules: Iterable[RuleInfo] | None = None,
           where: Where | None = None) -> str:
    return "".join(chunks(assessment, lang, rules, where))


def chunks(assessment: Assessment, lang: str = "zh", rules: Iterable[RuleInfo] | None = None,
           where: Where | None = None, manifest: str = "cmscheck.yaml") -> Iterator[str]:
    """The report in pieces: the log up to its results list, then the results of the bundle and of each
    member in turn (one piece each, empty for a bundle without findings), each result encoded alone and
    indented to stand in the list, then the log's end."""
    where = where or Where(base_uri(assessment.bundle))
    infos = _infos(assessment, where, rules)
    index = {info.id: i for i, info in enumerate(infos)}
    # the run is runs[0]: its results list stands at depth 3
    head, tail = json_lists.split(_dumps(_log(assessment, lang, infos, [])) + "\n", "results", 3)
    yield head
    empty = True
    for a, base in _walk(assessment, where):
        piece = "".join(json_lists.item(json_text.dumps(to_json(r), sort_keys=False), 3, empty and i == 0)
                        for i, r in enumerate(_results(a, base, index, manifest, lang)))
        empty = empty and not piece
        yield piece
    yield json_lists.close(3, empty) + tail
