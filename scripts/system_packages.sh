#!/usr/bin/env bash
# The Debian libraries WeasyPrint needs to draw PDFs (pango, harfbuzz's subsetter, fontconfig and
# one font). Installed only when one is missing, so a machine that has them is left alone.
set -euo pipefail
missing=()
have_lib() { ldconfig -p 2>/dev/null | grep -q "$1"; }
have_lib libpango-1.0.so.0 || missing+=(libpango-1.0-0)
have_lib libpangoft2-1.0.so.0 || missing+=(libpangoft2-1.0-0)
have_lib libharfbuzz-subset.so.0 || missing+=(libharfbuzz-subset0)
have_lib libfontconfig.so.1 || missing+=(fontconfig)
[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=(fonts-dejavu-core)
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "PDFs need these Debian packages: ${missing[*]} (install them as root: apt-get install -y ${missing[*]})" >&2
  exit 1
fi
echo "Installing the libraries PDFs are drawn with: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq "${missing[@]}" >/dev/null
