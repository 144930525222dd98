"""The one place Gofto imports Qt from.

Like qutebrowser's ``qutebrowser/qt/*.py``, every module of :mod:`app.qt` takes its Qt names
from here, so switching bindings, pinning a version check or working around a binding bug
happens in one file. Only names we actually use are re-exported; add more as needed.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractListModel,
    QByteArray,
    QCalendar,
    QCoreApplication,
    QDate,
    QEvent,
    QItemSelection,
    QItemSelectionModel,
    QLibraryInfo,
    QLocale,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    QPointF,
    QRect,
    QRectF,
    QSettings,
    QSize,
    QSortFilterProxyModel,
    QStandardPaths,
    Qt,
    QThread,
    QTimer,
    QTranslator,
    QUrl,
    Signal,
    Slot,
    qVersion,
)
from PySide6.QtGui import (
    QAction,
    QBrush,
    QCloseEvent,
    QColor,
    QContextMenuEvent,
    QCursor,
    QDesktopServices,
    QFont,
    QFontMetrics,
    QGuiApplication,
    QIcon,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPalette,
    QPen,
    QPixmap,
    QRegion,
    QShortcut,
    QStandardItem,
    QStandardItemModel,
    QStaticText,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextLayout,
    QTextOption,
    QValidator,
    QWheelEvent,
)
from PySide6.QtNetwork import QAbstractSocket, QHostAddress, QTcpSocket
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QMenuBar,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QSplitter,
    QStackedWidget,
    QStatusBar,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QSystemTrayIcon,
    QTabBar,
    QTabWidget,
    QTextBrowser,
    QTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)


def _singleton_refcounts_leak() -> bool:
    """Whether PySide6 drops references to ``None`` (and ``True``/``False``) it never took.

    PySide6 6.12.0 returns a borrowed ``Py_None`` from void methods and a borrowed
    ``Py_True`` from ``SignalInstance.emit()``. Python 3.12+ makes these singletons immortal,
    so nothing happens there; on Python 3.11 every ``setObjectName(...)`` or ``emit(...)``
    decrements a refcount, and after a few thousand calls the interpreter aborts with "Fatal
    Python error: none_dealloc" (or bool_dealloc), at the latest on exit.
    """
    if sys.version_info >= (3, 12):
        return False
    probe = QByteArray()
    before = sys.getrefcount(None)
    for _ in range(8):
        probe.clear()
    return sys.getrefcount(None) < before


def _make_singletons_immortal() -> None:
    """Workaround for the PySide6 6.12 / Python 3.11 bug above: give ``None``, ``True`` and
    ``False`` so many references (2**40) that the leak never reaches zero, which is what
    Python 3.12 does by design (PEP 683). ``ob_refcnt`` is the first field of every object in
    a release build of CPython. Remove once PySide6 is fixed or Python 3.11 is dropped.
    """
    import ctypes

    for singleton in (None, True, False):
        ctypes.c_ssize_t.from_address(id(singleton)).value += 1 << 40


if _singleton_refcounts_leak():
    _make_singletons_immortal()


__all__ = [
    "QT_TRANSLATE_NOOP",
    "QAbstractItemView",
    "QAbstractListModel",
    "QAbstractSocket",
    "QAction",
    "QApplication",
    "QBrush",
    "QButtonGroup",
    "QByteArray",
    "QCalendar",
    "QCheckBox",
    "QCloseEvent",
    "QColor",
    "QComboBox",
    "QCompleter",
    "QContextMenuEvent",
    "QCoreApplication",
    "QCursor",
    "QDate",
    "QDesktopServices",
    "QDialog",
    "QDialogButtonBox",
    "QEvent",
    "QFileDialog",
    "QFont",
    "QFontMetrics",
    "QFormLayout",
    "QFrame",
    "QGridLayout",
    "QGroupBox",
    "QGuiApplication",
    "QHBoxLayout",
    "QHostAddress",
    "QIcon",
    "QInputDialog",
    "QItemSelection",
    "QItemSelectionModel",
    "QKeyEvent",
    "QKeySequence",
    "QLabel",
    "QLibraryInfo",
    "QLineEdit",
    "QListView",
    "QListWidget",
    "QListWidgetItem",
    "QLocale",
    "QMainWindow",
    "QMenu",
    "QMenuBar",
    "QMessageBox",
    "QMimeData",
    "QModelIndex",
    "QMouseEvent",
    "QObject",
    "QPainter",
    "QPalette",
    "QPen",
    "QPersistentModelIndex",
    "QPixmap",
    "QPlainTextEdit",
    "QPoint",
    "QPointF",
    "QPushButton",
    "QRect",
    "QRectF",
    "QRegion",
    "QSettings",
    "QShortcut",
    "QSize",
    "QSizePolicy",
    "QSortFilterProxyModel",
    "QSpinBox",
    "QSplitter",
    "QStackedWidget",
    "QStandardItem",
    "QStandardItemModel",
    "QStandardPaths",
    "QStaticText",
    "QStatusBar",
    "QStyle",
    "QStyleOptionViewItem",
    "QStyledItemDelegate",
    "QSystemTrayIcon",
    "QTabBar",
    "QTabWidget",
    "QTcpSocket",
    "QTextBlockFormat",
    "QTextBrowser",
    "QTextCharFormat",
    "QTextCursor",
    "QTextDocument",
    "QTextEdit",
    "QTextLayout",
    "QTextOption",
    "QThread",
    "QTimer",
    "QToolButton",
    "QTranslator",
    "QUrl",
    "QVBoxLayout",
    "QValidator",
    "QWheelEvent",
    "QWidget",
    "Qt",
    "Signal",
    "Slot",
    "qVersion",
]
