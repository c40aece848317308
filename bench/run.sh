#!/usr/bin/env bash
# District-scale import benchmark: jiaoke against pandas + openpyxl, measured in the same run on
# the same generated inbox. Usage: bench/run.sh [SCHOOLS]   (default 200 schools × 15 files)
# Needs: python3 with pandas, openpyxl, xlrd, odfpy (pip install pandas openpyxl xlrd odfpy).
set -euo pipefail
cd "$(dirname "$0")/.."
schools="${1:-200}"
work=bench/work
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/jiaoke-target}"
bin="$CARGO_TARGET_DIR/release"

echo "== build (release)"
cargo build --release --quiet
cargo build --release --quiet --example samplegen

echo "== generate $schools schools"
rm -rf "$work"
mkdir -p "$work"
"$bin/examples/samplegen" district --schools "$schools" --out "$work/inbox"
files=$(find "$work/inbox" -type f | wc -l)
size=$(du -sh "$work/inbox" | cut -f1)
echo "   $files files, $size"

measure() { # label, command...
  local label=$1; shift
  /usr/bin/time -f "%e %M" -o "$work/$label.time" "$@" > "$work/$label.out"
}

echo "== jiaoke import (all cores)"
measure jiaoke "$bin/jiaoke" import "$work/inbox" --out "$work/out" --quiet
echo "== jiaoke import (one thread)"
RAYON_NUM_THREADS=1 measure jiaoke1 "$bin/jiaoke" import "$work/inbox" --out "$work/out1" --quiet
echo "== pandas + openpyxl"
measure peer python3 bench/peer.py "$work/inbox"

rows=$(( $(cat "$work"/out/*.csv | wc -l) - 5 ))
peer_rows=$(cut -d' ' -f1 "$work/peer.out")
read -r j_s j_kb < "$work/jiaoke.time"
read -r j1_s j1_kb < "$work/jiaoke1.time"
read -r p_s p_kb < "$work/peer.time"
python3 - "$files" "$rows" "$peer_rows" "$j_s" "$j_kb" "$j1_s" "$j1_kb" "$p_s" "$p_kb" <<'PY' | tee "$work/result.md"
import sys
files, rows, peer_rows = map(int, sys.argv[1:4])
j_s, j_kb, j1_s, j1_kb, p_s, p_kb = map(float, sys.argv[4:])
print(f"| | wall s | records or rows/s | peak MB | time vs peer |")
print(f"|---|---|---|---|---|")
print(f"| jiaoke import (2 cores) | {j_s:.2f} | {rows/j_s:,.0f} | {j_kb/1024:.0f} | {j_s/p_s:.2f}× |")
print(f"| jiaoke import (1 thread) | {j1_s:.2f} | {rows/j1_s:,.0f} | {j1_kb/1024:.0f} | {j1_s/p_s:.2f}× |")
print(f"| pandas + openpyxl (read only) | {p_s:.2f} | {peer_rows/p_s:,.0f} | {p_kb/1024:.0f} | 1.00× |")
print(f"\n{files} files; jiaoke: {rows:,} normalized records; peer: {peer_rows:,} raw rows read.")
PY
