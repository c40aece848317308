#!/usr/bin/env bash
# Renders every .xlsx in a folder to PDF and PNG pages with LibreOffice, to look at them as a
# district office would print them. Usage: bench/render.sh [DIR]   (default reports)
# Needs: apt-get install libreoffice-calc-nogui poppler-utils fonts-noto-cjk fonts-crosextra-carlito
# Carlito has Calibri's metrics. The workbooks' default font is Calibri, which sets Excel's
# column width unit; without Carlito LibreOffice measures columns in a wider font, shrinks
# fitted pages about a sixth more than Excel and WPS do, and paginates lists differently.
set -euo pipefail
fc-match Calibri | grep -q Carlito || echo "warning: no Carlito font: pages will not break as in Excel" >&2
dir="${1:-reports}"
out="$dir/render"
mkdir -p "$out"
for book in "$dir"/*.xlsx; do
  soffice --headless --convert-to pdf --outdir "$out" "$book" > /dev/null
  base=$(basename "$book" .xlsx)
  pdftoppm -png -r 70 "$out/$base.pdf" "$out/$base"
  echo "$book → $out/$base-*.png"
done
