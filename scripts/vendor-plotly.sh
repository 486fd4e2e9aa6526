#!/usr/bin/env bash
# Refresh the partial plotly.js bundle the report embeds (src/icsplan/report/vendor/) from npm:
# plotly.js's own "finance" dist (scatter, bar, waterfall, pie, ...: every trace the report
# draws), at exactly the plotly.js version the installed plotly.py ships, with its MIT licence.
# Run by hand after upgrading plotly; nothing is downloaded at run time.
set -euo pipefail
cd "$(dirname "$0")/.."
version=$(.venv/bin/python -c "import plotly.offline as o; print(o.get_plotlyjs_version())")
dest=src/icsplan/report/vendor
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "plotly.js@${version}" >/dev/null && tar -xzf plotly.js-*.tgz)
cp "$tmp/package/dist/plotly-finance.min.js" "$dest/plotly-finance.min.js"
cp "$tmp/package/LICENSE" "$dest/plotly.js-LICENSE"
echo "$version" > "$dest/plotly.js-VERSION"
echo "plotly.js ${version} finance bundle: $(wc -c < "$dest/plotly-finance.min.js") bytes in $dest"
