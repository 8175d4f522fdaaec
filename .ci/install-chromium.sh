#!/usr/bin/env bash
# Install Debian's headless-capable Chromium (and a font with Vietnamese glyphs) for
# the report's browser test.  Idempotent: does nothing when chromium already runs.
# Needs root (CI runs as root); otherwise uses sudo when it can.
set -euo pipefail

CHROMIUM=/usr/bin/chromium
PACKAGES=(chromium fonts-dejavu-core)

if [[ -x "$CHROMIUM" ]] && "$CHROMIUM" --version >/dev/null 2>&1; then
    echo "chromium already installed: $("$CHROMIUM" --version)"
    exit 0
fi

if [[ "$(id -u)" -eq 0 ]]; then
    SUDO=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO=(sudo -n)
else
    echo "install-chromium.sh: root (or password-less sudo) is needed to apt-get install ${PACKAGES[*]}" >&2
    exit 1
fi

export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update -q
"${SUDO[@]}" apt-get install -y -q --no-install-recommends "${PACKAGES[@]}"
"$CHROMIUM" --version
