#!/usr/bin/env bash
# Vendor the web UI's front-end libraries from the npm registry into the package, so that
# nothing loads from a CDN at run time. Re-run after changing a version below; the files it
# writes (src/newstrace/web/static/vendor/) are committed.
#
#   scripts/vendor-js.sh
set -euo pipefail
HTMX=2.0.11
CYTOSCAPE=3.34.4

here="$(cd "$(dirname "$0")/.." && pwd)"
dest="$here/src/newstrace/web/static/vendor"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$dest"
cd "$work"
npm pack --silent "htmx.org@$HTMX" "cytoscape@$CYTOSCAPE" >/dev/null
tar -xzf "htmx.org-$HTMX.tgz" && mv package htmx
tar -xzf "cytoscape-$CYTOSCAPE.tgz" && mv package cytoscape
cp htmx/dist/htmx.min.js "$dest/htmx.min.js"
cp htmx/LICENSE "$dest/htmx.LICENSE"
cp cytoscape/dist/cytoscape.min.js "$dest/cytoscape.min.js"
cp cytoscape/LICENSE "$dest/cytoscape.LICENSE"
cat > "$dest/VERSIONS" <<VERSIONS
htmx.org $HTMX (BSD-2-Clause; htmx.LICENSE)
cytoscape $CYTOSCAPE (MIT; cytoscape.LICENSE)
VERSIONS
( cd "$dest" && sha256sum htmx.min.js cytoscape.min.js > SHA256SUMS )
echo "vendored into $dest:"; cat "$dest/VERSIONS"
