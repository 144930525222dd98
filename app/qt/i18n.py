"""Pick the user's language once at start-up, install its translator and layout direction.

Persian speakers are first-class users, so the language comes from the usual locale variables
(``LANGUAGE``, then ``LC_ALL``, ``LC_MESSAGES``, ``LANG``, as gettext reads them; ``fa_IR.UTF-8``
means Persian) and the whole application turns right-to-left once, app-wide (Anki's
``qt/aqt/__init__.py``), instead of each window deciding for itself. Translations are the
``resources/translations/gofto_<lang>.qm`` files made by ``scripts/translations.sh``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from app.client.catalogue import Texts
from app.i18n import RTL_LANGUAGES
from app.qt.qt import QCoreApplication, QGuiApplication, QLibraryInfo, QLocale, Qt, QTranslator
from app.resources import resource_path

log = logging.getLogger(__name__)

#: The objectName of every translator :func:`install` puts on the application, so that
#: :func:`switch` finds them again without a module-level global.
TRANSLATOR_NAME = "goftoTranslator"


def is_rtl(language: str) -> bool:
    """Whether ``language`` is written right to left."""
    if language in RTL_LANGUAGES:
        return True
    return QLocale(language).textDirection() == Qt.LayoutDirection.RightToLeft


def sentences() -> Texts:
    """The client catalogue's sentences in the installed language (the ``.qm``).

    Make one per window, after :func:`install` (and again on ``LanguageChange``): a
    :class:`Texts` keeps the templates it has looked up, and writes numbers with the digits
    of the default ``QLocale`` (Persian digits and the Jalali calendar in Persian).
    """
    locale = QLocale()
    persian = locale.language() == QLocale.Language.Persian
    return Texts(QCoreApplication.translate, zero=locale.zeroDigit(), jalali=persian)


def translation_file(language: str) -> str:
    """The path of Gofto's compiled translation for ``language`` (it may not exist)."""
    return str(resource_path("translations", f"gofto_{language}.qm"))


@dataclass
class Translation:
    """The translators installed for one language; keep it alive as long as the app runs."""

    language: str
    translators: list[QTranslator] = field(default_factory=list)

    @property
    def direction(self) -> Qt.LayoutDirection:
        """The layout direction of the language."""
        if is_rtl(self.language):
            return Qt.LayoutDirection.RightToLeft
        return Qt.LayoutDirection.LeftToRight

    def remove(self) -> None:
        """Uninstall the translators and go back to left-to-right English (for tests)."""
        for translator in self.translators:
            QCoreApplication.removeTranslator(translator)
        self.translators.clear()
        QLocale.setDefault(QLocale("en_US"))
        QGuiApplication.setLayoutDirection(Qt.LayoutDirection.LeftToRight)


def install(language: str) -> Translation:
    """Install Gofto's (and Qt's own) translator for ``language`` and set the direction.

    Call once, after the QApplication exists and before any window is built: widgets read
    their texts when they are constructed.
    """
    translation = Translation(language)
    if language != "en":
        ours = QTranslator(QCoreApplication.instance())
        ours.setObjectName(TRANSLATOR_NAME)
        if ours.load(translation_file(language)):
            QCoreApplication.installTranslator(ours)
            translation.translators.append(ours)
        else:
            log.info("no Gofto translation for %r", language)
        qt_own = QTranslator(QCoreApplication.instance())
        qt_own.setObjectName(TRANSLATOR_NAME)
        qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if qt_own.load(f"qtbase_{language}", qt_dir):
            QCoreApplication.installTranslator(qt_own)
            translation.translators.append(qt_own)
    QLocale.setDefault(QLocale(language))
    QGuiApplication.setLayoutDirection(translation.direction)
    return translation


def switch(language: str) -> Translation:
    """Change the language while the application runs.

    Removes the translators :func:`install` put on the application and installs those of
    ``language``. Qt sends every widget a ``LanguageChange`` event and ``setLayoutDirection``
    turns every window to the new direction. Every widget that writes text re-reads it in its
    ``changeEvent`` (a ``retranslate()``); the conversation views say every row again, from
    the records' catalogue codes, and numbers follow the new locale's digits.
    """
    app = QCoreApplication.instance()
    if app is not None:
        for translator in app.findChildren(QTranslator, TRANSLATOR_NAME):
            QCoreApplication.removeTranslator(translator)
            translator.setParent(None)  # freed with its last Python reference
    return install(language)
