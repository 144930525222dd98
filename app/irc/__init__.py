"""The IRC protocol, pure: parsing, formatting, numerics, names, splitting. No I/O here."""

from app.irc.message import (
    MAX_BODY_BYTES,
    MAX_LINE_BYTES,
    MAX_TAGS_BYTES,
    FormatError,
    Message,
    ParseError,
    Source,
    decode,
    parse,
)
from app.irc.names import (
    NickProblem,
    fold,
    is_channel,
    nick_problem,
    same_name,
    valid_channel,
    valid_nick,
)
from app.irc.split import split_message, split_text

__all__ = [
    "MAX_BODY_BYTES",
    "MAX_LINE_BYTES",
    "MAX_TAGS_BYTES",
    "FormatError",
    "Message",
    "NickProblem",
    "ParseError",
    "Source",
    "decode",
    "fold",
    "is_channel",
    "nick_problem",
    "parse",
    "same_name",
    "split_message",
    "split_text",
    "valid_channel",
    "valid_nick",
]
