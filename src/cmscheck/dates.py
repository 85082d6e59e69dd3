"""Calendar arithmetic shared by facts and evaluation, below both (imports nothing of cmscheck)."""

from __future__ import annotations

import calendar
import datetime as dt

# key-industry 8.1.1: a severe nonconformity's correction "完成时限原则上不应超过3个月" — three calendar months.
CORRECTION_MONTHS = 3


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` calendar months later, clamped to the month's last day (31 Jan + 1 = 28/29 Feb)."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def correction_deadline(day: dt.date) -> dt.date:
    """Three calendar months after `day` (key-industry 8.1.1)."""
    return add_months(day, CORRECTION_MONTHS)
