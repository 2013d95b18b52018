#!/usr/bin/env bash
# Install the Debian/Ubuntu packages the build and tests need, only when something is missing.
# xelatex and friends for the PDF, poppler for reading it back, Chromium for browser tests.
set -euo pipefail

PACKAGES=(
  texlive-xetex texlive-latex-extra texlive-lang-european texlive-fonts-recommended
  latexmk xindy fonts-freefont-otf poppler-utils chromium python3-venv
)

missing=()
for cmd in xelatex latexmk xindy pdftotext pdftoppm chromium; do
  command -v "$cmd" >/dev/null 2>&1 || missing+=("$cmd")
done
# Norwegian hyphenation and the fonts the PDF names.
command -v kpsewhich >/dev/null 2>&1 && ! kpsewhich hyph-nb.tex >/dev/null 2>&1 && missing+=("hyph-nb")
command -v fc-list >/dev/null 2>&1 && [ -z "$(fc-list FreeSerif 2>/dev/null)" ] && missing+=("FreeSerif")
python3 -c "import ensurepip" >/dev/null 2>&1 || missing+=("python3-venv")

if ((${#missing[@]} == 0)); then
  exit 0
fi

echo "system-deps: missing ${missing[*]}; installing Debian packages (about 2-3 minutes, 450 MB)" >&2
SUDO=""
if [ "$(id -u)" != 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "system-deps: run as root or install sudo: ${PACKAGES[*]}" >&2; exit 1; }
  SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${PACKAGES[@]}" >/dev/null
