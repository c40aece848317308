#!/usr/bin/env bash
# Builds the inbox files that Rust cannot write, from the staging workbooks samplegen wrote:
#   xls      .xlsx → .xls (BIFF8) with LibreOffice, standing in for a WPS/Excel 2003 file
#   et       the same, saved under WPS's .et extension
#   ods      .xlsx → .ods with LibreOffice
#   encrypt  .xlsx → password-protected .xlsx (password 123456) with msoffcrypto-tool
# The results are committed; run this only after changing what samplegen stages.
# Needs: soffice (LibreOffice), msoffcrypto-tool (pip install msoffcrypto-tool).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
staging="$here/staging"
inbox="$here/inbox"

if [[ ! -f "$staging/manifest.tsv" ]]; then
    (cd "$here/.." && cargo run --quiet --example samplegen -- samples)
fi
command -v soffice >/dev/null || { echo "convert.sh: soffice (LibreOffice) not found" >&2; exit 1; }

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
# A private LibreOffice profile: no clash with a running instance, no first-start dialogs.
profile="file://$tmp/profile"

while IFS=$'\t' read -r method src target; do
    [[ -z "$method" ]] && continue
    in="$staging/$src"
    out="$inbox/$target"
    mkdir -p "$(dirname "$out")"
    stem="$(basename "${src%.*}")"
    case "$method" in
        xls|et)
            soffice -env:UserInstallation="$profile" --headless --convert-to xls \
                --outdir "$tmp/out" "$in" >"$tmp/soffice.log" 2>&1 || { cat "$tmp/soffice.log" >&2; exit 1; }
            mv "$tmp/out/$stem.xls" "$out"
            ;;
        ods)
            soffice -env:UserInstallation="$profile" --headless --convert-to ods \
                --outdir "$tmp/out" "$in" >"$tmp/soffice.log" 2>&1 || { cat "$tmp/soffice.log" >&2; exit 1; }
            mv "$tmp/out/$stem.ods" "$out"
            ;;
        encrypt)
            command -v msoffcrypto-tool >/dev/null \
                || { echo "convert.sh: pip install msoffcrypto-tool" >&2; exit 1; }
            msoffcrypto-tool -e -p 123456 "$in" "$out"
            ;;
        *)
            echo "convert.sh: unknown method $method" >&2
            exit 1
            ;;
    esac
    echo "$method: $target"
done < "$staging/manifest.tsv"
