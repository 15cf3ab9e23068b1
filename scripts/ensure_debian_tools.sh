#!/bin/bash
# The Debian tools the PDF and the tests need: Chromium, which prints the PDF and runs the
# browser tests (Playwright's own browser download is not used), and, with --pdftotext,
# poppler's pdftotext, with which the PDF tests read the printed contents. Install what is
# missing when we can (root with apt-get); otherwise stop with instructions. Never skip.
set -euo pipefail
chromium="${1:-/usr/bin/chromium}"
packages=()
[ -x "$chromium" ] || packages+=(chromium)
if [ "${2:-}" = "--pdftotext" ] && ! command -v pdftotext >/dev/null; then
  packages+=(poppler-utils)
fi
if [ ${#packages[@]} = 0 ]; then
  exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing Debian's ${packages[*]}..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${packages[@]}" >/dev/null
  exit 0
fi
echo "error: missing Debian packages: ${packages[*]} (Chromium is looked for at $chromium)." >&2
echo "Install them (sudo apt-get install ${packages[*]}), or, for another Chromium, run:" >&2
echo "  make test CHROMIUM=/path/to/chromium" >&2
exit 1
