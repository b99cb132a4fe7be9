#!/usr/bin/env bash
# Mutation testing of dates.py, query.py and the store's rule book (store/validate.py,
# store/rules.py) against their in-process tests; on demand, never in CI. The modules and
# tests are set in pyproject.toml, [tool.mutmut]. Installs mutmut into the interpreter's
# environment when it is missing.
#
#   tests/mutation/run.sh                       # every mutant (about 40 minutes on 2 cores)
#   tests/mutation/run.sh 'mnktimeline.dates*'  # one module's mutants
#
# Prints the score of each module and the mutants that survived (tests/mutation/score.py);
# tests/mutation/equivalent.txt lists the survivors that no test can kill, and why.
set -euo pipefail
cd "$(dirname "$0")/../.."
py="${PYTHON:-.venv/bin/python}"
"$py" -c "import mutmut" 2>/dev/null || "$py" -m pip install -q "mutmut>=3.8,<4"
rm -rf mutants
"$py" -m mutmut run --max-children "${JOBS:-2}" "$@" >/dev/null
"$py" tests/mutation/score.py
