#!/usr/bin/env bash
# Times every participatory-budgeting rule on one election with pabutools, then with
# Agora, on this machine in one run, and prints the ratios.
#   scripts/bench-pb.sh [FILE.pb]   (default: Budapest 2024, the largest in ../shared)
# Needs pabutools (`pip install "pabutools>=1.2,<1.3"`; PYTHON=path/to/python picks the
# interpreter). pabutools gets 600 s per rule, and 120 s for Add1 on the two largest
# files; it does not finish Add1 on Budapest 2024 in any case, so the ratio shown there
# is a lower bound.
set -euo pipefail
cd "$(dirname "$0")/.."
file=$(realpath "${1:-../shared/data/pabulib/Hungary_Budapest_2024.pb}")
answers=$(mktemp --suffix=.json)
trap 'rm -f "$answers"' EXIT
"${PYTHON:-python3}" scripts/pabutools-oracle.py "$(dirname "$file")" --files "$(basename "$file")" \
    --out "$answers" --timeout 600 --big-add1-timeout 120
cargo bench -p agora-core --bench pb -- "$file" --add1 --pabutools "$answers"
