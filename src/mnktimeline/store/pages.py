"""The pages of a mapped store file, handed back to the kernel as the events in them are
checked, so that the file is never resident as a whole while a large store is read.

Released pages are read again from the file if an event is asked for later. Where an
event's bytes begin is not known (msgspec's raw spans do not say), but the events lie in
order, so the bytes of those read so far end at least as far into the file as their
lengths add up to: the pages before that are done with.
"""

from __future__ import annotations

import contextlib
import mmap
from typing import Any

RELEASE_STEP = 1 << 22  # bytes: one system call per few megabytes read


class Pages:
    """The pages of ``buffer``, if it is a mapped file (otherwise nothing is done)."""

    def __init__(self, buffer: Any) -> None:
        self.mapped = buffer if isinstance(buffer, mmap.mmap) else None
        self.done = 0  # the events read so far end past this many bytes
        self.freed = 0

    def read(self, raws: list[Any]) -> None:
        """Note that the events ``raws``, the next in the file, are done with."""
        if self.mapped is None:
            return
        self.done += sum(map(len, raws))
        end = self.done - self.done % mmap.PAGESIZE
        if end - self.freed >= RELEASE_STEP:
            self._advise(self.freed, end - self.freed)
            self.freed = end

    def release(self) -> None:
        """Hand back every page of the file."""
        if self.mapped is not None:
            self._advise(0, len(self.mapped))
            self.freed = self.done - self.done % mmap.PAGESIZE

    def _advise(self, start: int, length: int) -> None:
        assert self.mapped is not None
        with contextlib.suppress(OSError, ValueError):
            self.mapped.madvise(mmap.MADV_DONTNEED, start, length)
