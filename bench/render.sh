#!/usr/bin/env bash
# Renders every .xlsx in a folder to PDF and PNG pages with LibreOffice, to look at them as a
# district office would print them. Usage: bench/render.sh [DIR]   (default reports)
# Needs: apt-get install libreoffice-calc-nogui poppler-utils fonts-noto-cjk
set -euo pipefail
dir="${1:-reports}"
out="$dir/render"
mkdir -p "$out"
for book in "$dir"/*.xlsx; do
  soffice --headless --convert-to pdf --outdir "$out" "$book" > /dev/null
  base=$(basename "$book" .xlsx)
  pdftoppm -png -r 70 "$out/$base.pdf" "$out/$base"
  echo "$book → $out/$base-*.png"
done
