#!/usr/bin/env bash
# Makes the committed format samples that the tests cannot make themselves (Magick.NET reads HEIC but does not
# write it): a drawing of "4 7" as HEIC, by Debian's libheif-examples (heif-enc) and ImageMagick (convert).
set -euo pipefail
cd "$(dirname "$0")"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
convert -size 300x200 xc:white -font DejaVu-Sans -pointsize 80 -draw "text 20,140 '4 7'" "$work/47.png"
heif-enc -q 80 "$work/47.png" -o 47.heic
echo "made: $(ls -l 47.heic | awk '{print $5}') bytes"
