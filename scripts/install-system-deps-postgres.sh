#!/usr/bin/env bash
# Installs the PostgreSQL server binaries the PostgreSQL store tests run against: Debian's
# `postgresql` package (initdb and pg_ctl land in /usr/lib/postgresql/<version>/bin).
# Idempotent: does nothing when initdb and pg_ctl are already there. The tests start their own
# throwaway cluster in a temporary folder; the cluster this package may create is not used.
set -euo pipefail

have_server() {
    if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
        return 0
    fi
    for bin in /usr/lib/postgresql/*/bin; do
        if [ -x "$bin/initdb" ] && [ -x "$bin/pg_ctl" ]; then
            return 0
        fi
    done
    return 1
}

if have_server; then
    exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
        SUDO="sudo"
    else
        echo "install-system-deps-postgres: need root (or sudo) to install postgresql" >&2
        exit 1
    fi
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq postgresql >/dev/null
have_server || { echo "install-system-deps-postgres: initdb/pg_ctl still missing after install" >&2; exit 1; }
ls -d /usr/lib/postgresql/*/bin
