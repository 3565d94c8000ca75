#!/usr/bin/env bash
# Makes sure the PDF edition's TeX tool chain is present; installs it when it can.
#
# The PDF is built by latexmk running XeLaTeX, with FreeSerif (Latin and Cyrillic) as the text
# face and xindy for the index. On Debian or Ubuntu these packages are enough (about 120 MB);
# --no-install-recommends keeps out several hundred MB of TeX that the book does not use.
set -euo pipefail

PACKAGES=(latexmk texlive-xetex texlive-fonts-recommended fonts-freefont-otf xindy)

missing() {
  for tool in latexmk xelatex xindy; do command -v "$tool" >/dev/null || return 0; done
  [ -n "$(fc-list FreeSerif family 2>/dev/null)" ] || return 0
  return 1
}

missing || exit 0

install_command="apt-get update && apt-get install -y --no-install-recommends ${PACKAGES[*]}"
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "install-tex: installing ${PACKAGES[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends "${PACKAGES[@]}"
else
  echo "install-tex: the PDF edition needs TeX, which is not installed. Run:" >&2
  echo "  sudo sh -c '$install_command'" >&2
  exit 1
fi
