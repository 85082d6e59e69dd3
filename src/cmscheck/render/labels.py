"""User-facing labels in zh and en, shared by the renderers."""

from ..i18n import table

LABELS = table("report")  # the words live in i18n/terms.yaml (namespace report)


def t(lang: str, key: str) -> str:
    return LABELS.get(lang, LABELS["zh"]).get(key, key)


def ref_text(ref) -> str:
    out = ref.file
    if ref.line:
        out += f":{ref.line}"
    if ref.field:
        out += f" ({ref.field})"
    if ref.section:
        out += f" §{ref.section}"
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
