"""The Jalali dates of Tk and the terminal, checked against Qt's own Jalali calendar."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from PySide6.QtCore import QCalendar, QDate

from app.client.catalogue import ENGLISH, texts_for
from app.client.jalali import to_jalali
from app.client.search import LoggedLine, describe_line


def test_every_day_from_1950_to_2057_agrees_with_qcalendar() -> None:
    calendar = QCalendar(QCalendar.System.Jalali)
    day, end, checked = date(1950, 1, 1), date(2058, 1, 1), 0
    while day < end:
        parts = calendar.partsFromDate(QDate(day.year, day.month, day.day))
        assert to_jalali(day) == (parts.year, parts.month, parts.day), day
        day += timedelta(days=1)
        checked += 1
    assert checked > 39_000


def test_known_days() -> None:
    assert to_jalali(date(2026, 3, 21)) == (1405, 1, 1)  # Nowruz
    assert to_jalali(date(2026, 3, 20)) == (1404, 12, 29)
    assert to_jalali(date(2025, 3, 20)) == (1403, 12, 30)  # 1403 is a leap year
    assert to_jalali(date(1979, 2, 11)) == (1357, 11, 22)


def test_stamp_in_persian_is_jalali_with_persian_digits() -> None:
    when = datetime(2026, 3, 21, 12, 0, tzinfo=UTC)
    local = when.astimezone()
    english = ENGLISH.stamp(when)
    persian = texts_for("fa").stamp(when)
    assert english == local.strftime("%Y-%m-%d %H:%M")
    year, month, day = to_jalali(local.date())
    expected = f"{year:04d}-{month:02d}-{day:02d} {local.strftime('%H:%M')}"
    assert persian == expected.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    assert not any(ch.isascii() and ch.isdigit() for ch in persian)


def test_terminal_search_lines_use_the_persian_calendar() -> None:
    line = LoggedLine(
        record_id=1,
        conversation="#lobby",
        sender="bob",
        text="سلام",
        kind="message",
        time=datetime(2026, 3, 21, 12, 0, tzinfo=UTC),
        msgid="m1",
    )
    fa = texts_for("fa")
    assert describe_line(line, fa).startswith(f"[#lobby {fa.stamp(line.time)}] <bob>")
    assert describe_line(line).startswith(f"[#lobby {ENGLISH.stamp(line.time)}] <bob>")
