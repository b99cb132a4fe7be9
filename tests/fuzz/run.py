#!/usr/bin/env python3
"""Coverage-guided fuzzing of the store decoder, the importers and the date readers, with
atheris (installed on demand; not in CI).

    python tests/fuzz/run.py [-max_total_time=3600] [other libFuzzer flags]

Reads and grows the corpus in ``tests/fuzz/corpus/`` (keep it small: `-merge=1` into a
fresh folder minimises it), and writes a crashing input to ``tests/fuzz/crashes/``, where
``tests/test_fuzz_corpus.py`` replays it as a regression test from then on.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).parent

try:
    import atheris
except ImportError:
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "atheris>=2.3"], check=True)
    import atheris

sys.path.insert(0, str(HERE.parent.parent))
with atheris.instrument_imports(include=["mnktimeline"]):
    from tests.fuzz.targets import one_input, sample

sample()  # read the sample store once, outside what is measured


def main() -> None:
    args = [sys.argv[0], *sys.argv[1:]]
    if not any(a.startswith("-artifact_prefix") for a in args):
        (HERE / "crashes").mkdir(exist_ok=True)  # libFuzzer writes there, and will not make it
        args.append(f"-artifact_prefix={HERE / 'crashes'}/")
    args.append(str(HERE / "corpus"))
    atheris.Setup(args, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
