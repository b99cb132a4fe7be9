"""What a dry run prints: a unified diff of a store's text before and after a change."""

from __future__ import annotations

from collections.abc import Iterator

CONTEXT = 3  # lines of context around each change, as diff -u and git diff give


def unified(old: str, new: str, name: str, *, created: bool = False) -> Iterator[str]:
    """Yield the lines of a unified diff from ``old`` to ``new`` (``--- a/NAME``, ``+++
    b/NAME``, or NAME alone when it is an absolute path; ``--- /dev/null`` for a file
    ``created``; hunks of three lines of context), each ending in a newline; nothing when
    the two are equal.

    A change to a large store touches a few lines of many thousands: the lines the two
    texts share at the start and at the end are set aside before difflib compares the
    rest, and the hunks' line numbers are shifted back, so the diff costs what the change
    does, not what the file does.
    """

    a = old.splitlines(keepends=True)
    b = new.splitlines(keepends=True)
    start = 0
    while start < len(a) and start < len(b) and a[start] == b[start]:
        start += 1
    if start == len(a) == len(b):
        return
    end = 0
    while end < len(a) - start and end < len(b) - start and a[-1 - end] == b[-1 - end]:
        end += 1
    yield from _headers(name, created)
    codes = [("equal", 0, start, 0, start)]
    codes += _opcodes(a, b, start, len(a) - end, start, len(b) - end)
    codes.append(("equal", len(a) - end, len(a), len(b) - end, len(b)))
    for group in _grouped(codes):
        first, last = group[0], group[-1]
        yield (
            f"@@ -{_range(first[1], last[2] - first[1])} "
            f"+{_range(first[3], last[4] - first[3])} @@\n"
        )
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                yield from (" " + _ended(line) for line in a[i1:i2])
                continue
            yield from ("-" + _ended(line) for line in a[i1:i2])
            yield from ("+" + _ended(line) for line in b[j1:j2])


Code = tuple[str, int, int, int, int]


SMALL = 400  # lines: a region this size or smaller is left to difflib whole


def _opcodes(a: list[str], b: list[str], alo: int, ahi: int, blo: int, bhi: int) -> list[Code]:
    """Return the opcodes that turn ``a[alo:ahi]`` into ``b[blo:bhi]``, by patience diff:
    the lines that occur once on each side and in the same order anchor the two texts,
    and only the regions between anchors are compared line by line. Every record of a
    store has an id line of its own, so a change to many records costs little more than
    each change does."""
    if ahi - alo <= SMALL and bhi - blo <= SMALL:
        return _difflib(a, b, alo, ahi, blo, bhi, autojunk=False)
    anchors = _anchors(a, b, alo, ahi, blo, bhi)
    if not anchors:
        # No line to hold on to: difflib with its heuristics, fast if not always tidy.
        return _difflib(a, b, alo, ahi, blo, bhi, autojunk=True)
    out: list[Code] = []
    i, j = alo, blo
    for ai, bj in anchors:
        out += _between(a, b, i, ai, j, bj)
        out.append(("equal", ai, ai + 1, bj, bj + 1))
        i, j = ai + 1, bj + 1
    return out + _between(a, b, i, ahi, j, bhi)


def _between(a: list[str], b: list[str], alo: int, ahi: int, blo: int, bhi: int) -> list[Code]:
    """Return the opcodes of a region between two anchors, its shared ends set aside."""
    head = 0
    while alo + head < ahi and blo + head < bhi and a[alo + head] == b[blo + head]:
        head += 1
    tail = 0
    while (
        ahi - tail > alo + head
        and bhi - tail > blo + head
        and a[ahi - 1 - tail] == b[bhi - 1 - tail]
    ):
        tail += 1
    out: list[Code] = [("equal", alo, alo + head, blo, blo + head)]
    if ahi - tail > alo + head or bhi - tail > blo + head:
        out += _opcodes(a, b, alo + head, ahi - tail, blo + head, bhi - tail)
    out.append(("equal", ahi - tail, ahi, bhi - tail, bhi))
    return out


def _anchors(
    a: list[str], b: list[str], alo: int, ahi: int, blo: int, bhi: int
) -> list[tuple[int, int]]:
    """Return the pairs of positions of the lines unique on both sides, in the longest
    order that both sides share (patience sorting)."""
    import bisect
    from collections import Counter

    count_a = Counter(a[alo:ahi])
    count_b = Counter(b[blo:bhi])
    where_b = {line: j for j, line in enumerate(b[blo:bhi], blo) if count_b[line] == 1}
    pairs = [
        (i, where_b[line])
        for i, line in enumerate(a[alo:ahi], alo)
        if count_a[line] == 1 and line in where_b
    ]
    # The longest run of pairs increasing in b, by patience sorting.
    tops: list[int] = []
    tails: list[int] = []
    back: list[int] = []
    for k, (_, j) in enumerate(pairs):
        pile = bisect.bisect_left(tops, j)
        back.append(tails[pile - 1] if pile else -1)
        if pile == len(tops):
            tops.append(j)
            tails.append(k)
        else:
            tops[pile] = j
            tails[pile] = k
    chain: list[tuple[int, int]] = []
    k = tails[-1] if tails else -1
    while k >= 0:
        chain.append(pairs[k])
        k = back[k]
    return chain[::-1]


def _difflib(
    a: list[str], b: list[str], alo: int, ahi: int, blo: int, bhi: int, *, autojunk: bool
) -> list[Code]:
    import difflib

    # Without autojunk where it is affordable: in a store, lines such as '"mongolia",'
    # recur everywhere, and taking them for junk shows a moved block where one line changed.
    matcher = difflib.SequenceMatcher(None, a[alo:ahi], b[blo:bhi], autojunk=autojunk)
    return [
        (t, i1 + alo, i2 + alo, j1 + blo, j2 + blo) for t, i1, i2, j1, j2 in matcher.get_opcodes()
    ]


def _merged(codes: list[Code]) -> list[Code]:
    """Return the opcodes with runs of equal lines joined, empty ones left out, and the
    equal lines at either end cut to the context a hunk shows."""
    merged: list[Code] = []
    for code in codes:
        if merged and code[0] == "equal" == merged[-1][0]:
            _, i1, _, j1, _ = merged[-1]
            merged[-1] = ("equal", i1, code[2], j1, code[4])
        elif code[1] != code[2] or code[3] != code[4]:
            merged.append(code)
    if merged and merged[0][0] == "equal":
        t, i1, i2, j1, j2 = merged[0]
        merged[0] = (t, max(i1, i2 - CONTEXT), i2, max(j1, j2 - CONTEXT), j2)
    if merged and merged[-1][0] == "equal":
        t, i1, i2, j1, j2 = merged[-1]
        merged[-1] = (t, i1, min(i2, i1 + CONTEXT), j1, min(j2, j1 + CONTEXT))
    return merged


def _grouped(codes: list[Code]) -> Iterator[list[Code]]:
    """Yield the hunks of a list of opcodes, each change with ``CONTEXT`` equal lines
    around it (difflib's ``get_grouped_opcodes``, for opcodes made piecewise)."""
    group: list[Code] = []
    for t, i1, i2, j1, j2 in _merged(codes):
        if t == "equal" and i2 - i1 > 2 * CONTEXT:
            group.append((t, i1, i1 + CONTEXT, j1, j1 + CONTEXT))
            yield group
            group = []
            i1, j1 = max(i1, i2 - CONTEXT), max(j1, j2 - CONTEXT)
        group.append((t, i1, i2, j1, j2))
    if group and not (len(group) == 1 and group[0][0] == "equal"):
        yield group


def _range(start: int, length: int) -> str:
    """Return a hunk's range as diff -u writes it (1-based; a range of none names the
    line before it)."""
    if length == 1:
        return str(start + 1)
    return f"{start + 1 if length else start},{length}"


def _ended(line: str) -> str:
    return line if line.endswith("\n") else line + "\n\\ No newline at end of file\n"


def _headers(name: str, created: bool) -> list[str]:
    """Return the two header lines: ``a/`` and ``b/`` before a relative name, none before
    an absolute one, and /dev/null as the old side of a file not there yet."""
    a, b = ("", "") if name.startswith("/") else ("a/", "b/")
    return ["--- /dev/null\n" if created else f"--- {a}{name}\n", f"+++ {b}{name}\n"]
