"""Sharing files in the Qt window: Attach, drag-and-drop, pasted pictures, Save…, the viewer.

:class:`WindowSharing` gives every conversation tab an ``attachButton`` next to the input
(also ``Ctrl+O``), accepts files dropped anywhere on the conversation, and turns a paste of a
picture (a screenshot on the clipboard) into a PNG upload; each shows its progress and Cancel
in the tab's :class:`~app.qt.transfer_bar.TransferBar` and posts the link in that tab's
conversation, room or private. It also tells the conversation views which messages share a
host file (:mod:`app.qt.attachments`), opens a clicked picture in a
:class:`~app.qt.picture_viewer.PictureViewer`, and asks where to save a file card's file.

File dialogs are opened with ``open()`` (never ``exec()``): the chat keeps running while the
person chooses. Tests replace :func:`ask_files` and :func:`ask_save_path`, not the transfer.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from app.qt.attachments import (
    Attachment,
    AttachmentPainter,
    Previews,
    State,
    attachment_of,
    size_text,
)
from app.qt.drop_highlight import DropHighlight
from app.qt.guard import guarded
from app.qt.picture_viewer import PictureViewer
from app.qt.qt import (
    QColor,
    QCoreApplication,
    QDragEnterEvent,
    QDropEvent,
    QEvent,
    QFileDialog,
    QGuiApplication,
    QIcon,
    QImage,
    QKeyEvent,
    QKeySequence,
    QObject,
    QPainter,
    QPainterPath,
    QPalette,
    QPen,
    QPixmap,
    QRectF,
    QShortcut,
    QSize,
    QStandardPaths,
    Qt,
    QToolButton,
    QWidget,
)
from app.qt.transfer_bar import TransferBar
from app.qt.transfers import Transfer, Transfers

log = logging.getLogger(__name__)

#: Attach a file from the keyboard (Tk's "Send file…" uses the same key).
ATTACH_KEY = QKeySequence("Ctrl+O")


def ask_files(parent: QWidget, chosen: Callable[[list[str]], None]) -> None:
    """Open the window-modal "Send file" dialog; ``chosen(paths)`` when files are picked."""
    dialog = QFileDialog(parent, QCoreApplication.translate("Sharing", "Send file — Gofto"))
    dialog.setObjectName("attachDialog")
    dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.filesSelected.connect(chosen)
    dialog.open()


def ask_save_path(parent: QWidget, name: str, chosen: Callable[[str], None]) -> None:
    """Open the window-modal "Save file" dialog offering ``name``; ``chosen(path)``."""
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DownloadLocation)
    dialog = QFileDialog(parent, QCoreApplication.translate("Sharing", "Save file — Gofto"))
    dialog.setObjectName("saveDialog")
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    if folder:
        dialog.setDirectory(folder)
    dialog.selectFile(name)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.fileSelected.connect(chosen)
    dialog.open()


def paperclip_icon(colour: QColor, size: int = 40) -> QIcon:
    """The Attach button's paperclip, drawn (no emoji font or image plugin needed)."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    pen = QPen(colour, size * 0.075)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    painter.setPen(pen)
    painter.translate(size / 2, size / 2)
    painter.rotate(40)
    outer, middle, inner = 0.15 * size, 0.10 * size, 0.055 * size
    top, bottom = -0.40 * size, 0.40 * size
    left = -middle - (middle - inner)
    path = QPainterPath()
    path.moveTo(inner, -0.12 * size)
    path.lineTo(inner, bottom - middle - 0.06 * size)
    path.arcTo(QRectF(left, bottom - 2 * middle - 0.06 * size, 2 * middle, 2 * middle), 0, -180)
    path.lineTo(left, top + outer)
    path.arcTo(QRectF(left, top, 2 * outer, 2 * outer), 180, -180)
    path.lineTo(left + 2 * outer, bottom - 0.2 * size)
    painter.drawPath(path)
    painter.end()
    return QIcon(pixmap)


class _ConversationHooks(QObject):
    """Drag-and-drop and paste on one conversation tab (an event filter on its parts), and
    the Attach button's colour and texts on a theme or language switch.

    While files are dragged over the tab a :class:`~app.qt.drop_highlight.DropHighlight`
    says where they will go; a drag without local files (text, a link) is refused there.
    """

    def __init__(self, sharing: WindowSharing, conversation: QWidget, button: QToolButton) -> None:
        super().__init__(conversation)
        self._sharing = sharing
        self._conversation = conversation
        self._button = button
        #: The sentence over the tab while files are dragged over it.
        self.highlight = DropHighlight(
            conversation, conversation.name, private=conversation.is_private
        )
        self.recolour()

    def recolour(self) -> None:
        """Draw the paperclip in the button's text colour of the current palette."""
        colour = self._button.palette().color(QPalette.ColorRole.ButtonText)
        self._button.setIcon(paperclip_icon(colour))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Accept dragged files, take dropped ones, and take a pasted picture."""
        kind = event.type()
        try:
            if watched is self._button and kind in (
                QEvent.Type.PaletteChange,
                QEvent.Type.LanguageChange,
            ):
                self.recolour()
                WindowSharing.name_button(self._button)
                return False
            if kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove) and isinstance(
                event, QDragEnterEvent | QDropEvent
            ):
                return self._drag_over(watched, event)
            if kind == QEvent.Type.DragLeave:
                self.highlight.hide()
            elif kind == QEvent.Type.Drop and isinstance(event, QDropEvent):
                self.highlight.hide()
                files = _local_files(event)
                if files:
                    event.acceptProposedAction()
                    self._sharing.send_files(self._conversation, files)
                    return True
            elif (
                kind == QEvent.Type.KeyPress
                and isinstance(event, QKeyEvent)
                and event.matches(QKeySequence.StandardKey.Paste)
            ):
                return self._sharing.paste(self._conversation)
        except Exception:
            log.exception("sharing a file")
        return False

    def _drag_over(self, watched: QObject, event: QDropEvent) -> bool:
        """Files: accept and show where they go. Anything else: refused on the view (the
        input still takes dragged text, as every line edit does)."""
        if _local_files(event):
            event.acceptProposedAction()
            if not self.highlight.isVisible():
                conversation = self._conversation
                self.highlight.set_conversation(conversation.name, private=conversation.is_private)
                self.highlight.show_over()
            return True
        self.highlight.hide()
        if watched is self._conversation.input:
            return False
        event.ignore()
        return True


def _local_files(event: QDropEvent) -> list[Path]:
    mime = event.mimeData()
    if mime is None or not mime.hasUrls():
        return []
    return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]


class WindowSharing(QObject):
    """File sharing for a :class:`~app.qt.main_window.MainWindow`'s conversation tabs.

    ``name_of(conversation_widget)`` gives a tab's conversation name; ``transfers`` does the
    uploads and downloads; ``previews`` the thumbnails and cards.
    """

    def __init__(self, window: QWidget, transfers: Transfers, previews: Previews) -> None:
        super().__init__(window)
        self._window = window
        self.transfers = transfers
        self.previews = previews
        self.painter = AttachmentPainter(previews, self.attachment)
        self._bars: dict[int, TransferBar] = {}
        self._tabs: dict[str, QWidget] = {}
        #: The picture viewers open now.
        self.viewers: list[PictureViewer] = []
        transfers.started.connect(self._started)
        previews.ready.connect(self._preview_ready)
        previews.picture.connect(self._picture)

    # -- the tabs --------------------------------------------------------------------------------
    def adopt(self, conversation: QWidget) -> None:
        """Give a new conversation tab its Attach button, drop target, paste and pictures."""
        button = QToolButton(conversation)
        button.setObjectName("attachButton")
        button.setIconSize(QSize(18, 18))
        button.setAutoRaise(True)
        self.name_button(button)
        button.clicked.connect(lambda: self.choose_files(conversation))
        conversation.add_input_tool(button)
        shortcut = QShortcut(ATTACH_KEY, conversation)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(lambda: self.choose_files(conversation))
        bar = TransferBar(conversation)
        conversation.add_above_input(bar)
        self._bars[id(conversation)] = bar
        hooks = _ConversationHooks(self, conversation, button)
        button.installEventFilter(hooks)
        conversation.setAcceptDrops(True)
        for part in (conversation, conversation.view, conversation.view.viewport()):
            part.setAcceptDrops(True)
            part.installEventFilter(hooks)
        conversation.input.installEventFilter(hooks)
        view = conversation.view
        view.list_model.attachments = self.attachment
        view.list_model.attachment_text = self.describe
        view.delegate.attachments = self.painter
        view.attachment_activated.connect(
            lambda url, action: self._activated(conversation, url, action)
        )

    @staticmethod
    def name_button(button: QToolButton) -> None:
        """Write the Attach button's name and tooltip in the current language."""
        name = QCoreApplication.translate("Sharing", "Attach a file")
        button.setAccessibleName(name)
        keys = ATTACH_KEY.toString(QKeySequence.SequenceFormat.NativeText)
        button.setToolTip(
            QCoreApplication.translate("Sharing", "Send a file or picture (%1)").replace("%1", keys)
        )

    def bar(self, conversation: QWidget) -> TransferBar | None:
        """The transfers' progress rows of ``conversation``."""
        return self._bars.get(id(conversation))

    # -- sending ---------------------------------------------------------------------------------
    @guarded
    def choose_files(self, conversation: QWidget) -> None:
        """The Attach button: choose files, then share them in ``conversation``."""
        ask_files(self._window, lambda paths: self.send_files(conversation, map(Path, paths)))

    def send_files(self, conversation: QWidget, paths: object) -> None:
        """Share each of ``paths`` in ``conversation``."""
        for path in paths:  # type: ignore[attr-defined]
            self._tabs[conversation.name] = conversation
            self.transfers.send(conversation.name, Path(path))

    def paste(self, conversation: QWidget) -> bool:
        """Paste into ``conversation``: a picture on the clipboard is shared as PNG, local
        files copied in a file manager are shared; text is left to the input (``False``)."""
        mime = QGuiApplication.clipboard().mimeData()
        if mime is None:
            return False
        files = [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]
        if files and mime.hasUrls():
            self.send_files(conversation, files)
            return True
        if mime.hasImage() and not mime.hasText():
            image = QGuiApplication.clipboard().image()
            if isinstance(image, QImage) and not image.isNull():
                self._tabs[conversation.name] = conversation
                return self.transfers.send_image(conversation.name, image)
        return False

    @guarded
    def _started(self, transfer: Transfer) -> None:
        conversation = self._tabs.get(transfer.conversation)
        if conversation is None:
            conversation = self._window.conversation(transfer.conversation)
        bar = self.bar(conversation) if conversation is not None else None
        if bar is None:
            current = self._window.current_conversation()
            bar = self.bar(current) if current is not None else None
        if bar is not None:
            bar.add(transfer)

    # -- received files --------------------------------------------------------------------------
    def attachment(self, record: object) -> Attachment | None:
        """The host file a record shares (what the model's attachment role gives)."""
        return attachment_of(record, self.transfers.is_host_file)  # type: ignore[arg-type]

    def describe(self, attachment: object) -> str:
        """An attachment in words, for screen readers: a picture's name, or a file's name
        and size."""
        if not isinstance(attachment, Attachment):
            return ""
        preview = self.previews.preview(attachment)
        if preview.state is State.PICTURE:
            template = QCoreApplication.translate("Sharing", "Picture: %1")
            return template.replace("%1", preview.name)
        if preview.state is State.CARD:
            template = QCoreApplication.translate("Sharing", "File: %1, %2 (Enter saves it)")
            return template.replace("%1", preview.name).replace("%2", size_text(preview.size))
        return ""

    @guarded
    def _preview_ready(self, url: str) -> None:
        for conversation in self._window.conversations():
            conversation.view.list_model.attachment_changed(url)

    @guarded
    def _activated(self, conversation: QWidget, url: str, action: str) -> None:
        if action == "activate":  # Enter on the message: what a click on it would do
            picture = self.previews.preview(Attachment(url, picture=True))
            action = "open" if picture.state is State.PICTURE else "save"
            if picture.state in (State.LOADING, State.FAILED):
                return
        if action == "open":
            self.open_picture(url)
        elif action == "save":
            self.ask_to_save(conversation, url)

    def open_picture(self, url: str) -> PictureViewer | None:
        """Show the picture at ``url`` in a viewer (fetched and decoded in the background)."""
        if not self.transfers.is_host_file(url):
            return None
        preview = self.previews.preview(Attachment(url, picture=True))
        viewer = PictureViewer(url, preview.name, preview.thumbnail, self._window)
        self.viewers.append(viewer)
        viewer.finished.connect(lambda _result: self._viewer_closed(viewer))
        viewer.show()
        self.previews.load_picture(url)
        return viewer

    def _viewer_closed(self, viewer: PictureViewer) -> None:
        if viewer in self.viewers:
            self.viewers.remove(viewer)

    @guarded
    def _picture(self, url: str, image: object) -> None:
        for viewer in list(self.viewers):
            viewer.show_picture(url, image)

    def ask_to_save(self, conversation: QWidget, url: str) -> None:
        """A card's Save…: ask where, then download with progress in ``conversation``."""
        preview = self.previews.preview(Attachment(url, picture=False))
        name = preview.name or "file"

        def chosen(path: str) -> None:
            if path:
                self._tabs[conversation.name] = conversation
                self.transfers.save(url, Path(path), conversation.name)

        ask_save_path(self._window, name, chosen)

    def close(self) -> None:
        """Stop transfers and fetches (the window closes)."""
        self.transfers.close()
        self.previews.close()
