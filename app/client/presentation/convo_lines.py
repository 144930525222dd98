"""Replies, reactions and deletions as short text lines, for front ends that draw lines
(Tk, the terminal): "↪ alice: the quoted text", "bob: Reactions: 👍 1 (reza)", "alice:
message deleted". Every word comes from the catalogue, in the front end's language.
"""

from __future__ import annotations

from app.client.catalogue import Texts
from app.client.presentation import presenter as p
from app.client.presentation.convo import reactions_text
from app.client.presentation.direction import isolate
from app.client.presentation.records import Record


def quote(texts: Texts, record: Record) -> str:
    """The quoted line shown above a reply ("" for a message that answers nothing)."""
    if not record.reply_to or not record.is_message:
        return ""
    if record.reply_sender:
        return texts("convo.reply_to", nick=record.reply_sender, text=record.reply_text)
    return texts("convo.reply_unknown")


def update(texts: Texts, change: p.Updated) -> str:
    """The line telling that a message got reactions or was deleted."""
    record = change.record
    if change.what == "redacted":
        said = texts("convo.deleted")
    else:
        said = texts("convo.reactions", reactions=reactions_text(record, texts.digits))
    return f"{isolate(record.sender)}: {said}"
