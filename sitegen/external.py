"""Links to other hosts: does each still answer? (`sitegen check --external`)

Off by default: it needs the network, and a slow host must not hold up a
build. Each URL is asked once, however many pages link to it, several at a
time, each with a time limit. A `HEAD` request comes first (no body to
download); hosts that refuse `HEAD` are asked with `GET`. Redirects are
followed; what finally answers must not be an error.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from urllib.error import HTTPError, URLError
from urllib.request import Request, urlopen

from . import __version__

USER_AGENT = f"sitegen-link-check/{__version__}"
_REFUSED_HEAD = (403, 405, 501)


def unreachable(urls: Sequence[str], timeout: float = 10.0,
                workers: int = 8) -> dict[str, str]:
    """URL → why it does not work, for each of `urls` that fails."""
    if not urls:
        return {}
    with ThreadPoolExecutor(max_workers=workers) as pool:
        reasons = pool.map(functools.partial(why_broken, timeout=timeout), urls)
        return {url: reason for url, reason in zip(urls, reasons, strict=True) if reason}


def why_broken(url: str, timeout: float) -> str | None:
    """None when `url` answers with success, else the reason."""
    reason, status = _ask(url, "HEAD", timeout)
    if status in _REFUSED_HEAD:
        reason, status = _ask(url, "GET", timeout)
    return reason


def _ask(url: str, method: str, timeout: float) -> tuple[str | None, int | None]:
    """(why it failed or None, the HTTP error status if there was one)."""
    request = Request(url, method=method, headers={"User-Agent": USER_AGENT})
    try:
        with urlopen(request, timeout=timeout):
            return None, None
    except HTTPError as exc:
        return f"HTTP {exc.code} {exc.reason}", exc.code
    except (URLError, OSError, ValueError) as exc:
        return f"unreachable ({getattr(exc, 'reason', exc)})", None
