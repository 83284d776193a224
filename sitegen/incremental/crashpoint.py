"""Named points in the engine's writes where a test can kill the build.

The cache's crash consistency (see `sitegen.incremental`) is tested by
killing real builds with SIGKILL at each point named here, then checking
that the next build equals a clean one. `SITEGEN_CRASH_AT=name` (or
`name#n`, the n-th time the point is reached) makes the process kill
itself there; `SITEGEN_CRASH_LOG=file` appends each point's name as it is
reached, so a test can list them. Unset (as always outside the tests),
a point costs one dictionary lookup.
"""

from __future__ import annotations

import os
import signal

_AT = os.environ.get("SITEGEN_CRASH_AT", "")
_LOG = os.environ.get("SITEGEN_CRASH_LOG", "")
_seen: dict[str, int] = {}


def crash_point(name: str) -> None:
    if not (_AT or _LOG):
        return
    _seen[name] = _seen.get(name, 0) + 1
    if _LOG:
        with open(_LOG, "a", encoding="utf-8") as log:
            log.write(f"{name}#{_seen[name]}\n")
    if _AT in (name, f"{name}#{_seen[name]}"):
        os.kill(os.getpid(), signal.SIGKILL)
