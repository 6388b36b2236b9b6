#!/usr/bin/env bash
# Installs the Debian packages Kolektor needs, when they are missing.
#   scripts/system-deps.sh demo   — ODBC manager, the SQLite ODBC driver and DejaVu fonts (label previews)
#   scripts/system-deps.sh test   — the above plus PostgreSQL (store tests), Chromium (browser tests), sqlite3 (backup test) and CUPS (printing tests: cupsd, lp, the socket backend)
# As root it runs apt-get; otherwise it names the packages to install and fails.
set -euo pipefail

profile=${1:-demo}
packages=(unixodbc libsqliteodbc fonts-dejavu-core)
if [[ $profile == test ]]; then
    packages+=(postgresql chromium sqlite3 cups cups-client)
fi

missing=()
for package in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$package")
    fi
done
if ((${#missing[@]} == 0)); then
    exit 0
fi

if ! command -v apt-get >/dev/null; then
    echo "Brak pakietów / missing packages: ${missing[*]} (no apt-get here: install them with your package manager)" >&2
    exit 1
fi
if [[ $(id -u) -ne 0 ]]; then
    echo "Brak pakietów / missing packages: ${missing[*]}" >&2
    echo "Uruchom / run: sudo apt-get install -y ${missing[*]}" >&2
    exit 1
fi
echo "Instaluję / installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
