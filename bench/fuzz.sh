#!/usr/bin/env bash
# Coverage-guided fuzzing (cargo fuzz / libFuzzer) of every reader and of the value normalizers.
#
# Usage: bench/fuzz.sh [SECONDS] [TARGET...]
#   SECONDS  fuzzing time per target (default 60)
#   TARGET   some of: xlsx xlsb xls ods csv html spreadsheetml docx doc plan_text values
#            (default: every target)
# Environment:
#   SANITIZER=none|address   (default none, see below)
#   RSS_LIMIT_MB=1024        memory a single file may cost before it counts as a crash (OOM)
#   TIMEOUT=10               seconds a single file may take before it counts as a crash
#
# What it does: installs cargo-fuzz if missing, seeds fuzz/corpus/<target>/ from samples/,
# tests/fixtures/, fuzz/seeds/ and, when present, the corpus of real files in /tmp/corpus
# (index.tsv: up to 100 files under 100 KB per target), builds the targets once, runs each for
# SECONDS, and prints executions, exec/s, peak memory and crashes per target; the same table
# goes to bench/work/fuzz-summary.md, each run's log to bench/work/fuzz-logs/.
# A crash, OOM or timeout stops libFuzzer: the target is restarted for the time left (at most
# 4 restarts), so a target that crashes still gets its time. Crash inputs land in
# fuzz/artifacts/<target>/; minimize one with
#   RUSTC_BOOTSTRAP=1 cargo fuzz tmin --sanitizer none <target> fuzz/artifacts/<target>/<file>
# and turn it into a regression test (tests/fixtures/fuzz/, tests/fuzz_regressions.rs).
#
# Toolchain: cargo fuzz instruments with flags of rustc's own (sancov passes), and its address
# sanitizer is a nightly flag (-Zsanitizer). Only a stable toolchain may be available, so
# RUSTC_BOOTSTRAP=1 lets stable rustc accept them (it is always set, so the build is never
# redone for a changed environment).
# Sanitizer: none by default. jiaoke forbids unsafe code, so what is to be found here is a
# panic outside the per-file guard, an abort, memory beyond the bounds, a timeout or a stack
# overflow: libFuzzer sees all of them without ASan. ASan would roughly double the build and
# run time of this polars-heavy crate and inflate memory (its shadow and quarantine), which
# would blur the memory bound checked with -rss_limit_mb. SANITIZER=address still works.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

all_targets=(xlsx xlsb xls ods csv html spreadsheetml docx doc plan_text values)
seconds="${1:-60}"
shift || true
if (($# > 0)); then targets=("$@"); else targets=("${all_targets[@]}"); fi
sanitizer="${SANITIZER:-none}"
rss_limit="${RSS_LIMIT_MB:-1024}"
timeout="${TIMEOUT:-10}"

export RUSTC_BOOTSTRAP=1
# The fuzz crate is its own workspace with its own target dir (fuzz/target, gitignored).
export CARGO_TARGET_DIR="$root/fuzz/target"

work=bench/work
logs=$work/fuzz-logs
mkdir -p "$logs"

if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "== installing cargo-fuzz"
    cargo install cargo-fuzz --locked
fi

# ---------------------------------------------------------------------------------------
# Seeds

# The target a file belongs to, by its content (as jiaoke sniffs it); empty for none.
classify() {
    local f=$1 name magic head
    name=$(basename "$f")
    magic=$(head -c 8 "$f" | od -An -tx1 | tr -d ' \n')
    case "$magic" in
        504b0304* | 504b0506*)
            if LC_ALL=C grep -aq 'application/vnd.oasis.opendocument.spreadsheet' "$f"; then
                echo ods
            elif LC_ALL=C grep -aq 'word/document' "$f"; then
                echo docx
            elif LC_ALL=C grep -aq 'xl/workbook.bin' "$f"; then
                echo xlsb
            elif LC_ALL=C grep -aq 'xl/' "$f"; then
                echo xlsx
            else
                case "${name##*.}" in
                    xlsb) echo xlsb ;; ods) echo ods ;; docx | docm) echo docx ;;
                    xlsx | xlsm | xls) echo xlsx ;;
                esac
            fi
            ;;
        d0cf11e0a1b11ae1)
            # A compound file with a WordDocument stream (its name in UTF-16) is a .doc.
            if LC_ALL=C grep -aqP 'W\x00o\x00r\x00d\x00D\x00o\x00c\x00u\x00m\x00e\x00n\x00t\x00' "$f"; then
                echo doc
            else
                echo xls
            fi
            ;;
        "") ;;
        *)
            head=$(head -c 4096 "$f" | LC_ALL=C tr -d '\000')
            if LC_ALL=C grep -aqi 'urn:schemas-microsoft-com:office:spreadsheet' <<<"$head"; then
                echo spreadsheetml
            elif LC_ALL=C grep -aqiE '<html|<table|<!doctype html' <<<"$head"; then
                echo html
            else
                case "${name##*.}" in
                    txt) echo plan_text ;; csv | CSV | tsv) echo csv ;;
                esac
            fi
            ;;
    esac
}

# seed TARGET FILE: copies FILE into the target's corpus under a name made from its content.
seed() {
    local t=$1 f=$2 sum
    sum=$(sha256sum "$f" | cut -c1-16)
    cp "$f" "fuzz/corpus/$t/seed-$sum"
}

echo "== seeds"
for t in "${all_targets[@]}"; do mkdir -p "fuzz/corpus/$t"; done
while IFS= read -r -d '' f; do
    t=$(classify "$f")
    if [[ -n "$t" ]]; then seed "$t" "$f"; fi
done < <(find samples/inbox tests/fixtures -type f -print0)
for t in "${all_targets[@]}"; do
    if [[ -d "fuzz/seeds/$t" ]]; then
        for f in "fuzz/seeds/$t"/*; do seed "$t" "$f"; done
    fi
done
# Regression fixtures are named <target>-<what>.<ext>: back to their own target. One that
# still crashes stops its target at once, restart after restart: fix it first.
if [[ -d tests/fixtures/fuzz ]]; then
    for f in tests/fixtures/fuzz/*; do
        [[ -f "$f" ]] || continue
        t=$(basename "$f")
        t=${t%%-*}
        if [[ -d "fuzz/corpus/$t" ]]; then seed "$t" "$f"; fi
    done
fi
# The values target: every field of the sample CSVs, one cell per seed.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
find samples/inbox -name '*.csv' -print0 | xargs -0 cat | tr -d '\r' | sed 's/^\xEF\xBB\xBF//' |
    tr ',' '\n' | sed 's/^"//; s/"$//' | LC_ALL=C grep -av '^$' | sort -u | head -400 |
    while IFS= read -r cell; do
        printf '%s' "$cell" >"$tmp/cell"
        seed values "$tmp/cell"
    done
# Real files from public test suites, when the corpus is on this machine.
corpus=/tmp/corpus
if [[ -f "$corpus/index.tsv" ]]; then
    declare -A taken=()
    while IFS=$'\t' read -r _ ext size path _; do
        ((size < 102400)) || continue
        # Most files are what their extension says: skip those of a target already seeded.
        case "$ext" in
            xlsx | xlsm) guess=xlsx ;; xlsb) guess=xlsb ;; ods) guess=ods ;;
            docx | docm) guess=docx ;; csv) guess=csv ;; xls | doc | fods) guess=none ;;
            *) continue ;;
        esac
        ((${taken[$guess]:-0} < 100)) || continue
        f="$corpus/$path"
        [[ -f "$f" ]] || continue
        t=$(classify "$f")
        case "$t" in xlsx | xlsb | xls | ods | docx | doc | csv | html) ;; *) continue ;; esac
        ((${taken[$t]:-0} < 100)) || continue
        taken[$t]=$((${taken[$t]:-0} + 1))
        seed "$t" "$f"
    done < <(tail -n +2 "$corpus/index.tsv" | sort)
    for t in "${!taken[@]}"; do echo "   $t: ${taken[$t]} files from $corpus"; done
fi
for t in "${all_targets[@]}"; do
    printf '   %-14s %5d inputs\n' "$t" "$(find "fuzz/corpus/$t" -type f | wc -l)"
done

# ---------------------------------------------------------------------------------------
# Build once, then run each target

echo "== build (sanitizer: $sanitizer)"
cargo fuzz build --sanitizer "$sanitizer"

# Options per target: dictionaries for the markup readers; text inputs may grow past their
# small seeds.
options() {
    case "$1" in
        html | spreadsheetml | plan_text) echo "-dict=fuzz/dicts/$1.dict -max_len=65536" ;;
        csv) echo "-max_len=65536" ;;
        values) echo "-max_len=256" ;;
    esac
}

# One row per target, kept between invocations: the summary shows the last run of each.
mkdir -p "$work/fuzz-rows"
printf '\n%-14s %8s %12s %8s %8s %8s %8s\n' target seconds execs exec/s rss_MB corpus crashes
for t in "${targets[@]}"; do
    mkdir -p "fuzz/artifacts/$t"
    marker=$(mktemp)
    execs=0 runs=0 peak=0 spent=0 left=$seconds
    rm -f "$logs/$t".*.log
    while ((left > 2 && runs < 5)); do
        runs=$((runs + 1))
        log="$logs/$t.$runs.log"
        start=$(date +%s)
        # shellcheck disable=SC2046
        cargo fuzz run --sanitizer "$sanitizer" "$t" -- \
            -max_total_time="$left" -rss_limit_mb="$rss_limit" -timeout="$timeout" \
            -print_final_stats=1 $(options "$t") >"$log" 2>&1 || true
        took=$(($(date +%s) - start))
        spent=$((spent + took))
        left=$((seconds - spent))
        n=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
        r=$(sed -n 's/^stat::peak_rss_mb: *//p' "$log" | tail -1)
        execs=$((execs + ${n:-0}))
        if ((${r:-0} > peak)); then peak=${r:-0}; fi
        # A run that ended on its own has used its time: no restart.
        if grep -qE '^Done [0-9]+ runs in' "$log"; then break; fi
    done
    found=$(find "fuzz/artifacts/$t" -type f -newer "$marker" \
        \( -name 'crash-*' -o -name 'oom-*' -o -name 'timeout-*' -o -name 'leak-*' \) | sort)
    rm -f "$marker"
    crashes=$(grep -c . <<<"$found" || true)
    rate=$((spent > 0 ? execs / spent : 0))
    size=$(find "fuzz/corpus/$t" -type f | wc -l)
    printf '%-14s %8d %12d %8d %8d %8d %8d\n' "$t" "$spent" "$execs" "$rate" "$peak" "$size" "$crashes"
    for a in $found; do echo "      $a"; done
    echo "| $t | $spent | $execs | $rate | $peak | $size | $crashes | $(echo $found | sed 's/ /<br>/g') |" \
        >"$work/fuzz-rows/$t.md"
done

summary=$work/fuzz-summary.md
{
    echo "# Fuzzing summary"
    echo
    echo "Last run of each target; $(git rev-parse --short HEAD), sanitizer $sanitizer," \
        "-rss_limit_mb=$rss_limit, -timeout=$timeout. Updated $(date -u '+%Y-%m-%d %H:%M UTC')."
    echo
    echo "Peak RSS is libFuzzer's, corpus in memory included; a run stopped for an OOM shows the"
    echo "memory it had reached. Crashes count the crash-, oom-, timeout- and leak- files written."
    echo
    echo "| target | seconds | executions | exec/s | peak RSS (MB) | corpus | crashes | artifacts |"
    echo "|---|---:|---:|---:|---:|---:|---:|---|"
    for t in "${all_targets[@]}"; do
        if [[ -f "$work/fuzz-rows/$t.md" ]]; then cat "$work/fuzz-rows/$t.md"; fi
    done
} >"$summary"
echo
echo "summary: $summary"
