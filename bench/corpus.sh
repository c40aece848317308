#!/usr/bin/env bash
# Robustness over a corpus of real workbooks: every file read as `jiaoke import` reads it, each
# in a process of its own (so that an abort or a runaway allocation shows up as that file's),
# with its wall time and peak memory; then every file jiaoke found unreadable tried with calamine
# alone, to list the files calamine opens that jiaoke refuses.
#
# Usage: bench/corpus.sh DIR [JOBS]        (results in bench/work/corpus/)
# A corpus of ~8,000 public test files (Excel, LibreOffice, POI, pandas, rust_xlsxwriter…) can
# be fetched with the script the closing note of issue 8 describes; any folder of files works.
set -euo pipefail
cd "$(dirname "$0")/.."
dir="${1:?usage: bench/corpus.sh DIR [JOBS]}"
jobs="${2:-2}"
work=bench/work/corpus
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/jiaoke-target}"
bin="$CARGO_TARGET_DIR/release/examples/readfile"

cargo build --release --quiet --example readfile
rm -rf "$work" && mkdir -p "$work"

# One line per file: path, outcome, sheets, rows, records, format, message, then exit status,
# wall seconds and peak RSS in KB. A file over 10 s or 2 GB of address space is cut short.
one() {
  local f=$1 out rc=0
  out=$( { /usr/bin/time -f "%e %M" -o "$work/t.$$" timeout 10 bash -c 'ulimit -v 2097152; exec "$0" "$1"' "$bin" "$f"; } 2>/dev/null ) || rc=$?
  read -r secs kb < "$work/t.$$" 2>/dev/null || { secs=0; kb=0; }
  [ -n "$out" ] || out="$f	crash	0	0	0	-	exit $rc"
  printf '%s\t%s\t%s\t%s\n' "$out" "$rc" "$secs" "$kb"
}
export -f one
export bin work
find "$dir" -type f -print0 | sort -z | xargs -0 -P "$jobs" -I{} bash -c 'one "$1"' _ {} > "$work/files.tsv"
rm -f "$work"/t.*

# Files jiaoke calls unreadable: does calamine alone open them?
awk -F'\t' '$2 == "unreadable" || $2 == "crash" || $2 == "panic" { print $1 }' "$work/files.tsv" |
  while IFS= read -r f; do
    if timeout 10 bash -c 'ulimit -v 4194304; exec "$0" --calamine "$1"' "$bin" "$f" > /dev/null 2>&1; then
      printf '%s\n' "$f"
    fi
  done > "$work/calamine-opens.txt"

python3 - "$work" <<'PY' | tee "$work/summary.md"
import collections, sys
work = sys.argv[1]
rows = [l.rstrip("\n").split("\t") for l in open(f"{work}/files.tsv", encoding="utf-8")]
opens = set(l.rstrip("\n") for l in open(f"{work}/calamine-opens.txt", encoding="utf-8"))
def ext(p): return p.rsplit(".", 1)[-1].lower() if "." in p.rsplit("/", 1)[-1] else "-"
by = collections.defaultdict(collections.Counter)
for r in rows:
    by[ext(r[0])][r[1]] += 1
outcomes = ["sheets", "document", "skipped", "unreadable", "panic", "crash"]
print("| ext | files | " + " | ".join(outcomes) + " |")
print("|---|---|" + "---|" * len(outcomes))
for e, c in sorted(by.items(), key=lambda kv: -sum(kv[1].values())):
    print(f"| {e} | {sum(c.values())} | " + " | ".join(str(c[o]) for o in outcomes) + " |")
kb = sorted(((int(r[-1]), r[0]) for r in rows), reverse=True)
secs = sorted(((float(r[-2]), r[0]) for r in rows), reverse=True)
print(f"\n{len(rows)} files. Peak memory of one file: {kb[0][0] / 1024:.0f} MB ({kb[0][1]});")
print(f"median {kb[len(kb) // 2][0] / 1024:.0f} MB. Slowest: {secs[0][0]:.2f} s ({secs[0][1]}).")
bad = [r for r in rows if r[1] in ("panic", "crash")]
print(f"Crashes or panics: {len(bad)}")
for r in bad[:20]:
    print(f"  {r[0]}: {r[6]} (exit {r[7]})")
refused = [r for r in rows if r[0] in opens]
print(f"\nUnreadable for jiaoke but opened by calamine alone: {len(refused)}")
for r in refused[:40]:
    print(f"  {r[0]}: {r[6]}")
PY
