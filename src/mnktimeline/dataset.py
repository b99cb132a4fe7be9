"""What the bundled dataset is, for citing it and describing it: title, authors, version,
year and licences. CITATION.cff at the repository root says the same (a test keeps the
two in step).

The code is under the MIT licence (pyproject.toml); the data (the store and every export
of it) under Creative Commons Attribution 4.0.
"""

from __future__ import annotations

from . import __version__

NAME = "mnktimeline"
TITLE = "mnktimeline event store: Mongolia–North Korea relations, 1948–2024"
AUTHORS = ("mnktimeline contributors",)
VERSION = __version__
YEAR = 2026  # of this version: change it with the version
DESCRIPTION = (
    "Dated interactions between Mongolia and North Korea (the DPRK) from 1948 to 2024: "
    "visits, treaties, embassies, letters, economic projects, workers, refugees, sanctions "
    "and mediation, each event with its actors, places, sources and notes on where the "
    "sources disagree."
)
KEYWORDS = ("Mongolia", "North Korea", "DPRK", "diplomatic history", "chronology", "events")

DATA_LICENCE = "CC-BY-4.0"  # SPDX
DATA_LICENCE_TITLE = "Creative Commons Attribution 4.0 International"
DATA_LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
CODE_LICENCE = "MIT"  # SPDX, as in pyproject.toml


def citation_key() -> str:
    """Return the key under which the dataset of this version is cited: ``mnktimeline-0.2.1``."""
    return f"{NAME}-{VERSION}"
