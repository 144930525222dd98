#!/usr/bin/env bash
# Refresh Gofto's translations, the way persepolis does it with the Qt tools from the venv:
#   1. pyside6-lupdate collects every tr()/translate()/QT_TRANSLATE_NOOP string of app/qt,
#      app/tk (which reads the .ts itself, see app/i18n.py) and the client's sentence catalogue
#      (app/client/catalogue.py and the errors it includes from app/errors.py, context
#      "Catalogue", shared by Qt, Tk and the terminal; app/client/trust.py's trust sentences,
#      context "ConnectionDialog", shared by both dialogs) into
#      resources/translations/gofto_<lang>.ts (existing translations are kept);
#   2. a translator fills them in (pyside6-linguist, or any editor: it is XML);
#   3. pyside6-lrelease compiles each .ts into the .qm that app/qt/i18n.py loads.
# Usage: scripts/translations.sh [update|release|all]   (default: all)
set -euo pipefail
cd "$(dirname "$0")/.."

VENV_BIN="${VENV_BIN:-.venv/bin}"
LANGS="${GOFTO_LANGS:-fa}"
DIR="${GOFTO_TRANSLATIONS_DIR:-resources/translations}"
mkdir -p "$DIR"

update() {
  mapfile -t sources < <(find app/qt app/tk -name '*.py' | sort; printf '%s\n' app/client/catalogue.py app/client/trust.py app/errors.py)
  for lang in $LANGS; do
    "$VENV_BIN/pyside6-lupdate" -silent -no-obsolete -locations none \
      -target-language "$lang" "${sources[@]}" -ts "$DIR/gofto_$lang.ts"
  done
}

release() {
  for lang in $LANGS; do
    "$VENV_BIN/pyside6-lrelease" -silent "$DIR/gofto_$lang.ts" -qm "$DIR/gofto_$lang.qm"
  done
}

case "${1:-all}" in
  update) update ;;
  release) release ;;
  all) update; release ;;
  *) echo "usage: $0 [update|release|all]" >&2; exit 2 ;;
esac
