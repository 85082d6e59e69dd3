"""Whether a standard applies to an organization, and why (in zh and en)."""

from __future__ import annotations

from .catalog.models import Standard
from .findings import Bilingual


def applies(std: Standard, org) -> tuple[bool, Bilingual]:
    a = std.applicability
    kinds_zh = {"enterprise": "企业", "park": "园区"}
    if org.kind not in a.organization_kinds:
        wanted = "、".join(kinds_zh[k] for k in a.organization_kinds)
        return False, Bilingual(
            zh=f"本标准适用于{wanted}，受评组织为{kinds_zh[org.kind]}",
            en=f"applies to {' and '.join(a.organization_kinds)} organizations; this one is a {org.kind}",
        )
    if not a.sectors and not a.market_qualifies:
        return True, Bilingual(zh=f"适用于{kinds_zh[org.kind]}", en=f"applies to every {org.kind}")
    if org.sector in a.sectors:
        return True, Bilingual(zh=f"所属行业（{org.sector}）属于本标准列明的重点行业", en=f"its sector ({org.sector}) is one the standard names")
    if a.market_qualifies and org.carbon_market != "none":
        market_zh = {"national": "全国", "provincial": "地方"}[org.carbon_market]
        return True, Bilingual(zh=f"已纳入{market_zh}碳市场", en=f"it is in the {org.carbon_market} carbon market")
    return False, Bilingual(
        zh="所属行业不在本标准列明的重点行业之内，且未纳入碳市场",
        en=f"its sector ({org.sector or 'not given'}) is not one the standard names, and it is in no carbon market",
    )
