"""Prerequisites that form a cycle, found without recursion (a long chain cannot exhaust the stack)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import models as m
from .entries import Entry

if TYPE_CHECKING:
    from .checks import _Checker


def check_cycles(chk: _Checker, modules: dict[str, Entry[m.Module]]) -> None:
    """Report each cycle of prerequisites once, at the prerequisite that closes it."""
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    reported: set[frozenset[str]] = set()

    for start in sorted(modules):
        if state.get(start):
            continue
        # Iterative depth-first search, so that a long chain cannot exhaust the stack.
        path: list[str] = [start]
        iters = [iter(modules[start].model.prerequisites)]
        state[start] = 1
        while path:
            nxt = next(iters[-1], None)
            if nxt is None:
                state[path.pop()] = 2
                iters.pop()
                continue
            if nxt not in modules or nxt == path[-1]:
                continue  # unknown and self prerequisites are reported on their own
            if state.get(nxt) == 1:
                cycle = path[path.index(nxt):] + [nxt]
                key = frozenset(cycle)
                if key not in reported:
                    reported.add(key)
                    owner = modules[path[-1]]
                    index = owner.model.prerequisites.index(nxt)
                    chk.at(owner.doc, ("prerequisites", index), "prerequisites form a cycle: " + " -> ".join(cycle))
            elif not state.get(nxt):
                state[nxt] = 1
                path.append(nxt)
                iters.append(iter(modules[nxt].model.prerequisites))
