"""Light, dark or the system's look, switched while the application runs.

Light and dark use Qt's Fusion style, which draws every control from the palette, so a dark
palette gives a really dark window (menus, inputs, scroll bars, tabs) rather than inverted
colours; the colours below keep text at a contrast of at least 7 : 1 and links and the
selection readable. "System" goes back to the style and palette the application started with,
or to dark when the desktop says it prefers dark (``QStyleHints.colorScheme``, Qt ≥ 6.5).

Setting the application palette sends every widget a ``PaletteChange`` event, so widgets that
derive colours from the palette (the people pane's greyed names, the tab colours) refresh in
their ``changeEvent``; nothing here knows about them.
"""

from __future__ import annotations

import enum

from app.qt.qt import QApplication, QColor, QObject, QPalette, QStyle, Qt


class Theme(enum.Enum):
    """What the person chose in the settings."""

    SYSTEM = "system"
    LIGHT = "light"
    DARK = "dark"

    @classmethod
    def parse(cls, value: object) -> Theme:
        """The theme stored as ``value``; system for anything unknown."""
        try:
            return cls(str(value))
        except ValueError:
            return cls.SYSTEM


_Role = QPalette.ColorRole
_Group = QPalette.ColorGroup

#: The dark palette: (role, active/inactive colour, disabled colour).
_DARK: tuple[tuple[QPalette.ColorRole, str, str], ...] = (
    (_Role.Window, "#202124", "#202124"),
    (_Role.WindowText, "#e8eaed", "#7f8388"),
    (_Role.Base, "#17181a", "#1d1e20"),
    (_Role.AlternateBase, "#26282b", "#26282b"),
    (_Role.ToolTipBase, "#303134", "#303134"),
    (_Role.ToolTipText, "#e8eaed", "#7f8388"),
    (_Role.PlaceholderText, "#9aa0a6", "#6b6f74"),
    (_Role.Text, "#e8eaed", "#7f8388"),
    (_Role.Button, "#2d2e31", "#26272a"),
    (_Role.ButtonText, "#e8eaed", "#7f8388"),
    (_Role.BrightText, "#ffffff", "#ffffff"),
    (_Role.Light, "#3c3d41", "#3c3d41"),
    (_Role.Midlight, "#333438", "#333438"),
    (_Role.Mid, "#28292c", "#28292c"),
    (_Role.Dark, "#121314", "#121314"),
    (_Role.Shadow, "#000000", "#000000"),
    (_Role.Highlight, "#3b6fb6", "#3a3b3e"),
    (_Role.HighlightedText, "#ffffff", "#9aa0a6"),
    (_Role.Link, "#8ab4f8", "#5f7aa3"),
    (_Role.LinkVisited, "#c58af9", "#8a6aa8"),
)


def dark_palette() -> QPalette:
    """Gofto's dark palette (for Fusion)."""
    palette = QPalette()
    for role, normal, disabled in _DARK:
        for group in (_Group.Active, _Group.Inactive):
            palette.setColor(group, role, QColor(normal))
        palette.setColor(_Group.Disabled, role, QColor(disabled))
    return palette


def is_dark(palette: QPalette) -> bool:
    """Whether ``palette`` draws light text on a dark window (for colour choices elsewhere)."""
    return palette.color(_Role.Window).lightnessF() < palette.color(_Role.WindowText).lightnessF()


class ThemeSwitcher(QObject):
    """Applies a :class:`Theme` to ``app``; remembers how the application looked at first.

    There is one per application, a child of it: :meth:`of` finds (or makes) it, so the
    settings dialog and the start-up code share it without a module-level global.
    """

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self.setObjectName("goftoThemeSwitcher")
        self._app = app
        style = app.style()
        self._system_style = style.name() if style is not None else "fusion"
        self._system_palette = QPalette(app.palette())
        self.current = Theme.SYSTEM

    @classmethod
    def of(cls, app: QApplication) -> ThemeSwitcher:
        """The application's switcher; the first call remembers the system look."""
        found = app.findChild(ThemeSwitcher, "goftoThemeSwitcher")
        return found if isinstance(found, ThemeSwitcher) else cls(app)

    def apply(self, theme: Theme) -> None:
        """Switch the whole application to ``theme`` now."""
        self.current = theme
        dark = theme is Theme.DARK or (theme is Theme.SYSTEM and _desktop_prefers_dark())
        if theme is Theme.SYSTEM and not dark:
            self._set_style(self._system_style)
            self._app.setPalette(self._system_palette)
            return
        style = self._set_style("fusion")
        if dark:
            self._app.setPalette(dark_palette())
        else:
            self._app.setPalette(style.standardPalette() if style is not None else QPalette())

    def _set_style(self, name: str) -> QStyle | None:
        current = self._app.style()
        if current is None or current.name().lower() != name.lower():
            self._app.setStyle(name)
        return self._app.style()


def _desktop_prefers_dark() -> bool:
    hints = QApplication.styleHints()
    scheme = getattr(hints, "colorScheme", None)
    return scheme is not None and scheme() == Qt.ColorScheme.Dark
