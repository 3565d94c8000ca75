#!/usr/bin/env bash
# Makes sure the Debian packages a target needs are present; installs them when it can.
#
#   scripts/install-packages.sh tex        the PDF edition: latexmk, XeLaTeX, FreeSerif, xindy
#   scripts/install-packages.sh tex test   and what the tests use: epubcheck, jing, Chromium, poppler, nginx,
#                                          a Russian locale (the book must not speak the editor's),
#                                          calibre (an e-book library, reading the EPUB),
#                                          and npm (for DAISY Ace), unless Node.js is there already
#
# FreeSerif covers Latin and Cyrillic; --no-install-recommends keeps out several hundred MB of
# TeX the book does not use (TeX alone is about 120 MB). As root with apt-get the packages are
# installed; otherwise the script stops and prints the one command to run.
set -euo pipefail

declare -A PACKAGES=(
  [tex]="latexmk texlive-xetex texlive-fonts-recommended fonts-freefont-otf xindy"
  [test]="epubcheck jing chromium poppler-utils nginx locales calibre"
)

has_tex() {
  for tool in latexmk xelatex xindy; do command -v "$tool" >/dev/null || return 1; done
  [ -n "$(fc-list FreeSerif family 2>/dev/null)" ]
}
has_test() {
  [ -f /usr/share/java/epubcheck.jar ] && command -v jing >/dev/null && command -v chromium >/dev/null &&
    command -v pdftoppm >/dev/null &&
    [ -x /usr/sbin/nginx ] && command -v ebook-meta >/dev/null && has_russian
}
has_russian() { locale -a 2>/dev/null | grep -qi '^ru_RU\.utf-\?8$'; }
# The locale itself is compiled from Debian's definitions (locales), not downloaded.
add_russian() {
  has_russian || localedef -i ru_RU -f UTF-8 ru_RU.UTF-8
}

wanted=()
for group in "$@"; do
  [ -n "${PACKAGES[$group]:-}" ] || { echo "install-packages: unknown group '$group'" >&2; exit 2; }
  "has_$group" || wanted+=(${PACKAGES[$group]})
done
# npm: Debian's, only where no Node.js is installed (another one would conflict with it).
if [[ " $* " == *" test "* ]] && ! command -v npm >/dev/null; then wanted+=(npm); fi
if [ ${#wanted[@]} -eq 0 ]; then exit 0; fi

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "install-packages: installing ${wanted[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends "${wanted[@]}"
  if [[ " $* " == *" test "* ]]; then add_russian; fi
else
  echo "install-packages: the book needs Debian packages that are not installed. Run:" >&2
  russian=""
  if [[ " $* " == *" test "* ]]; then russian=" && localedef -i ru_RU -f UTF-8 ru_RU.UTF-8"; fi
  echo "  sudo sh -c 'apt-get update && apt-get install -y --no-install-recommends ${wanted[*]}$russian'" >&2
  exit 1
fi
