"""The toolkit-free parts of discovery and invites: TXT records, invite links, the
comparison code, and pinning against a real TLS server on 127.0.0.1 (no multicast)."""

from __future__ import annotations

import threading

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.client.address import AddressError, parse_address
from app.client.invite import format_invite, parse_invite
from app.client.transport import ThreadedTransport
from app.client.trust import DISCOVERY, FIRST_USE, INVITE, ClientTls, TrustStore
from app.discovery import enabled
from app.discovery.comparison import comparison_code
from app.discovery.record import BadRecord, ChatRecord, clean_text, decode_txt
from app.errors import SomeoneElseAnswering

FP = "ab12" * 16
GOOD = {b"fp": FP.encode(), b"room": b"#lobby", b"pw": b"1", b"v": b"0.1.0", b"n": b"3"}


def test_a_record_round_trips():
    record = ChatRecord(FP, "#lobby", True, 3, "0.1.0", "سارا")
    txt = record.to_txt()
    assert txt["fp"] == FP and txt["pw"] == "1" and txt["n"] == "3"
    assert decode_txt({k.encode(): v.encode() for k, v in txt.items()}) == record


@pytest.mark.parametrize(
    "change",
    [
        {b"fp": b"zz" * 32},
        {b"fp": b"ab" * 31},
        {b"fp": None},
        {b"room": b"lobby"},
        {b"room": b"#a b"},
        {b"pw": b"yes"},
        {b"pw": None},
        {b"big": b"x" * 2000},
    ],
)
def test_bad_records_are_refused(change):
    txt = {**GOOD, **change}
    txt = {k: v for k, v in txt.items() if v is not None}
    with pytest.raises(BadRecord):
        decode_txt(txt)


def test_odd_optional_values_are_tamed():
    record = decode_txt({**GOOD, b"n": b"-1", b"v": b"\x1b[31m", b"nick": b"a\x1b\nb\xe2\x80\xae"})
    assert record.people is None and record.version == "" and record.nick == "a b"
    assert decode_txt({**GOOD, b"n": b"999999999"}).people == 100_000


def test_clean_text_keeps_persian_joiners_and_drops_overrides():
    assert clean_text("می\u200cخواهم\u202e\u2066 سارا\r\n") == "می\u200cخواهم سارا"
    assert len(clean_text("س" * 500)) == 63


def test_invite_links_round_trip_and_pin():
    link = format_invite("192.168.1.20", 5000, "#lobby", FP.upper())
    assert link == f"ircs://192.168.1.20:5000/lobby?fp={FP}"
    address = parse_invite(link)
    assert (address.host, address.port, address.room, address.secure) == (
        "192.168.1.20",
        5000,
        "#lobby",
        True,
    )
    assert address.fingerprint is not None and address.fingerprint.replace(" ", "").lower() == FP
    other = parse_invite(format_invite("fe80::1", 6000, "#گفتگو", FP))
    assert (other.host, other.port, other.room) == ("fe80::1", 6000, "#گفتگو")
    assert parse_address("irc://host:5000/lobby").fingerprint is None


@pytest.mark.parametrize("fp", ["abc", "zz" * 32, "ab" * 33, ""])
def test_a_link_with_a_broken_fingerprint_is_refused(fp):
    with pytest.raises(AddressError, match="64 hex digits"):
        parse_address(f"ircs://host:5000/lobby?fp={fp}")


def test_comparison_code_is_short_stable_and_localised():
    code = comparison_code(FP)
    assert code == comparison_code(" ".join(FP[i : i + 4] for i in range(0, 64, 4)).upper())
    assert [len(group) for group in code.split()] == [4, 4, 4] and code.replace(" ", "").isdigit()
    persian = comparison_code(FP, persian=True)
    assert persian.translate(str.maketrans("۰۱۲۳۴۵۶۷۸۹", "0123456789")) == code
    assert comparison_code("cd" * 32) != code
    with pytest.raises(ValueError, match="SHA-256"):
        comparison_code("nope")


def test_the_suite_runs_with_discovery_off():
    assert not enabled()


def _connect(server, tls: ClientTls):
    done = threading.Event()
    transport = ThreadedTransport(done.set, lambda _line: None, lambda _r: done.set(), tls=tls)
    transport.connect(*server.address)
    assert done.wait(10)
    transport.close()
    return transport


def test_pinning_accepts_only_the_certificate_vouched_for(make_chat_server, server_tls, tmp_path):
    server = make_chat_server(tls=server_tls)
    store = TrustStore(tmp_path / "known.json")
    host, port = server.address
    store.remember(host, port, "0000" * 16, FIRST_USE)  # someone else answered here before
    good = _connect(server, ClientTls(store, pinned=server.fingerprint, how=DISCOVERY))
    assert good.failure is None and good.security is not None
    assert (good.security.how, good.security.fingerprint) == (DISCOVERY, server.fingerprint)
    assert store.entry(host, port)[:2] == (server.fingerprint, DISCOVERY)

    bad = _connect(server, ClientTls(store, pinned="cd" * 32, how=INVITE))
    assert isinstance(bad.failure, SomeoneElseAnswering)
    assert str(bad.failure) == "Someone else is answering at that address."
    assert store.entry(host, port)[0] == server.fingerprint  # nothing learnt from a mismatch


def test_a_desktop_opening_a_link_runs_join(monkeypatch):
    """resources/gofto.desktop runs `gofto %u`: a bare irc:// or ircs:// link means join."""
    import app.launch
    from app.cli import main

    seen = []
    monkeypatch.setattr(app.launch, "run_gui", lambda args: seen.append(args) or 0)
    link = format_invite("192.168.1.20", 5000, "#lobby", FP)
    assert main([link]) == 0
    assert (seen[0].command, seen[0].address) == ("join", link)


def test_the_desktop_entry_registers_irc_links():
    from app.resources import resource_path

    entry = resource_path("gofto.desktop").read_text(encoding="utf-8")
    assert "MimeType=x-scheme-handler/irc;x-scheme-handler/ircs;" in entry
    assert "Exec=gofto %u" in entry


@given(
    st.dictionaries(
        st.sampled_from([b"fp", b"room", b"pw", b"v", b"n", b"nick", b"s", b"x"])
        | st.binary(max_size=8),
        st.none() | st.binary(max_size=300),
        max_size=12,
    )
)
def test_any_txt_record_is_a_chat_or_refused(txt):
    """Whatever arrives, decode_txt returns a clean record or raises BadRecord, nothing else."""
    try:
        record = decode_txt(txt)
    except BadRecord:
        return
    assert len(record.fingerprint) == 64 and record.room[0] in "#&"
    for text in (record.room, record.nick, record.version):
        assert not any(ord(ch) < 32 or 0x202A <= ord(ch) <= 0x202E for ch in text)


@given(st.text(max_size=200))
def test_any_typed_address_parses_or_says_why(text):
    try:
        parse_address(text)
    except AddressError as error:
        assert str(error)
