"""What the machine was doing while a timing benchmark ran, recorded with its results.

The development machines are shared: a figure taken while others compile or test can be several
times the quiet one. Every timing benchmark stores ``conditions()`` from before and after it ran
(the load averages, the cores, the date), so a reader of the results can tell a quiet run from a
loaded one instead of trusting a sentence written by hand.
"""

from __future__ import annotations

import os
import platform
import time


def conditions() -> dict[str, object]:
    one, five, fifteen = os.getloadavg()
    return {
        "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "cores": os.cpu_count(),
        "load_average_1_5_15_min": [round(one, 2), round(five, 2), round(fifteen, 2)],
        "python": platform.python_version(),
    }


def verdict(before: dict[str, object], after: dict[str, object]) -> str:
    """ "quiet" when the 1-minute load stayed under the core count before and after, else "loaded"."""
    cores = int(before.get("cores") or 1)  # type: ignore[call-overload]
    loads = [before["load_average_1_5_15_min"][0], after["load_average_1_5_15_min"][0]]  # type: ignore[index]
    return "quiet" if max(loads) < cores else "loaded"
