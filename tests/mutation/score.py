"""Print the mutation score of each module from mutmut's results in ``mutants/``.

A mutant listed in ``tests/mutation/equivalent.txt`` (its name, then why no test can tell
it from the original) is left out of the score; every other survivor is printed.
Exit 1 when a module's score of non-equivalent mutants is under 95 %.
"""

from __future__ import annotations

import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).parent
ROOT = HERE.parent.parent
KILLED = {1, 3, 36, 37, -24, 24, 152, 255, -11, -9}  # failed, errored, timed out, crashed
TARGET = 0.95


def equivalent() -> dict[str, str]:
    """Return the names of the equivalent mutants, each with why it is equivalent."""
    out = {}
    for line in (HERE / "equivalent.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, why = line.partition(" ")
            out[name] = why.strip()
    return out


def main() -> int:
    known = equivalent()
    tally: dict[str, Counter[str]] = defaultdict(Counter)
    survivors = []
    for meta in sorted((ROOT / "mutants").rglob("*.meta")):
        codes = json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"]
        for name, code in codes.items():
            module = name.split(".x")[0]
            if code is None:
                tally[module]["not run"] += 1
            elif name in known:
                tally[module]["equivalent"] += 1
            elif code in KILLED:
                tally[module]["killed"] += 1
            else:
                tally[module][
                    "survived" if code == 0 else "no tests" if code in (5, 33) else f"exit {code}"
                ] += 1
                survivors.append(name)
    low = False
    for module, n in sorted(tally.items()):
        judged = sum(v for k, v in n.items() if k not in ("equivalent", "not run"))
        score = n["killed"] / judged if judged else 1.0
        low |= judged > 0 and score < TARGET
        rest = ", ".join(f"{v} {k}" for k, v in sorted(n.items()) if k != "killed")
        print(f"{module}: {score:.1%} of {judged} non-equivalent mutants killed ({rest})")
    for name in survivors:
        print(f"survived: {name}")
    return 1 if low else 0


if __name__ == "__main__":
    sys.exit(main())
