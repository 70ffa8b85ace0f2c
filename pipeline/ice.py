"""Opt-in loopback ICE candidates for hosts whose only usable interface is 127.0.0.1.

aioice (aiortc's ICE) gathers host candidates from `aioice.ice.get_host_addresses`, which
skips 127.0.0.1, and has no option to keep it. `allow_loopback_candidates()` wraps that
function so 127.0.0.1 is offered too; the server calls it once at start-up when its
setting is on (Chromium also needs `--allow-loopback-in-peer-connection`). It patches a
module attribute, so it affects every peer connection in the process: off by default.
"""

from __future__ import annotations

from collections.abc import Callable

import aioice.ice

_LOOPBACK = "127.0.0.1"
_ORIGINAL_ATTR = "_voicedesk_original"


def allow_loopback_candidates(enabled: bool = True) -> None:
    """Offer 127.0.0.1 as an ICE host candidate (enabled) or restore aioice's behaviour."""
    current: Callable[[bool, bool], list[str]] = aioice.ice.get_host_addresses
    original: Callable[[bool, bool], list[str]] = getattr(current, _ORIGINAL_ATTR, current)
    if not enabled:
        setattr(aioice.ice, "get_host_addresses", original)  # noqa: B010 (module attribute patch)
        return
    if current is not original:
        return  # already on

    def with_loopback(use_ipv4: bool, use_ipv6: bool) -> list[str]:
        addresses = original(use_ipv4, use_ipv6)
        if use_ipv4 and _LOOPBACK not in addresses:
            addresses.append(_LOOPBACK)
        return addresses

    setattr(with_loopback, _ORIGINAL_ATTR, original)
    setattr(aioice.ice, "get_host_addresses", with_loopback)  # noqa: B010 (module attribute patch)


def loopback_candidates_allowed() -> bool:
    """Whether `allow_loopback_candidates()` is in effect."""
    return hasattr(aioice.ice.get_host_addresses, _ORIGINAL_ATTR)
