"""Gregorian dates in the Persian (Jalali, solar Hijri) calendar, for Tk and the terminal.

The Qt window draws dates with ``QCalendar``'s Jalali system; the front ends without Qt need
the same dates, so this is the short arithmetic conversion (the 33-year cycle). It agrees
with Qt's calendar on every day from 1950 to 2057 (tests/client/test_jalali.py checks that
against ``QCalendar``); the two rules part ways from 2058 on, by one day around Nowruz.
"""

from __future__ import annotations

from datetime import date

_DAYS_BEFORE_MONTH = (0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334)


def to_jalali(day: date) -> tuple[int, int, int]:
    """``day`` as (year, month, day) of the Jalali calendar: 2026-03-21 is (1405, 1, 1)."""
    year = day.year + 1 if day.month > 2 else day.year
    days = (
        355666
        + 365 * day.year
        + (year + 3) // 4
        - (year + 99) // 100
        + (year + 399) // 400
        + day.day
        + _DAYS_BEFORE_MONTH[day.month - 1]
    )
    jalali_year = -1595 + 33 * (days // 12053)
    days %= 12053
    jalali_year += 4 * (days // 1461)
    days %= 1461
    if days > 365:
        jalali_year += (days - 1) // 365
        days = (days - 1) % 365
    if days < 186:
        return jalali_year, 1 + days // 31, 1 + days % 31
    return jalali_year, 7 + (days - 186) // 30, 1 + (days - 186) % 30
