"""Records drawn as terminal lines: the terminal client's view.

The text in a record is already inert (:mod:`app.client.presentation.text`), so the only
escape sequences that ever reach the terminal are the SGR codes written here, and only when
the output is a terminal (``styled``): bold, italic, underline, strike and 24-bit colours for
IRC formatting, each span closed with a reset. Piped output gets plain text. Terminals do
not lay out bidi isolates, so they are left out.
"""

from __future__ import annotations

from app.client.catalogue import Texts
from app.client.presentation import convo_lines
from app.client.presentation import presenter as p
from app.client.presentation import records as rec
from app.client.presentation.direction import strip_isolates
from app.client.presentation.records import Record
from app.client.presentation.supervisor import Waiting
from app.client.presentation.text import Span

RESET = "\x1b[0m"


def sgr(span: Span) -> str:
    """The SGR sequence that starts ``span``'s style ("" for plain text)."""
    style = span.style
    codes = []
    if style.bold:
        codes.append("1")
    if style.italic:
        codes.append("3")
    if style.underline or span.href:
        codes.append("4")
    if style.strike:
        codes.append("9")
    if style.fg is not None:
        codes.append("38;2;{};{};{}".format(*style.fg))
    if style.bg is not None:
        codes.append("48;2;{};{};{}".format(*style.bg))
    return f"\x1b[{';'.join(codes)}m" if codes else ""


def draw_spans(parts: tuple[Span, ...], *, styled: bool) -> str:
    """``parts`` as terminal text, with SGR styling when ``styled``."""
    out = []
    for part in parts:
        text = strip_isolates(part.text)
        start = sgr(part) if styled else ""
        out.append(f"{start}{text}{RESET}" if start else text)
    return "".join(out)


class ConsoleView:
    """Turns a presenter's changes into the terminal client's lines."""

    def __init__(self, texts: Texts, *, styled: bool = False) -> None:
        self.texts = texts
        self.styled = styled

    def lines(self, change: p.Change) -> list[str]:
        """The lines to print for ``change`` (none for what a terminal does not show)."""
        if isinstance(change, p.Updated):
            return self._updated(change)
        if isinstance(change, p.Prepended):
            return self._prepended(change)
        if isinstance(change, p.Added | p.Replaced):
            # A stream cannot replace a line: a typed-offline message is printed again once
            # it is sent, which is the confirmation a terminal can give.
            return self._record(change.conversation, change.record)
        opened = isinstance(change, p.Opened) and change.select
        if (opened or isinstance(change, p.Selected)) and change.conversation.private:  # type: ignore[union-attr]
            nick = change.conversation.title  # type: ignore[union-attr]
            return [f"-- {self.texts('terminal.private', nick=nick)}"]
        # A drop (ConnectionChanged) is said by the terminal client with the supervisor's
        # countdown (:meth:`retrying`), or as a last "Disconnected" line: once, not twice.
        return []

    def retrying(self, waiting: Waiting) -> list[str]:
        """The line that says a dropped connection is tried again, when, and why."""
        said = self.texts("state.retrying", seconds=waiting.seconds, reason=waiting.reason)
        return [f"!! {strip_isolates(said)}"]

    def _where(self, conversation: p.Conversation, record: Record) -> str:
        said = self.texts
        if not conversation.private:
            place = conversation.title
        elif record.own:
            place = said("terminal.where_private_to", nick=conversation.title)
        else:
            place = said("terminal.where_private")
        if record.history:
            when = said.digits(record.time.astimezone().strftime("%H:%M"))
            return f"[{place} {when}] {said('terminal.earlier')}"
        return f"[{place}]"

    def _updated(self, change: p.Updated) -> list[str]:
        """A reaction or a deletion: one short line (a stream cannot redraw the message)."""
        said = strip_isolates(convo_lines.update(self.texts, change))
        return [f"[{change.conversation.title}] -- {said}"]

    def _prepended(self, change: p.Prepended) -> list[str]:
        """Older lines (``/more``, a private conversation's history): a heading, the lines
        oldest first, each with its time, and whether the host's history starts there."""
        conversation = change.conversation
        said = self.texts
        lines: list[str] = []
        if change.records:
            messages = sum(1 for record in change.records if record.is_message)
            heading = said("history.page", where=conversation.title, count=messages)
            lines.append(f"-- {strip_isolates(heading)}")
            for record in change.records:
                lines.extend(self._record(conversation, record))
        if change.complete:
            start = said("history.start", where=conversation.title)
            lines.append(f"-- {strip_isolates(start)}")
        return lines

    def _quote(self, record: Record) -> list[str]:
        """The quoted line shown above a reply."""
        said = convo_lines.quote(self.texts, record)
        return [f"    {strip_isolates(said)}"] if said else []

    def _record(self, conversation: p.Conversation, record: Record) -> list[str]:
        lines = self._message_lines(conversation, record)
        if lines and "\n" in lines[0]:  # a multiline message: its next lines indented
            lines = lines[0].replace("\n", "\n    ").split("\n") + lines[1:]
        return self._quote(record) + lines if lines else lines

    def _message_lines(self, conversation: p.Conversation, record: Record) -> list[str]:
        if record.kind.startswith("state.") or record.kind == "line.earlier":
            # Connection changes are said once, not per conversation; replayed lines carry
            # "(earlier)" themselves.
            return []
        where = self._where(conversation, record)
        body = draw_spans(record.spans, styled=self.styled)
        if record.kind == rec.MESSAGE and record.pending:
            return [f"[{conversation.title}] {self.texts('state.not_sent')} {body}"]
        if record.kind == rec.ACTION:
            return [f"{where} * {record.sender} {body}"]
        if record.kind == rec.NOTICE:
            return [f"{where} -{record.sender}- {body}"]
        if record.kind == rec.MESSAGE:
            return [f"{where} <{record.sender}> {body}"]
        if record.sentence is not None:
            body = strip_isolates(self.texts.say(record.sentence))
        if record.kind == rec.INFO:
            return [f"-- {body}"]
        if record.kind == rec.ERROR:
            return [f"!! {body}"]
        sentence = strip_isolates(self.texts(record.kind, **record.values()))
        return [f"{where} -- {sentence}"]
