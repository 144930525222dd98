#!/usr/bin/env bash
# Make sure the Debian packages Gofto needs are present.
#   scripts/system-deps.sh run    what the Qt app needs to open a window
#   scripts/system-deps.sh test   that, plus Xvfb, ngircd, Node.js (interop tests), screenshot tools
# As root, missing packages are installed with apt-get; otherwise the exact command is printed.
set -euo pipefail

# fonts-noto-color-emoji: emoji in colour (messages, reactions, the picker), not empty boxes.
RUN_PKGS="libgl1 libegl1 libglib2.0-0 libxkbcommon0 libfontconfig1 libdbus-1-3 fonts-dejavu-core
fonts-noto-color-emoji
libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1
libxcb-render-util0 libxcb-shape0 libxcb-randr0 libxcb-xinerama0 libxcb-xkb1 libtk8.6"
# iproute2: `ip netns` for the tests that need several addresses or multicast (private namespaces).
TEST_PKGS="xvfb xauth ngircd xdotool x11-utils weechat-headless imagemagick curl iproute2"

case "${1:-run}" in
  run) wanted="$RUN_PKGS" ;;
  test | bench) wanted="$RUN_PKGS $TEST_PKGS" ;;
  *) echo "usage: $0 run|test|bench" >&2; exit 2 ;;
esac
# Node.js runs irc-framework in the chathistory interop test (tests/interop_js); a node that is
# already on PATH (nvm, NodeSource…) is used as it is.
if [ "${1:-run}" = test ] && ! command -v node >/dev/null 2>&1; then
  wanted="$wanted nodejs npm"
fi

command -v dpkg-query >/dev/null 2>&1 || exit 0   # not Debian: nothing we can check
missing=()
for pkg in $wanted; do
  status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
  [[ "$status" == *"ok installed"* ]] || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
  echo "Installing system packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  # ngircd starts a system-wide daemon on port 6667 when installed; the tests start their own.
  if [[ " ${missing[*]} " == *" ngircd "* ]] && command -v service >/dev/null 2>&1; then
    service ngircd stop >/dev/null 2>&1 || true
  fi
else
  echo "Gofto needs these Debian packages; install them with:" >&2
  echo "  sudo apt-get install ${missing[*]}" >&2
  [ "${1:-run}" = run ] || exit 1
fi
