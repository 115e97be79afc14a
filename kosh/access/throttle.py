"""The client address that login throttling (django-axes) counts failures against.

Behind a reverse proxy every request arrives from the proxy's address, so the address of
the client is the one the proxy appended to ``X-Forwarded-For``. That header is believed
only when the request comes from a proxy listed in ``KOSH_TRUSTED_PROXIES``: anyone else
could write any address into it and escape the per-address lock."""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _trusted(address: str, networks: list[str]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in ipaddress.ip_network(net) for net in networks)


def client_address(request: HttpRequest) -> str:
    """``REMOTE_ADDR``, or, when that is a trusted proxy, the nearest address in
    ``X-Forwarded-For`` that is not itself a trusted proxy (read from the right, since each
    proxy appends the address it received the request from; if every hop is trusted, the
    first one)."""
    remote = request.META.get("REMOTE_ADDR", "")
    networks = settings.KOSH_TRUSTED_PROXIES
    if not networks or not _trusted(remote, networks):
        return remote
    chain = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    client = remote
    for address in reversed([part for part in chain if part]):
        try:
            ipaddress.ip_address(address)
        except ValueError:
            break  # not written by a proxy we trust: keep the last trusted hop
        client = address
        if not _trusted(address, networks):
            break
    return client
