"""Slugs: the lowercase ASCII words of a name, joined by hyphens, as ids are made of."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection

# Words a slug can do without: "Ri Yong-ho meets US experts in Ulaanbaatar" becomes
# "ri-yong-ho-meets-us-experts-ulaanbaatar".
_STOP_WORDS = frozenset(
    {"a", "an", "the", "of", "in", "on", "at", "to", "for", "and", "or", "with", "by"}
    | {"from", "as", "is", "are", "was", "were", "its"}
)
SLUG_LENGTH = 48


def slugify(text: str, max_length: int = SLUG_LENGTH) -> str:
    """Return lowercase ASCII words of ``text`` joined by hyphens, at most ``max_length``.

    Diacritics are dropped (Khürelsükh → khurelsukh), apostrophes vanish (Kim's → kims),
    common English little words are left out, and the slug is cut at a word boundary.
    Returns "" for text without any Latin letter or digit (Cyrillic, Hangul).
    """
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    plain = re.sub(r"['’‘`]", "", plain.casefold())
    words = re.findall(r"[a-z0-9]+", plain)
    kept = [w for w in words if w not in _STOP_WORDS] or words
    slug = ""
    for word in kept:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > max_length:
            if not slug:
                slug = word[:max_length]
            break
        slug = candidate
    return slug


def unique_id(base: str, existing: Collection[str]) -> str:
    """Return ``base``, or ``base-2``, ``base-3``… the first not in ``existing``."""
    candidate, n = base, 2
    while candidate in existing:
        candidate, n = f"{base}-{n}", n + 1
    return candidate
