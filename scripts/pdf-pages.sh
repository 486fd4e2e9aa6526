#!/usr/bin/env bash
# The pages of a PDF board pack as PNG files, to look at them (no split chart, no clipped
# label): scripts/pdf-pages.sh out/report.pdf shots/ -> shots/page-01.png ...
set -euo pipefail
pdf=${1:?usage: pdf-pages.sh REPORT.pdf OUTDIR}
dir=${2:?usage: pdf-pages.sh REPORT.pdf OUTDIR}
bash "$(dirname "$0")/ensure-chromium.sh"
mkdir -p "$dir"
pdftoppm -r "${DPI:-80}" -png "$pdf" "$dir/page"
pdfinfo "$pdf" | grep -E "^Pages:"
ls "$dir"/page-*.png
