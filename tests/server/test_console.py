"""The serve command's console log: every line, in order, and a broken stdout is survived."""

from __future__ import annotations

import io
import threading

from app.server.console import ConsoleLog


def test_lines_come_out_in_order_across_write_chunks() -> None:
    stream = io.StringIO()
    log = ConsoleLog(stream, interval=60.0)  # the writer waits: flush() is what writes here
    lines = [f"line {i}" for i in range(1000)]  # several of the console's write chunks
    for start in range(0, len(lines), 7):
        log.write_lines(lines[start : start + 7])
    log.flush()
    assert stream.getvalue() == "\n".join(lines) + "\n"
    log.write("after")
    log.close()  # close() writes what is left
    assert stream.getvalue().endswith("line 999\nafter\n")


def test_each_transaction_stays_together_with_many_threads() -> None:
    stream = io.StringIO()
    log = ConsoleLog(stream, interval=60.0)
    batches = {n: [f"t{n} {i}" for i in range(50)] for n in range(8)}
    threads = [threading.Thread(target=log.write_lines, args=(b,)) for b in batches.values()]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    log.close()
    written = stream.getvalue().splitlines()
    assert sorted(written) == sorted(line for b in batches.values() for line in b)
    for batch in batches.values():
        start = written.index(batch[0])
        assert written[start : start + len(batch)] == batch


class _Broken(io.StringIO):
    def write(self, _text: str) -> int:
        raise OSError("stdout is gone")


def test_a_broken_stdout_does_not_take_the_server_down() -> None:
    log = ConsoleLog(_Broken(), interval=60.0)
    log.write_lines(["lost"] * 600)
    log.say("also lost")  # would raise if the error escaped
    log.close()
