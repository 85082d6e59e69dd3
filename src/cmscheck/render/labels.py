"""User-facing labels in zh and en, shared by the renderers."""

from ..i18n import table

LABELS = table("report")  # the words live in i18n/terms.yaml (namespace report)


def t(lang: str, key: str) -> str:
    return LABELS.get(lang, LABELS["zh"]).get(key, key)


# The honest summary of one standard: conforming split by what it rests on, "documented — to verify" and
# "not assessed" beside it, and the rate over every assessable statement (documented ones included).
COUNT_COLUMNS = ("conforming_checked", "conforming_answered", "documented", "nonconforming", "observation",
                 "not_assessed", "not_applicable", "conformity_rate", "severe_general")


def count_cells(c) -> list[str]:
    """The cells of COUNT_COLUMNS for one standard's Counts."""
    sev = sum(v for k, v in c.nonconformities.items() if k.endswith("/severe"))
    gen = sum(v for k, v in c.nonconformities.items() if k.endswith("/general"))
    return [str(c.conforming_checked), str(c.conforming_answered), str(c.by_status["documented"]),
            str(c.by_status["nonconforming"]), str(c.by_status["observation"]), str(c.by_status["not_assessed"]),
            str(c.by_status["not_applicable"]), f"{c.conformity_rate:.0%}", f"{sev}/{gen}"]


def ref_text(ref) -> str:
    out = ref.file
    if getattr(ref, "sheet", None):  # Excel: file!sheet!cell; PDF: p.N; Word: ¶N (set only for those formats)
        out += f"!{ref.sheet}" + (f"!{ref.cell}" if ref.cell else "")
    if ref.line:
        out += f":{ref.line}"
    if getattr(ref, "page", None):
        out += f" p.{ref.page}"
    if ref.field:
        out += f" ({ref.field})"
    if ref.section:
        out += f" §{ref.section}"
    if getattr(ref, "paragraph", None):
        out += f" ¶{ref.paragraph}"
    if ref.note:
        out += f" — {ref.note}"
    return out


def finding_tags(f, lang: str) -> str:
    """verdict · type · grade [· severe situation N] [· deadline]: the classification line of a finding."""
    tags = f"{t(lang, f.verdict)} · {t(lang, f.type)} · {t(lang, f.grade)}"
    if f.situation:
        tags += f" · {t(lang, 'situation')} {f.situation}"
    if f.deadline:
        tags += f" · {t(lang, 'deadline')} {f.deadline}"
    return tags
