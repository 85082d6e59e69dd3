"""EvidenceRefs of the fact functions, made as pydantic's model_construct makes them.

The values come from the validated manifest, the readers' locators and messages built here: validating
them again cost a tenth of deriving a bundle's facts. A value of another type than the field takes
(which nothing in cmscheck passes) is validated as before, so it fails as it did.
"""

from __future__ import annotations

from ..findings import EvidenceRef
from ..trusted import bare

_DEFAULTS = {name: f.default for name, f in EvidenceRef.model_fields.items()}  # field order; every default None
_TYPES = {name: int if name in ("line", "page", "paragraph") else str for name in _DEFAULTS}
if any(v is not None for k, v in _DEFAULTS.items() if k != "file") or set(_TYPES) != set(EvidenceRef.model_fields):
    raise RuntimeError("EvidenceRef changed: evidence_ref must follow it")  # pragma: no cover


def evidence_ref(**given) -> EvidenceRef:
    """EvidenceRef(**given): the same fields, the same fields set."""
    for name, value in given.items():
        if value is not None and type(value) is not _TYPES.get(name):
            return EvidenceRef(**given)
    if "file" not in given or given["file"] is None:
        return EvidenceRef(**given)  # a missing file is an error, raised as before
    data = dict(_DEFAULTS)
    data.update(given)
    return bare(EvidenceRef, data, set(given))

