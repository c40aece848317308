#!/usr/bin/env bash
# District-scale benchmark, measured in one run on one generated inbox: the read floor
# (calamine opening every sheet and counting its cells, examples/floor.rs), jiaoke import,
# jiaoke run (import, check and every report), and a peer (pandas + openpyxl reading the same
# sheets). Figures are medians of RUNS runs (default 3) and ratios to the floor.
# jiaoke district runs on the same inbox (its school folders and school list).
# Usage: bench/run.sh [SCHOOLS]   (default 200 schools × 15 files)
# The peer needs python3 with pandas, openpyxl, xlrd, odfpy; without them it is left out.
set -euo pipefail
cd "$(dirname "$0")/.."
schools="${1:-200}"
runs="${RUNS:-3}"
work=bench/work
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/jiaoke-target}"
bin="$CARGO_TARGET_DIR/release"

echo "== build (release)"
cargo build --release --quiet
cargo build --release --quiet --example samplegen --example floor

echo "== generate $schools schools"
rm -rf "$work/district" "$work"/*.time "$work"/*.out
mkdir -p "$work"
"$bin/examples/samplegen" district --schools "$schools" --out "$work/district"
inbox="$work/district/inbox"
files=$(find "$inbox" -type f | wc -l)
size=$(du -sh "$inbox" | cut -f1)
echo "   $files files, $size"

measure() { # label, command...: RUNS runs, one "seconds KB" line each
  local label=$1; shift
  : > "$work/$label.time"
  for _ in $(seq "$runs"); do
    rm -rf "$work/out"
    /usr/bin/time -a -f "%e %M" -o "$work/$label.time" "$@" > "$work/$label.out"
  done
}

echo "== read floor";                measure floor "$bin/examples/floor" "$inbox"
echo "== jiaoke import";             measure import "$bin/jiaoke" import "$inbox" --out "$work/out" --quiet
echo "== jiaoke import (one thread)"; POLARS_MAX_THREADS=1 measure import1 "$bin/jiaoke" import "$inbox" --out "$work/out" --quiet
echo "== jiaoke run";                measure run "$bin/jiaoke" run "$inbox" --out "$work/out" --quiet
echo "== jiaoke district";           measure district "$bin/jiaoke" district "$inbox" --out "$work/out" --format csv --quiet
labels="floor import import1 run district"
if python3 -c 'import pandas, openpyxl, xlrd, odf' 2>/dev/null; then
  echo "== pandas + openpyxl";       measure peer python3 bench/peer.py "$inbox"
  labels="$labels peer"
fi

python3 - "$work" "$files" $labels <<'PY' | tee "$work/result.md"
import statistics, sys
work, files, labels = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
names = {
    "floor": "calamine read floor: open every sheet, count the cells",
    "import": "jiaoke import (2 cores)",
    "import1": "jiaoke import (1 thread, POLARS_MAX_THREADS=1)",
    "run": "jiaoke run (import + check + every report)",
    "district": "jiaoke district (each school imported, checked, counted; district workbooks, one 问题清单 per school)",
    "peer": "pandas + openpyxl reading the same sheets",
}
def median(label):
    rows = [line.split() for line in open(f"{work}/{label}.time") if line.strip()]
    return statistics.median(float(s) for s, _ in rows), statistics.median(float(kb) for _, kb in rows) / 1024
floor_s, _ = median("floor")
print(f"| {files} files | wall s | peak MiB | vs floor |")
print("|---|---|---|---|")
for label in labels:
    s, mib = median(label)
    print(f"| {names[label]} | {s:.2f} | {mib:.0f} | {s / floor_s:.1f}× |")
PY
