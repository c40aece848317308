#!/usr/bin/env bash
# Checks that a 采集表's drop-downs, date and hours checks, hidden list sheet and header
# protection survive a LibreOffice round trip (open and save as .xlsx), as when a department
# fills the form in LibreOffice or WPS. Usage: bench/template_lo.sh [BIN]   (default: debug build)
# Needs: soffice (LibreOffice), unzip.
set -euo pipefail
bin="${1:-target/debug/jiaoke}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
"$bin" template --out "$tmp/forms" >/dev/null
book="$tmp/forms/教科研材料采集表.xlsx"
soffice -env:UserInstallation="file://$tmp/profile" --headless \
    --convert-to xlsx:"Calc MS Excel 2007 XML" --outdir "$tmp/lo" "$book" >/dev/null 2>&1
mkdir "$tmp/x"
(cd "$tmp/x" && unzip -q "$tmp/lo/教科研材料采集表.xlsx")
sheet="$tmp/x/xl/worksheets/sheet2.xml"
fail=0
expect() { # what, pattern, file
    if grep -q "$2" "$3"; then echo "ok    $1"; else echo "FAIL  $1"; fail=1; fi
}
expect "drop-down lists"            'type="list"'           "$sheet"
expect "lists read from the hidden sheet" '下拉选项（jiaoke）'   "$sheet"
expect "a date check"               'type="date"'           "$sheet"
expect "an input message"           'promptTitle='          "$sheet"
expect "the header protected"       '<sheetProtection'      "$sheet"
expect "the list sheet hidden"      'state="hidden"'        "$tmp/x/xl/workbook.xml"
exit $fail
