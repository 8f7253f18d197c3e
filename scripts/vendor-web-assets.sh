#!/usr/bin/env bash
# Fetches the third-party web assets the dashboard serves locally (no CDN, works air-gapped):
#   Leaflet 1.9.4 (BSD-2-Clause)                       -> static/vendor/leaflet/
#   world-atlas 2 countries-110m.json (Natural Earth,  -> static/vendor/world-atlas/
#     public domain; packaging ISC, Mike Bostock)
# They come from the npm registry through `npm pack` and are never committed (the folder is
# git-ignored). Idempotent: does nothing when the files are already in place.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENDOR="$HERE/src/marsad/web/static/vendor"
LEAFLET_VERSION="1.9.4"
ATLAS_VERSION="2.0.2"

if [ -f "$VENDOR/leaflet/leaflet.js" ] && [ -f "$VENDOR/world-atlas/countries-110m.json" ] \
   && [ "${1:-}" != "--force" ]; then
    exit 0
fi
command -v npm >/dev/null 2>&1 || { echo "vendor-web-assets: npm is required" >&2; exit 1; }

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
npm pack --silent "leaflet@${LEAFLET_VERSION}" "world-atlas@${ATLAS_VERSION}" >/dev/null
mkdir leaflet atlas
tar -xzf "leaflet-${LEAFLET_VERSION}.tgz" -C leaflet
tar -xzf "world-atlas-${ATLAS_VERSION}.tgz" -C atlas

rm -rf "$VENDOR/leaflet" "$VENDOR/world-atlas"
mkdir -p "$VENDOR/leaflet/images" "$VENDOR/world-atlas"
cp leaflet/package/dist/leaflet.js leaflet/package/dist/leaflet.css "$VENDOR/leaflet/"
cp leaflet/package/dist/images/*.png "$VENDOR/leaflet/images/"
cp leaflet/package/LICENSE "$VENDOR/leaflet/LICENSE"
cp atlas/package/countries-110m.json "$VENDOR/world-atlas/"
cp atlas/package/LICENSE "$VENDOR/world-atlas/LICENSE"

cat > "$VENDOR/ATTRIBUTION.txt" <<NOTE
Third-party assets served by the Marsad dashboard (fetched by scripts/vendor-web-assets.sh,
not part of Marsad's source):

leaflet ${LEAFLET_VERSION}  https://leafletjs.com  BSD-2-Clause, (c) Volodymyr Agafonkin and
  CloudMade; see leaflet/LICENSE.
world-atlas ${ATLAS_VERSION} countries-110m.json  https://github.com/topojson/world-atlas
  Country shapes from Natural Earth (naturalearthdata.com), public domain; packaging ISC,
  (c) Michael Bostock; see world-atlas/LICENSE.
NOTE
echo "vendored web assets into $VENDOR"
