# jiaoke — recipes for developers. Each one is plain cargo underneath: a machine without
# `just` runs the same commands by hand (see README).

set shell := ["bash", "-euo", "pipefail", "-c"]

# Run the demo: import, check and report on the bundled sample inbox, into reports/.
demo:
    cargo run -- run samples/inbox --out reports

# Run every test (the same command CI runs).
test:
    cargo test

# Lints exactly as CI runs them.
lint:
    cargo clippy --all-targets -- -D warnings
    cargo fmt --check

# What CI runs, locally.
ci:
    .ci/run

# Regenerate the sample inbox and its expected records (LibreOffice rebuilds the .xls/.ods).
samples:
    cargo run --example samplegen -- samples
    samples/convert.sh

# District-scale benchmark: the read floor, jiaoke import and run (and pandas + openpyxl when
# installed) on the same generated inbox, as ratios to the floor.
bench schools="200":
    bench/run.sh {{schools}}

# Render every workbook in reports/ to PNG pages with LibreOffice, to look at them.
render dir="reports":
    bench/render.sh {{dir}}

# Check that a 采集表's drop-downs and protection survive a LibreOffice round trip.
template-lo:
    cargo build
    bench/template_lo.sh target/debug/jiaoke

# Coverage-guided fuzzing of every reader and the value normalizers, `seconds` per target
# (cargo fuzz; installs cargo-fuzz if missing). Not in CI. Table: bench/work/fuzz-summary.md.
fuzz seconds="60":
    bench/fuzz.sh {{seconds}}
