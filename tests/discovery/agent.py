"""What the discovery tests run *inside* a namespace: ``python -m tests.discovery.agent``.

- ``browse SECONDS``: runs :class:`app.discovery.browse.Browser`, prints ``ready`` and then one
  JSON line per change (the sorted list), for SECONDS.
- ``announce SPEC_JSON``: announces raw services with python-zeroconf (forged, malformed,
  hundreds: what a hostile network could send), prints ``announced N``, then waits for stdin
  to close or SIGTERM and withdraws them.
- ``join LINK``: connects through :class:`app.client.transport.ThreadedTransport` with the
  link's fingerprint pinned; prints ``secured HOW FINGERPRINT`` or ``refused SENTENCE``.
"""

from __future__ import annotations

import asyncio
import json
import signal
import socket
import sys
import threading


def browse(seconds: float) -> int:
    from app.discovery.browse import Browser

    lock = threading.Lock()
    browser: Browser

    def changed() -> None:
        chats = browser.chats()
        line = json.dumps(
            [
                {
                    "name": chat.name,
                    "nick": chat.record.nick,
                    "address": chat.address,
                    "addresses": list(chat.addresses),
                    "port": chat.port,
                    "room": chat.record.room,
                    "people": chat.record.people,
                    "password": chat.record.password,
                    "fp": chat.record.fingerprint,
                }
                for chat in chats
            ],
            ensure_ascii=False,
        )
        with lock:
            print(line, flush=True)

    browser = Browser(changed)
    browser.start()
    browser.ready.wait(10)
    print("ready", flush=True)
    threading.Event().wait(seconds)
    browser.stop()
    return 0


async def _announce(specs: list[dict]) -> None:
    from zeroconf import IPVersion, ServiceInfo
    from zeroconf.asyncio import AsyncZeroconf

    from app.discovery import SERVICE_TYPE

    azc = AsyncZeroconf(ip_version=IPVersion.V4Only)
    infos = []
    for index, spec in enumerate(specs):
        txt = bytes.fromhex(spec["txt_hex"]) if "txt_hex" in spec else spec.get("txt", {})
        infos.append(
            ServiceInfo(
                SERVICE_TYPE,
                f"{spec['name']}.{SERVICE_TYPE}",
                port=int(spec["port"]),
                properties=txt,
                addresses=[socket.inet_aton(a) for a in spec["addresses"]],
                server=f"agent-{index}.local.",
                host_ttl=int(spec.get("ttl", 60)),
                other_ttl=int(spec.get("ttl", 60)),
            )
        )
    tasks = [await azc.async_register_service(info, cooperating_responders=True) for info in infos]
    await asyncio.gather(*tasks)
    print(f"announced {len(infos)}", flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    loop.add_reader(sys.stdin.fileno(), lambda: stop.set() if not sys.stdin.readline() else None)
    await stop.wait()
    await azc.async_unregister_all_services()
    await azc.async_close()


def join(link: str) -> int:
    from app.client.address import parse_address
    from app.client.transport import ThreadedTransport
    from app.client.trust import ClientTls, TrustStore

    address = parse_address(link)
    done = threading.Event()
    transport: ThreadedTransport

    def connected() -> None:
        security = transport.security
        print(f"secured {security.how} {security.fingerprint}", flush=True)
        done.set()

    def closed(reason: str) -> None:
        failure = transport.failure
        print(f"refused {failure if failure is not None else reason}", flush=True)
        done.set()

    tls = ClientTls(TrustStore(), pinned=address.fingerprint, how="invite")
    transport = ThreadedTransport(connected, lambda _line: None, closed, tls=tls)
    transport.connect(address.host, address.port)
    done.wait(20)
    transport.close()
    return 0


def main(argv: list[str]) -> int:
    command = argv[0]
    if command == "browse":
        return browse(float(argv[1]))
    if command == "announce":
        asyncio.run(_announce(json.loads(argv[1])))
        return 0
    if command == "join":
        return join(argv[1])
    raise SystemExit(f"unknown command {command}")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
