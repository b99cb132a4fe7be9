"""Ids for new events: the start of the date, then a slug of the title, made unique."""

from __future__ import annotations

from collections.abc import Collection

from ..dates import parse_stored
from ..slugs import slugify, unique_id


def derive_id(date_text: str, title: str, existing_ids: Collection[str]) -> str:
    """Return an event id: the stored date's start, then a slug of the title.

    ``2014-05-23`` and "Ri Yong-ho meets US experts" give
    ``2014-05-23-ri-yong-ho-meets-us-experts``; ``2015/2016`` starts with ``2015``; a
    title without Latin letters gives ``…-event``; ``-2``, ``-3``… avoid ``existing_ids``.
    Raises DateError if the date is not a stored date.
    """
    start = parse_stored(date_text).first.iso()
    slug = slugify(title) or "event"
    return unique_id(f"{start}-{slug}", existing_ids)
