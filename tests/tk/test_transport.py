"""TkTransport: worker-thread callbacks arrive on the Tk thread, stale workers are ignored."""

from __future__ import annotations

import threading

import pytest

from app.tk.inbox import Inbox, run_in_background
from app.tk.transport import TkTransport

from .helpers import pump_until

pytestmark = pytest.mark.gui


class FakeWorker:
    """Stands in for ThreadedTransport; a test fires its callbacks from another thread."""

    def __init__(self, on_connected, on_line, on_closed):
        self.on_connected, self.on_line, self.on_closed = on_connected, on_line, on_closed
        self.sent: list[str] = []
        self.closed = threading.Event()
        self.address = None

    def connect(self, host, port):
        self.address = (host, port)

    def send_line(self, line):
        self.sent.append(line)

    def close(self):
        self.closed.set()

    def fire(self, callback, *args):
        thread = threading.Thread(target=callback, args=args)
        thread.start()
        thread.join(5)


@pytest.fixture
def transport(root):
    workers: list[FakeWorker] = []
    seen: list[tuple] = []

    def factory(*callbacks, tls=None):
        workers.append(FakeWorker(*callbacks))
        return workers[-1]

    tk_transport = TkTransport(
        root,
        on_connected=lambda: seen.append(("connected", threading.current_thread())),
        on_line=lambda line: seen.append(("line", line)),
        on_closed=lambda reason, was: seen.append(("closed", reason, was)),
        worker_factory=factory,
        interval_ms=5,
    )
    tk_transport.workers, tk_transport.seen = workers, seen
    yield tk_transport
    tk_transport.shutdown()


def test_callbacks_arrive_in_order_on_the_tk_thread(transport, root):
    transport.connect("127.0.0.1", 6667)
    worker = transport.workers[0]
    assert worker.address == ("127.0.0.1", 6667)
    worker.fire(worker.on_connected)
    worker.fire(worker.on_line, "PING :x")
    worker.fire(worker.on_closed, "bye")
    pump_until(root, lambda: len(transport.seen) == 3)
    assert transport.seen[0] == ("connected", threading.main_thread())
    assert transport.seen[1:] == [("line", "PING :x"), ("closed", "bye", True)]


def test_lines_are_sent_only_while_connected(transport, root):
    transport.connect("127.0.0.1", 6667)
    worker = transport.workers[0]
    transport.send_line("early")
    worker.fire(worker.on_connected)
    pump_until(root, lambda: transport.connected)
    transport.send_line("NICK ali")
    assert worker.sent == ["NICK ali"]


def test_a_failed_attempt_is_reported_as_never_connected(transport, root):
    transport.connect("127.0.0.1", 1)
    worker = transport.workers[0]
    worker.fire(worker.on_closed, "Could not reach a chat")
    pump_until(root, lambda: transport.seen)
    assert transport.seen == [("closed", "Could not reach a chat", False)]


def test_a_replaced_worker_cannot_talk_over_the_new_one(transport, root):
    transport.connect("127.0.0.1", 6667)
    old = transport.workers[0]
    transport.connect("127.0.0.1", 6668)
    pump_until(root, old.closed.is_set, message="the old worker closed off the Tk thread")
    old.fire(old.on_connected)
    old.fire(old.on_line, "stale")
    old.fire(old.on_closed, "old one closed")
    new = transport.workers[1]
    new.fire(new.on_line, "fresh")
    pump_until(root, lambda: transport.seen)
    assert transport.seen == [("line", "fresh")]


def test_background_jobs_report_results_and_errors_on_the_tk_thread(root):
    inbox = Inbox(root, interval_ms=5)
    inbox.start()
    results = []
    run_in_background(inbox, lambda: 42, lambda r, e: results.append((r, e)))
    run_in_background(inbox, lambda: 1 / 0, lambda r, e: results.append((r, type(e))))
    pump_until(root, lambda: len(results) == 2)
    assert sorted(results, key=str) == sorted([(42, None), (None, ZeroDivisionError)], key=str)
    inbox.close()


def test_calls_through_a_forgotten_sender_are_dropped(root):
    inbox = Inbox(root, interval_ms=5)
    inbox.start()
    seen = []
    stale, fresh = inbox.sender(seen.append), inbox.sender(seen.append)
    inbox.forget(stale)
    threading.Thread(target=stale, args=("stale",)).start()
    threading.Thread(target=fresh, args=("fresh",)).start()
    pump_until(root, lambda: seen)
    assert seen == ["fresh"]
    inbox.close()


def test_an_error_in_one_item_does_not_stop_the_inbox(root, caplog):
    inbox = Inbox(root, interval_ms=5)
    inbox.start()
    done = []
    inbox.sender(lambda: 1 / 0)()
    inbox.sender(done.append)(True)
    pump_until(root, lambda: done)
    assert "error while handling" in caplog.text
    inbox.close()
