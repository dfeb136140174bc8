"""`generator.url`: where a remote answer server is, and the rule that it stays on the LAN.

"No byte leaves the machine" holds for the server backend only if the server is this machine
or one on the local network. An address is allowed when it is loopback, private (RFC 1918),
link-local, carrier-grade NAT (100.64/10, what Tailscale-style overlays use) or an IPv6
unique-local / link-local / loopback address; anything else is refused with one line.

When is a name looked up? Reading the config never touches the network: an IP literal is
judged here at once (so a public one is refused by every command), a host name only for its
syntax. The name is resolved, and every address it resolves to judged, by the server client
(assistant/runtime/server_generator.py) the first time an answer, `status` or `doctor` needs
the server, and never with `generator.backend = "local"`. The client then connects to the very
address it judged, so a second lookup cannot send the question elsewhere.

Only http:// is accepted: llama-server and llama_cpp.server speak plain HTTP unless they are
given a certificate and key, and a LAN box has no certificate a client could verify without
more settings. The question and its sources cross the LAN unencrypted; the README says so.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from assistant.errors import ConfigError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
LAN_NETWORKS = tuple(
    ipaddress.ip_network(net)
    for net in (
        "127.0.0.0/8",  # loopback
        "10.0.0.0/8",  # RFC 1918
        "172.16.0.0/12",
        "192.168.0.0/16",
        "169.254.0.0/16",  # link-local
        "100.64.0.0/10",  # carrier-grade NAT (RFC 6598)
        "::1/128",  # loopback
        "fc00::/7",  # unique local
        "fe80::/10",  # link-local
    )
)
LAN_WORDS = (
    "this machine or the LAN (loopback, 10/8, 172.16/12, 192.168/16, 169.254/16, 100.64/10, "
    "fc00::/7, fe80::/10)"
)
URL_ALLOWED = "http://HOST:PORT of a llama.cpp server on " + LAN_WORDS
EXAMPLE = "http://192.168.1.20:8080"
_HOST_NAME = re.compile(
    r"^(?=.{1,253}$)[A-Za-z0-9_]([A-Za-z0-9_-]{0,62})(\.[A-Za-z0-9_-]{1,63})*\.?$"
)


@dataclass(frozen=True)
class ServerAddress:
    """A parsed `generator.url`: the host as written (no brackets), its port, and the IP when
    the host is a literal (a name gets its IP from the client, later)."""

    url: str
    host: str
    port: int
    ip: IPAddress | None

    @property
    def shown(self) -> str:
        """How the status line names the server: '192.168.1.20', 'gpu-box.local'."""
        return self.host


def is_lan(ip: IPAddress) -> bool:
    """True for the addresses answers may come from (an IPv4-mapped IPv6 counts as its IPv4)."""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return any(ip.version == net.version and ip in net for net in LAN_NETWORKS)


def refuse_public(host: str, ip: IPAddress) -> None:
    """`ConfigError` unless `ip` is on this machine or the LAN."""
    if not is_lan(ip):
        shown = host if host == str(ip) else f"{host} ({ip})"
        raise ConfigError(
            f"generator.url = {shown} is not on this machine or the LAN; answers may only "
            f"come from {LAN_WORDS}, since no byte of your files may leave the network"
        )


def parse_server_url(url: str) -> ServerAddress:
    """The address in `url`, or `ConfigError` naming the key, the value and what is allowed."""
    where = f"generator.url = {url!r}"
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as exc:  # a port that is not a number or out of range
        raise ConfigError(f"{where} is not a URL ({exc}); allowed: {URL_ALLOWED}") from exc
    if parts.scheme.lower() != "http":
        raise ConfigError(
            f"{where}: only http:// is allowed (llama.cpp servers speak plain HTTP unless "
            f"given a certificate, and the server must be on the LAN); allowed: {URL_ALLOWED}"
        )
    if parts.username or parts.password or parts.query or parts.fragment:
        raise ConfigError(f"{where} must be only http://HOST:PORT; allowed: {URL_ALLOWED}")
    if parts.path.rstrip("/") not in ("", "/v1"):
        raise ConfigError(f"{where} has a path; give the server's address only, e.g. {EXAMPLE}")
    host = parts.hostname or ""
    if not host:
        raise ConfigError(f"{where} names no host; allowed: {URL_ALLOWED}")
    if port is None:
        raise ConfigError(
            f"{where} names no port (llama-server listens on 8080, llama_cpp.server on 8000); "
            f"e.g. {EXAMPLE}"
        )
    ip = _ip_literal(host)
    if ip is not None:
        refuse_public(host, ip)
    elif not _HOST_NAME.match(host):
        raise ConfigError(f"{where}: {host!r} is not a host name; allowed: {URL_ALLOWED}")
    return ServerAddress(url=url.strip(), host=host, port=port, ip=ip)


def _ip_literal(host: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(host.split("%", 1)[0])  # fe80::1%eth0: scope left aside
    except ValueError:
        return None
