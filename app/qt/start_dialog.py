"""The first window: host a chat or join one, with inline validation and honest errors.

The dialog never blocks: pressing Start builds a :class:`~app.qt.controller.ChatController`
(hosting first when asked) and waits for its signals. On ``registered`` the dialog accepts and
hands the controller over through ``started``; on ``failed`` it stays open and shows the
error's one sentence (from :mod:`app.errors`) next to the button, so the person can fix the
nickname, the address or the password and try again.

Joining, the dialog lists the chats announced on the network (``discoveredList``, see
:mod:`app.qt.discovered_list`); double-click or Enter on one puts its invite link in the
address field and joins with its fingerprint pinned (asking for the room password only when
the chat says it has one). Typing an address or pasting an invite link works as before.

When the host's certificate changed since the last visit, the failure comes with a warning
box (:func:`app.qt.certificate_prompt.ask_to_trust`); trusting the new fingerprint pins it and
starts again.
"""

from __future__ import annotations

import logging

from app import APP_NAME, DEFAULT_ROOM
from app.client.address import Address, AddressError, parse_address
from app.client.invite import format_invite
from app.client.trust import DISCOVERY, INVITE, ClientTls, TrustStore
from app.discovery.record import FoundChat
from app.errors import CertificateChanged, GoftoError, InvalidNick, NickInUse
from app.irc import nick_problem
from app.qt.certificate_prompt import ask_to_trust
from app.qt.controller import ChatController
from app.qt.discovered_list import DiscoveredChats, DiscoveredList
from app.qt.guard import guarded
from app.qt.hosting import start_hosting
from app.qt.i18n import sentences
from app.qt.icons import app_icon
from app.qt.qt import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QLocale,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
)
from app.qt.settings import Mode, Settings

log = logging.getLogger(__name__)

MAX_PORT_TYPED = 99999  # the spin box accepts more so it can say why 70000 is wrong

# The chosen mode must be obvious at a glance: the checked button takes the highlight colour.
_MODE_BUTTON_STYLE = """
QPushButton { padding: 6px 12px; border: 1px solid palette(mid); border-radius: 6px;
              background: palette(button); }
QPushButton:hover { border-color: palette(highlight); }
QPushButton:checked { background: palette(highlight); color: palette(highlighted-text);
                      border-color: palette(highlight); font-weight: bold; }
QPushButton:disabled { color: palette(mid); }
"""


class StartDialog(QDialog):
    """Choose host or join, a nickname and where; Start connects without blocking.

    ``started(controller)`` is emitted just before the dialog accepts; the receiver owns the
    controller from then on (its Qt parent is cleared).
    """

    started = Signal(object)

    def __init__(self, settings: Settings | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("startDialog")
        self._settings = settings if settings is not None else Settings()
        self.controller: ChatController | None = None
        self._error = ""  # the last failure, shown until the person edits something
        self._texts = sentences()  # the client's sentences (nickname and address problems)
        # The open "certificate changed" warning, if any (tests click it).
        self.certificate_box: QWidget | None = None
        #: The chats on the network (browsed only while the Join page is shown).
        self.discovered = DiscoveredChats(self)
        #: The invite link of the chat last chosen in the list (pinned "by discovery").
        self._discovered_link: str | None = None
        self._build()
        self._connect_signals()
        self._load_settings()
        self._update()
        self._focus_first_field()

    # -- construction -------------------------------------------------------------------------
    def _build(self) -> None:
        self.setWindowTitle(self.tr("Start a chat — {app}").format(app=APP_NAME))
        self.setWindowIcon(app_icon())

        logo = QLabel()
        logo.setObjectName("logoLabel")
        logo.setPixmap(app_icon().pixmap(48, 48))
        title = QLabel(self.tr("Gofto"))
        title.setObjectName("titleLabel")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        title.setFont(font)
        subtitle = QLabel(self.tr("Host a chat on this computer, or join one on your network."))
        subtitle.setObjectName("headerLabel")
        subtitle.setWordWrap(True)
        titles = QVBoxLayout()
        titles.setSpacing(0)
        titles.addWidget(title)
        titles.addWidget(subtitle)
        header = QHBoxLayout()
        header.addWidget(logo, 0, Qt.AlignmentFlag.AlignTop)
        header.addLayout(titles, 1)

        self.host_button = QPushButton(self.tr("&Host a chat"))
        self.host_button.setObjectName("hostModeButton")
        self.host_button.setToolTip(self.tr("Others on your network join you"))
        self.join_button = QPushButton(self.tr("&Join a chat"))
        self.join_button.setObjectName("joinModeButton")
        self.join_button.setToolTip(self.tr("Join a chat someone else hosts"))
        self.mode_group = QButtonGroup(self)
        self.mode_group.setExclusive(True)
        modes = QHBoxLayout()
        for button in (self.host_button, self.join_button):
            button.setCheckable(True)
            button.setAutoDefault(False)
            button.setMinimumHeight(40)
            button.setStyleSheet(_MODE_BUTTON_STYLE)
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            self.mode_group.addButton(button)
            modes.addWidget(button)

        self.nick_edit = QLineEdit()
        self.nick_edit.setObjectName("nickEdit")
        self.nick_edit.setPlaceholderText(self.tr("e.g. Sara or سارا"))
        self.nick_edit.setMaxLength(64)

        self.port_spin = QSpinBox()
        self.port_spin.setObjectName("portSpin")
        self.port_spin.setRange(0, MAX_PORT_TYPED)
        self.port_spin.setGroupSeparatorShown(False)
        # Port numbers are typed and read in ASCII digits, left to right, in every language.
        self.port_spin.setLocale(QLocale.c())
        self.port_spin.setToolTip(self.tr("The TCP port others connect to (1024–65535)"))

        self.address_edit = QLineEdit()
        self.address_edit.setObjectName("addressEdit")
        self.address_edit.setPlaceholderText(self.tr("e.g. 192.168.1.20:5000"))
        # An address is always written left to right, even in a Persian window.
        self.address_edit.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.address_edit.setToolTip(
            self.tr("host, host:port, [IPv6]:port or an irc://host:port/room link")
        )

        self.password_edit = QLineEdit()
        self.password_edit.setObjectName("passwordEdit")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)

        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.addRow(self.tr("Your &nickname:"), self.nick_edit)
        self.form.addRow(self.tr("&Port:"), self.port_spin)
        self.form.addRow(self.tr("Host's &address:"), self.address_edit)
        self.password_label = QLabel(self.tr("Room pass&word:"))
        self.password_label.setBuddy(self.password_edit)
        self.form.addRow(self.password_label, self.password_edit)
        self.tls_only_check = QCheckBox(self.tr("Encrypted connections &only"))
        self.tls_only_check.setObjectName("tlsOnlyCheck")
        self.tls_only_check.setToolTip(
            self.tr(
                "Gofto always encrypts when it can. With this, ordinary IRC programs that "
                "cannot encrypt are turned away too."
            )
        )
        self.form.addRow("", self.tls_only_check)

        self.discovered_label = QLabel(self.tr("&Chats found on your network:"))
        self.discovered_label.setObjectName("discoveredLabel")
        self.discovered_list = DiscoveredList()
        self.discovered_list.setMaximumHeight(120)
        self.discovered_label.setBuddy(self.discovered_list)

        self.problem_label = QLabel()
        self.problem_label.setObjectName("problemLabel")
        self.problem_label.setWordWrap(True)
        self.problem_label.setTextFormat(Qt.TextFormat.PlainText)
        self.problem_label.setAccessibleName(self.tr("Problem"))
        self.status_label = QLabel()
        self.status_label.setObjectName("statusLabel")
        self.status_label.setWordWrap(True)
        self.status_label.setTextFormat(Qt.TextFormat.PlainText)
        self.status_label.hide()

        self.quit_button = QPushButton(self.tr("&Quit"))
        self.quit_button.setObjectName("quitButton")
        self.quit_button.setAutoDefault(False)
        self.start_button = QPushButton()
        self.start_button.setObjectName("startButton")
        self.start_button.setDefault(True)
        self.start_button.setAutoDefault(True)
        self.start_button.setMinimumWidth(120)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.quit_button)
        buttons.addWidget(self.start_button)

        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addLayout(modes)
        layout.addSpacing(6)
        layout.addLayout(self.form)
        layout.addWidget(self.discovered_label)
        layout.addWidget(self.discovered_list)
        layout.addWidget(self.problem_label)
        layout.addWidget(self.status_label)
        layout.addStretch(1)
        layout.addLayout(buttons)
        self.setMinimumWidth(440)

    def _connect_signals(self) -> None:
        self.mode_group.buttonToggled.connect(self._on_mode_toggled)
        self.nick_edit.textChanged.connect(self._on_edited)
        self.address_edit.textChanged.connect(self._on_edited)
        self.port_spin.valueChanged.connect(self._on_edited)
        self.password_edit.textChanged.connect(self._on_edited)
        self.start_button.clicked.connect(self.start)
        self.quit_button.clicked.connect(self.reject)
        self.discovered.changed.connect(self._on_discovered)
        self.discovered_list.chosen.connect(self.join_discovered)

    def _load_settings(self) -> None:
        from app.client.nickname import default_nick

        self.nick_edit.setText(self._settings.nick or default_nick(self._texts("nick.default")))
        self.address_edit.setText(self._settings.address)
        self.port_spin.setValue(self._settings.port)
        button = self.host_button if self._settings.mode is Mode.HOST else self.join_button
        button.setChecked(True)

    def _focus_first_field(self) -> None:
        """Put the cursor where typing is wanted (on opening and on choosing a mode), so the
        dialog works from the keyboard alone: the host's address when joining without one,
        else the nickname, selected, since the remembered one is a suggestion that typing
        replaces (as in the tkinter dialog)."""
        if self.mode is Mode.JOIN and not self.address_edit.text().strip():
            self.address_edit.setFocus()
            return
        self.nick_edit.setFocus()
        self.nick_edit.selectAll()

    # -- state --------------------------------------------------------------------------------
    @property
    def mode(self) -> Mode:
        """Whether Start hosts or joins."""
        return Mode.HOST if self.host_button.isChecked() else Mode.JOIN

    def set_mode(self, mode: Mode) -> None:
        """Switch between hosting and joining (as clicking the mode buttons does)."""
        (self.host_button if mode is Mode.HOST else self.join_button).setChecked(True)

    @property
    def nick(self) -> str:
        """The nickname as it will be used (surrounding spaces removed)."""
        return self.nick_edit.text().strip()

    @property
    def busy(self) -> bool:
        """Whether a start attempt is under way."""
        return self.controller is not None

    def problem(self) -> str | None:
        """Why Start cannot be pressed now, as a sentence for the person, or ``None``."""
        why = nick_problem(self.nick)
        if why is not None:
            return self._texts.say(why)
        if self.mode is Mode.HOST:
            port = self.port_spin.value()
            if not 1 <= port <= 65535:
                return self.tr("Port {port} is out of range (1–65535).").format(port=port)
            return None
        if not self.address_edit.text().strip() and self.discovered_list.count():
            return self.tr("Choose a chat in the list and press Enter, or type the host's address.")
        try:
            parse_address(self.address_edit.text())
        except AddressError as error:
            return self._texts.error(error)
        return None

    def error_text(self) -> str:
        """The sentence shown under the form: a failure, or what to fix before starting."""
        return self.problem_label.text()

    @guarded
    def _on_mode_toggled(self, _button: object = None, checked: bool = True) -> None:
        if checked:
            self._error = ""
            self._update()
            self._focus_first_field()

    @guarded
    def _on_edited(self, *_args: object) -> None:
        self._error = ""
        self._update()

    def _update(self) -> None:
        hosting = self.mode is Mode.HOST
        # Browse only on the Join page: a host has nothing to look for.
        if hosting:
            self.discovered.stop()
        browsing = not hosting and self.discovered.start()
        self.discovered_label.setVisible(browsing)
        self.discovered_list.setVisible(browsing)
        self.form.setRowVisible(self.port_spin, hosting)
        self.form.setRowVisible(self.address_edit, not hosting)
        self.form.setRowVisible(self.tls_only_check, hosting)
        if hosting:
            self.password_edit.setPlaceholderText(self.tr("optional: people must type it to join"))
        else:
            self.password_edit.setPlaceholderText(self.tr("only if the room has one"))
        problem = None if self.busy else self.problem()
        if self.busy:
            self.start_button.setText(self.tr("Connecting…"))
        elif hosting:
            self.start_button.setText(self.tr("Host"))
        else:
            self.start_button.setText(self.tr("Join"))
        self.start_button.setEnabled(problem is None and not self.busy)
        self.start_button.setToolTip(problem or "")
        text = self._error or problem or ""
        self.problem_label.setText(text)
        self.problem_label.setProperty("failure", bool(self._error))
        color = "#b00020" if self._error else "palette(placeholder-text)"
        self.problem_label.setStyleSheet(f"color: {color};")
        self.problem_label.setVisible(bool(text))
        for widget in (
            self.host_button,
            self.join_button,
            self.nick_edit,
            self.port_spin,
            self.address_edit,
            self.password_edit,
            self.tls_only_check,
            self.discovered_list,
        ):
            widget.setEnabled(not self.busy)

    # -- chats found on the network -------------------------------------------------------------
    @guarded
    def _on_discovered(self) -> None:
        self.discovered_list.show_chats(self.discovered.chats())
        if not self._error:
            self._update()

    @guarded
    def join_discovered(self, chat: FoundChat) -> None:
        """Join ``chat`` (double-click or Enter in the list) with its fingerprint pinned."""
        if self.busy:
            return
        record = chat.record
        link = format_invite(chat.address, chat.port, record.room, record.fingerprint)
        self._discovered_link = link
        self.address_edit.setText(link)
        if record.password and not self.password_edit.text():
            self._error = self.tr("This chat needs the room password: type it, then press Enter.")
            self._update()
            self.password_edit.setFocus()
            return
        self.start()

    # -- starting -----------------------------------------------------------------------------
    @guarded
    def start(self) -> None:
        """Host and/or connect with what the form says; the outcome arrives as signals."""
        if self.busy or self.problem() is not None:
            return
        self._error = ""
        self._remember()
        password = self.password_edit.text() or None
        if self.mode is Mode.HOST:
            try:
                controller = start_hosting(
                    self.nick,
                    self.port_spin.value(),
                    password=password,
                    tls_only=self.tls_only_check.isChecked(),
                )
            except GoftoError as error:
                self._show_failure(error)
                return
        else:
            text = self.address_edit.text().strip()
            address: Address = parse_address(text)
            how = DISCOVERY if text == self._discovered_link else INVITE
            controller = ChatController(
                self.nick,
                address.host,
                address.port,
                password=password,
                room=address.room or DEFAULT_ROOM,
                tls=ClientTls(force=address.secure, pinned=address.fingerprint, how=how),
            )
        self.attach(controller)
        controller.start()

    def attach(self, controller: ChatController) -> None:
        """Wait for ``controller`` (already built, started or about to be) on this dialog."""
        controller.setParent(self)
        self.controller = controller
        controller.status_changed.connect(self._on_status)
        controller.registered.connect(self._on_registered)
        controller.failed.connect(self._on_failed)
        self._update()

    def _detach(self) -> ChatController | None:
        controller, self.controller = self.controller, None
        if controller is not None:
            controller.status_changed.disconnect(self._on_status)
            controller.registered.disconnect(self._on_registered)
            controller.failed.disconnect(self._on_failed)
        return controller

    def _remember(self) -> None:
        self._settings.nick = self.nick
        self._settings.mode = self.mode
        if self.mode is Mode.HOST:
            self._settings.port = self.port_spin.value()
        else:
            self._settings.address = self.address_edit.text().strip()
        self._settings.sync()

    @guarded
    def _on_status(self, text: str) -> None:
        self.status_label.setText(text)
        self.status_label.setVisible(bool(text))

    @guarded
    def _on_registered(self) -> None:
        controller = self._detach()
        if controller is None:
            return
        controller.setParent(None)
        self._on_status("")
        self.started.emit(controller)
        self.accept()

    @guarded
    def _on_failed(self, error: object) -> None:
        controller = self._detach()
        if controller is not None:
            controller.shutdown()
            controller.deleteLater()
        self._show_failure(error)
        if isinstance(error, CertificateChanged):
            self._ask_to_trust(error)

    def _ask_to_trust(self, error: CertificateChanged) -> None:
        """The warning box; trusting pins the new fingerprint and presses Start again."""

        def trust() -> None:
            TrustStore().remember(error.host, error.port, error.new)
            self._error = ""
            self.start()

        self.certificate_box = ask_to_trust(
            self, str(Address(error.host, error.port)), error.old, error.new, trust
        )

    def _show_failure(self, error: object) -> None:
        self._error = self._texts.error(error) if isinstance(error, BaseException) else str(error)
        self._on_status("")
        self._update()
        if isinstance(error, NickInUse | InvalidNick):
            self.nick_edit.setFocus()
            self.nick_edit.selectAll()

    def show_failure(self, error: GoftoError) -> None:
        """Show why an earlier attempt failed (used when ``gofto join`` could not connect)."""
        self._show_failure(error)

    # -- closing ------------------------------------------------------------------------------
    def done(self, result: int) -> None:
        """Closing either way ends browsing (its sockets close off the GUI thread)."""
        self.discovered.stop()
        super().done(result)

    def reject(self) -> None:
        """Esc or Quit: cancel an attempt under way, else close the dialog."""
        controller = self._detach()
        if controller is not None:
            controller.shutdown()
            controller.deleteLater()
            self._on_status("")
            self._update()
            return
        super().reject()
