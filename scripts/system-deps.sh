#!/usr/bin/env bash
# Install the Debian/Ubuntu packages the build and tests need, only when something is missing.
# Pango and the FreeFont fonts for the PDF (WeasyPrint), poppler for reading it back, Chromium for
# the browser tests, Node.js and npm for their pinned axe-core (tests/book/axe). No TeX: the PDFs
# are set from the website's HTML (fastlege_book/pdf).
set -euo pipefail

# What each check needs, as a Debian package. Only the packages for what is missing are installed:
# a machine whose Node.js comes from elsewhere (NodeSource's nodejs bundles npm) cannot also take
# Debian's npm, and apt then refuses the whole list.
declare -A PACKAGE_FOR=(
  [pdftotext]=poppler-utils [pdftoppm]=poppler-utils [pdffonts]=poppler-utils
  [chromium]=chromium [fc-list]=fontconfig [node]=nodejs [npm]=npm
  [libpango-1.0.so.0]=libpango-1.0-0 [libpangoft2-1.0.so.0]=libpangoft2-1.0-0
  [FreeSerif]=fonts-freefont-otf [python3-venv]=python3-venv
)

missing=()
for cmd in pdftotext pdftoppm pdffonts chromium fc-list node npm; do
  command -v "$cmd" >/dev/null 2>&1 || missing+=("$cmd")
done
# WeasyPrint loads Pango with its FreeType backend at run time.
for lib in libpango-1.0.so.0 libpangoft2-1.0.so.0; do
  # grep reads all of ldconfig's output: `grep -q` would stop at the first match, ldconfig would die of
  # SIGPIPE, and with pipefail a library that is there would count as missing now and then.
  ldconfig -p 2>/dev/null | grep "$lib" >/dev/null || missing+=("$lib")
done
# The fonts the PDF names (body, headings, code).
if ! command -v fc-list >/dev/null 2>&1 || [ -z "$(fc-list FreeSerif 2>/dev/null)" ]; then
  missing+=("FreeSerif")
fi
python3 -c "import ensurepip" >/dev/null 2>&1 || missing+=("python3-venv")

if ((${#missing[@]} == 0)); then
  exit 0
fi

PACKAGES=()
for item in "${missing[@]}"; do
  package="${PACKAGE_FOR[$item]}"
  [[ " ${PACKAGES[*]} " == *" $package "* ]] || PACKAGES+=("$package")
done
echo "system-deps: missing ${missing[*]}; installing Debian packages ${PACKAGES[*]}" >&2
SUDO=""
if [ "$(id -u)" != 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "system-deps: run as root or install sudo: ${PACKAGES[*]}" >&2; exit 1; }
  SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${PACKAGES[@]}" >/dev/null
