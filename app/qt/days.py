"""The words of a day separator: "Today", "Yesterday", or the date in the user's calendar.

A Persian reader counts days in the Persian (Jalali) solar calendar and writes Persian
digits, so in the Persian interface the date comes from ``QCalendar(Jalali)`` written with
the ``fa`` locale ("۱۴ آذر ۱۴۰۵"); everywhere else from the Gregorian calendar in the
interface's locale. The label is worked out when it is drawn, not when the message arrived,
so "Today" becomes "Yesterday" after midnight without touching the model.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from app.qt.qt import QCalendar, QCoreApplication, QDate, QDateTime, QLocale, QTime

_DAY_CACHE: dict[int, date] = {}


def local_day(moment: datetime) -> date:
    """The calendar day of ``moment`` on this computer (server times arrive in UTC).

    Converting to local time is the costliest step of adding a message, and a flood's
    messages share a few minutes, so aware times are cached by minute (bounded).
    """
    if moment.tzinfo is None:
        return moment.date()
    minute = int(moment.timestamp()) // 60
    found = _DAY_CACHE.get(minute)
    if found is None:
        if len(_DAY_CACHE) > 4096:
            _DAY_CACHE.clear()
        found = _DAY_CACHE[minute] = moment.astimezone().date()
    return found


def uses_jalali(locale: QLocale | None = None) -> bool:
    """Whether ``locale`` (default: the interface's) counts days in the Persian calendar."""
    return (locale or QLocale()).language() == QLocale.Language.Persian


def written_date(day: date, locale: QLocale | None = None) -> str:
    """``day`` written out in ``locale``'s calendar and digits."""
    locale = locale or QLocale()
    shown = QDate(day.year, day.month, day.day)
    system = QCalendar.System.Jalali if uses_jalali(locale) else QCalendar.System.Gregorian
    return locale.toString(shown, QLocale.FormatType.LongFormat, QCalendar(system))


def written_moment(moment: datetime, locale: QLocale | None = None) -> str:
    """``moment`` as a short local date and time: where a search result was said.

    In Persian the Jalali date with Persian digits (``۱۴۰۵/۹/۱۴ ۱۰:۳۰``); elsewhere
    ``2026-12-05 10:30``, which sorts and reads the same in every country.
    """
    locale = locale or QLocale()
    local = moment.astimezone()
    shown = QDateTime(QDate(local.year, local.month, local.day), QTime(local.hour, local.minute))
    if uses_jalali(locale):
        jalali = QCalendar(QCalendar.System.Jalali)
        return locale.toString(shown, QLocale.FormatType.ShortFormat, jalali)
    return locale.toString(shown, "yyyy-MM-dd HH:mm")


def day_label(day: date, today: date | None = None, locale: QLocale | None = None) -> str:
    """What a separator above the messages of ``day`` says, seen on ``today``."""
    today = today or date.today()
    if day == today:
        return QCoreApplication.translate("MessageView", "Today")
    if day == today - timedelta(days=1):
        return QCoreApplication.translate("MessageView", "Yesterday")
    return written_date(day, locale)
