"""CITATION.cff: valid for cffconvert (what GitHub's "Cite this repository" and Zenodo's
import follow), and saying what the code says of the dataset: title, version, licences.

cffconvert pins jsonschema below 4, which the rest of the suite needs, so it is installed
from PyPI in a venv of its own, kept in pytest's cache between runs.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from mnktimeline import __version__, dataset

from .conftest import REPO

CFF = REPO / "CITATION.cff"
CFFCONVERT = "cffconvert==2.0.0"


@pytest.fixture(scope="session")
def cffconvert(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    # Without the cache plugin (-p no:cacheprovider), a venv for this run only.
    cache = getattr(request.config, "cache", None)
    venv = Path(cache.mkdir("cffconvert-2.0.0")) if cache else tmp_path_factory.mktemp("cff")
    exe = venv / "bin" / "cffconvert"
    if not exe.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
        proc = subprocess.run(
            [str(venv / "bin" / "pip"), "install", "--quiet", CFFCONVERT],
            capture_output=True,
            text=True,
            timeout=600,
        )
        if proc.returncode != 0:
            pytest.skip(f"cannot install {CFFCONVERT}: {proc.stderr.strip()[-300:]}")
    return exe


def test_citation_cff_is_valid(cffconvert: Path) -> None:
    proc = subprocess.run(
        [str(cffconvert), "--validate", "-i", str(CFF)], capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "valid according to schema version 1.2.0" in proc.stdout


def test_citation_cff_says_what_the_code_says(cffconvert: Path) -> None:
    proc = subprocess.run(
        [str(cffconvert), "-f", "zenodo", "-i", str(CFF)],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    zenodo = json.loads(proc.stdout)
    assert zenodo["title"] == dataset.TITLE
    assert zenodo["version"] == __version__ == dataset.VERSION
    assert zenodo["license"] == {"id": dataset.DATA_LICENCE}
    assert zenodo["creators"] == [{"name": name} for name in dataset.AUTHORS]
    text = CFF.read_text(encoding="utf-8")
    assert re.search(r"^type: dataset$", text, re.M)
    # The tool is cited as the software that goes with the data, under the code's licence.
    assert re.search(r"- type: software\n(?:    .*\n)*?    license: MIT\n", text)
    assert f"    version: {__version__}\n" in text


def test_the_readme_states_both_licences_and_the_citation() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    licence = readme.split("## Licence\n", 1)[1].split("\n## ", 1)[0]
    assert "MIT" in licence and "CC BY 4.0" in licence
    quote = readme.split("**How to cite.**", 1)[1].split("\n\n")[1]
    assert " ".join(line.removeprefix("> ") for line in quote.splitlines()) == (
        f"{' and '.join(dataset.AUTHORS)}. {dataset.YEAR}. {dataset.TITLE}. "
        f"Dataset, version {__version__}."
    )
