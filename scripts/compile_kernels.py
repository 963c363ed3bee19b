"""Compile every Numba kernel of the grouping engine and the network figures into the on-disk cache.

`make install` runs this (again whenever a kernel source changes), so the first run of the
command-line tool or the app loads compiled code instead of compiling inside its time limit.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from commonground.grouping.engine.warm import warm_up as grouping_warm_up
from commonground.network.analysis.warm import warm_up as network_warm_up


def main() -> int:
    grouping = grouping_warm_up()
    network_seconds, network_compiled = network_warm_up()
    compiled = grouping.compiled + network_compiled
    seconds = grouping.seconds + network_seconds
    if compiled:
        print(f"Compiled the grouping and network kernels ({compiled} signatures in {seconds:.1f} s).")
    else:
        print(f"The grouping and network kernels were already compiled (loaded in {seconds:.1f} s).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
