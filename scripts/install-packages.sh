#!/usr/bin/env bash
# Makes sure the Debian packages a target needs are present; installs them when it can.
#
#   scripts/install-packages.sh tex        the PDF edition: latexmk, XeLaTeX, FreeSerif, xindy
#   scripts/install-packages.sh tex test   and what the tests use: epubcheck, Chromium, poppler, nginx,
#                                          and npm (for DAISY Ace), unless Node.js is there already
#
# FreeSerif covers Latin and Cyrillic; --no-install-recommends keeps out several hundred MB of
# TeX the book does not use (TeX alone is about 120 MB). As root with apt-get the packages are
# installed; otherwise the script stops and prints the one command to run.
set -euo pipefail

declare -A PACKAGES=(
  [tex]="latexmk texlive-xetex texlive-fonts-recommended fonts-freefont-otf xindy"
  [test]="epubcheck chromium poppler-utils nginx"
)

has_tex() {
  for tool in latexmk xelatex xindy; do command -v "$tool" >/dev/null || return 1; done
  [ -n "$(fc-list FreeSerif family 2>/dev/null)" ]
}
has_test() {
  [ -f /usr/share/java/epubcheck.jar ] && command -v chromium >/dev/null && command -v pdftoppm >/dev/null &&
    [ -x /usr/sbin/nginx ]
}

wanted=()
for group in "$@"; do
  [ -n "${PACKAGES[$group]:-}" ] || { echo "install-packages: unknown group '$group'" >&2; exit 2; }
  "has_$group" || wanted+=(${PACKAGES[$group]})
done
# npm: Debian's, only where no Node.js is installed (another one would conflict with it).
if [[ " $* " == *" test "* ]] && ! command -v npm >/dev/null; then wanted+=(npm); fi
[ ${#wanted[@]} -eq 0 ] && exit 0

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "install-packages: installing ${wanted[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends "${wanted[@]}"
else
  echo "install-packages: the book needs Debian packages that are not installed. Run:" >&2
  echo "  sudo sh -c 'apt-get update && apt-get install -y --no-install-recommends ${wanted[*]}'" >&2
  exit 1
fi
