"""The garbage collector's settings for a command-line run: one place, two moments.

A command is one short process. While it starts (importing click, pydantic, pint and the models, then
building the catalog and rules) it makes hundreds of thousands of objects that live until it exits,
and almost no cyclic garbage: at Python's default gen0 threshold (700) the collector ran ~230 times in
one text evaluate, mostly re-walking those long-lived objects. So `start_up` raises the threshold,
and once the catalog and rules are loaded (pipeline.load_inputs) `settle` freezes everything that
exists then (the collector never walks it again) and puts the threshold back. A raised threshold for
the whole run would let the cyclic garbage of each evaluated park member pile up between collections
(a park of 300 members: 165 MB instead of 123 MB at the peak); frozen and reset, the run costs the
same CPU and its memory stays flat in the number of members. Programs that use cmscheck's modules
without the command line keep Python's settings (`settle` does nothing unless `start_up` ran).

A third moment, `warmed`: the first evaluation has built what the process keeps from then on (units,
selections, the recognisers' compiled patterns: ~40,000 objects) and a full collection walked them
every ten bundles or so, finding nothing (measured in a 200-bundle run: 2.3 ms of ~35 per bundle; the
whole collector ~4.5 ms, collecting ~10 objects per bundle). So they are frozen too, and gen0's
threshold is set to RUN: one steel evaluation makes ~10,000 objects that live while it runs, and at
Python's 700 each of them was walked again and again and promoted to be walked once more. RUN is a
twentieth of start-up's threshold, so a park's members still leave little cyclic garbage between
collections; the collector then costs ~1 ms per steel bundle.
"""

from __future__ import annotations

import atexit
import gc

START_UP = (200_000, 20, 20)
RUN = (10_000, 10, 10)
_saved: tuple[int, ...] | None = None
_cli = False  # start_up ran: this is a command-line run
_warm = False  # warmed ran


def start_up() -> None:
    """The threshold raised for start-up, and the objects frozen at exit: the interpreter's last full
    collection would otherwise walk every object left only to find them alive (~0.1 s after a text
    evaluate); the OS takes the memory back. Registered first, so it runs after every other exit handler."""
    global _saved, _cli
    _cli = True
    if _saved is None:
        _saved = gc.get_threshold()
        gc.set_threshold(*START_UP)
        atexit.register(gc.freeze)


def settle() -> None:
    """Start-up is over (the catalog and rules are loaded): what exists now lives until the process
    exits, so it is frozen, and the threshold start_up raised goes back to what it was."""
    global _saved
    if _saved is not None:
        gc.freeze()
        gc.set_threshold(*_saved)
        _saved = None


def warmed() -> None:
    """The first evaluation is done (pipeline.assess): what it built for the process is frozen, and gen0's
    threshold becomes RUN. Once per process, after settle, on the command line only."""
    global _warm
    if _cli and _saved is None and not _warm:
        _warm = True
        gc.freeze()
        gc.set_threshold(*RUN)
