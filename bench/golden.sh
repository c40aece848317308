#!/usr/bin/env bash
# Writes every report of the sample inbox, for several periods, as text (one line per cell,
# `examples/dumpbook`) into OUT, so that two versions of the report code can be compared
# with `diff -r`: bench/golden.sh BIN DUMPBOOK OUT
set -euo pipefail
bin=$1 dump=$2 out=$3
inbox=${INBOX:-samples/inbox}
rm -rf "$out"; mkdir -p "$out"
run() { # name, args...
    local name=$1; shift
    local dir="$out/$name"
    mkdir -p "$dir/raw"
    "$bin" "$@" "$inbox" --out "$dir/raw" >/dev/null 2>&1 || true
    for f in "$dir"/raw/*; do
        case "$f" in
            *.xlsx) "$dump" "$f" > "$dir/$(basename "$f").txt" ;;
            *) cp "$f" "$dir/" ;;
        esac
    done
    rm -rf "$dir/raw"
}
run all run
for y in 2022-2023 2023-2024 2024-2025; do run "research-$y" report research --school-year "$y" --format csv; done
for y in 2022 2023 2024; do run "training-$y" report training --year "$y" --format csv; done
for t in 2022-2023-2 2023-2024-1 2023-2024-2 2024-2025-1; do run "term-$t" report term --term "$t" --format csv; done
