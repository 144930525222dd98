"""This machine's IPv4 addresses, from the interfaces themselves (``ifaddr``, which
python-zeroconf depends on): no packet is sent to find them.

Used for the addresses a host announces (one address record per address its server listens
on), the invitations its banner lists, and to prefer, among the addresses a chat announces,
one on a subnet we are on.
"""

from __future__ import annotations

import ipaddress
import logging

import ifaddr

log = logging.getLogger(__name__)

ALL_INTERFACES = "0.0.0.0"


def interface_networks() -> list[ipaddress.IPv4Interface]:
    """Every IPv4 address of every interface with its network, loopback included."""
    found: list[ipaddress.IPv4Interface] = []
    try:
        adapters = ifaddr.get_adapters()
    except OSError as error:
        log.warning("cannot list network interfaces: %s", error)
        return found
    for adapter in adapters:
        for ip in adapter.ips:
            if not isinstance(ip.ip, str):  # IPv6 addresses are tuples
                continue
            try:
                interface = ipaddress.IPv4Interface(f"{ip.ip}/{ip.network_prefix}")
            except ValueError:
                continue
            if interface not in found:
                found.append(interface)
    return found


def lan_addresses() -> list[str]:
    """The addresses others on the network can reach us at: every IPv4 address of every
    interface except loopback, link-local and unspecified ones, private ranges first."""
    addresses = []
    for interface in interface_networks():
        ip = interface.ip
        if ip.is_loopback or ip.is_unspecified or ip.is_link_local or ip.is_multicast:
            continue
        if str(ip) not in addresses:
            addresses.append(str(ip))
    addresses.sort(key=lambda text: (not ipaddress.IPv4Address(text).is_private, text))
    return addresses


def listening_addresses(bound: str) -> list[str]:
    """The IPv4 addresses a server bound to ``bound`` can be reached at: every LAN address for
    ``0.0.0.0`` or ``::`` (loopback when there is none), else ``bound`` itself."""
    if bound not in (ALL_INTERFACES, "", "::", "::0"):
        return [bound]
    return lan_addresses() or ["127.0.0.1"]


def on_our_subnet(address: str) -> bool:
    """Whether ``address`` is on a network one of our interfaces is on."""
    try:
        ip = ipaddress.IPv4Address(address)
    except ValueError:
        return False
    return any(ip in interface.network for interface in interface_networks())
