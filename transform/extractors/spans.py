"""Character spans already taken in a text, with logarithmic "is this position covered?" tests.

The extractors mark what they have read (a quote's span, a name's span) and skip later matches
inside it. A list scanned with `any(...)` for every match made a long paragraph quadratic; here
spans are kept sorted by start with the running maximum of their ends, so a test is one bisect.
Pure, no I/O.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right


class Spans:
    """Half-open spans [start, end), added in any order (in text order is the cheap case).

    >>> s = Spans(); s.add(0, 10); s.add(20, 30)
    >>> s.covers(5), s.covers(15), s.overlaps(8, 22), s.overlaps(10, 20)
    (True, False, True, False)
    """

    __slots__ = ("_items", "_max_end", "_starts")

    def __init__(self) -> None:
        self._items: list[tuple[int, int]] = []
        self._starts: list[int] = []
        self._max_end: list[int] = []

    def add(self, start: int, end: int) -> None:
        """Mark [start, end) as taken."""
        if self._starts and start < self._starts[-1]:
            self._items.append((start, end))
            self._items.sort()
            self._starts = [s for s, _ in self._items]
            self._max_end = []
            top = -1
            for _, e in self._items:
                top = max(top, e)
                self._max_end.append(top)
            return
        self._items.append((start, end))
        self._starts.append(start)
        self._max_end.append(max(end, self._max_end[-1]) if self._max_end else end)

    def covers(self, pos: int) -> bool:
        """Whether some span holds `pos` (start <= pos < end)."""
        k = bisect_right(self._starts, pos)
        return k > 0 and self._max_end[k - 1] > pos

    def overlaps(self, start: int, end: int) -> bool:
        """Whether some span shares a character with [start, end)."""
        k = bisect_left(self._starts, end)
        return k > 0 and self._max_end[k - 1] > start
