"""One feed's revisions (docs/registries.md, Feeds): records live in slots ``owner * per + k`` and are
built on demand; a record's first revision is its slot + 1, so a feed with no changes is a slice of
slots. A mutation gives a record a new revision above every other, and the feed then lists it only
there. Only the mutations are kept in memory, so a page costs O(limit) plus the mutations it skips."""

from __future__ import annotations

import bisect
import random
import threading
from array import array
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import accumulate

#: a page that repeats rows looks this far back for them
REPEAT_SCAN = 64


@dataclass(frozen=True)
class Moves:
    """The mutations so far, replaced whole by each mutation so that readers need no lock."""

    changed: dict[int, tuple[int, int]] = field(default_factory=dict)  # slot -> (revision, times changed)
    slots: list[int] = field(default_factory=list)  # the changed slots, ascending
    revisions: list[int] = field(default_factory=list)  # their current revisions, ascending
    at: list[int] = field(default_factory=list)  # the slot at each of those revisions
    next_revision: int = 1


class Feed:
    def __init__(self, owners: int, per: int, counts: bytes | None, make: Callable[[int, int], dict]) -> None:
        """``counts[o]`` records (at most ``per``) belong to owner ``o``; None: exactly one each.
        ``make(slot, times)`` builds a record as it is after ``times`` mutations."""
        self.owners, self.per, self.make = owners, per, make
        self.slots = owners * per
        # cum[o]: records of the owners below o (4 bytes an owner: 2.3 MB for 575k teachers)
        self.cum = array("I", range(owners + 1)) if counts is None else array("I", accumulate(counts, initial=0))
        self.size = self.cum[owners]
        self.moves = Moves(next_revision=self.slots + 1)
        self.lock = threading.Lock()

    # --- reading ------------------------------------------------------------------------------------
    def count(self, owner: int) -> int:
        return self.cum[owner + 1] - self.cum[owner]

    def exists(self, slot: int) -> bool:
        owner, k = divmod(slot, self.per)
        return 0 <= owner < self.owners and k < self.count(owner)

    def below(self, slot: int) -> int:
        """How many records lie in the slots below ``slot``."""
        if slot >= self.slots:
            return self.size
        owner, k = divmod(slot, self.per)
        return self.cum[owner] + min(k, self.count(owner))

    def record(self, slot: int, moves: Moves | None = None) -> dict:
        revision, times = (moves or self.moves).changed.get(slot, (slot + 1, 0))
        return {**self.make(slot, times), "revision": revision}

    def total_above(self, since: int, moves: Moves | None = None) -> int:
        moves = moves or self.moves
        base_from = min(max(since, 0), self.slots)  # slots at or above it have first revisions above since
        unchanged = self.size - self.below(base_from) - (len(moves.slots) - bisect.bisect_left(moves.slots, base_from))
        return unchanged + len(moves.revisions) - bisect.bisect_right(moves.revisions, since)

    def page(self, since: int, limit: int) -> tuple[list[dict], bool, int]:
        """The current version of the records above ``since``, ascending by revision, at most ``limit``."""
        moves = self.moves  # one snapshot for the whole page
        total = self.total_above(since, moves)
        items: list[dict] = []
        owner, k = divmod(max(since, 0), self.per)
        while owner < self.owners and len(items) < limit:
            count = self.count(owner)
            while k < count and len(items) < limit:
                slot = owner * self.per + k
                if slot not in moves.changed:  # a changed record is listed at its new revision only
                    items.append(self.record(slot, moves))
                k += 1
            owner, k = owner + 1, 0
        if len(items) < limit:  # every first revision is done: the changed records follow
            start = bisect.bisect_right(moves.revisions, since)
            items.extend(self.record(slot, moves) for slot in moves.at[start:start + limit - len(items)])
        return items, total > len(items), total

    def before(self, since: int, count: int) -> list[dict]:
        """A few records at or below ``since`` (a faulty page repeating rows of an earlier one)."""
        moves, found = self.moves, []
        for slot in range(min(since, self.slots) - 1, max(min(since, self.slots) - 1 - REPEAT_SCAN, -1), -1):
            if len(found) == count:
                break
            if self.exists(slot) and slot not in moves.changed:
                found.append(self.record(slot, moves))
        return found

    def owned(self, owner: int) -> list[dict]:
        """Every record of one owner (a per-teacher feed asked by ИИН)."""
        moves = self.moves
        return [self.record(owner * self.per + k, moves) for k in range(self.count(owner))]

    def everything(self) -> Iterator[dict]:
        moves = self.moves
        for owner in range(self.owners):
            for k in range(self.count(owner)):
                yield self.record(owner * self.per + k, moves)

    # --- changing -----------------------------------------------------------------------------------
    def slot_of(self, rank: int) -> int:
        """The slot of the ``rank``-th record (0-based)."""
        owner = bisect.bisect_right(self.cum, rank) - 1
        return owner * self.per + rank - self.cum[owner]

    def mutate(self, fraction: float, chooser: random.Random) -> int:
        """Change that share of the records (at least one): each gets the next revision."""
        with self.lock:
            if not self.size:
                return 0
            old = self.moves
            wanted = min(self.size, max(1, round(self.size * fraction)))
            chosen = sorted(self.slot_of(rank) for rank in chooser.sample(range(self.size), wanted))
            changed = dict(old.changed)
            revision = old.next_revision
            for slot in chosen:
                changed[slot] = (revision, changed.get(slot, (0, 0))[1] + 1)
                revision += 1
            picked = set(chosen)
            kept = [(r, s) for r, s in zip(old.revisions, old.at) if s not in picked]
            moved = kept + [(changed[s][0], s) for s in chosen]  # both parts ascending, the new ones above
            self.moves = Moves(changed, sorted(changed), [r for r, _ in moved], [s for _, s in moved], revision)
            return wanted
