#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests, from Debian's server binaries.
#
#   scripts/pg-test-cluster.sh run COMMAND [ARGS...]
#       initdb in a temporary folder, start the server on a free loopback port, export
#       TEST_DATABASE_URL (a superuser URL for the maintenance database "postgres"), run
#       COMMAND, then stop the server and delete the folder, also when COMMAND fails.
#       Exits with COMMAND's status.
#
# The server listens on 127.0.0.1 only, trusts local connections (it holds nothing but test
# data and lives for one command), and trades durability for speed (fsync off). PostgreSQL
# refuses to run as root: under root the server runs as the "postgres" user when it exists,
# otherwise as "nobody".
set -euo pipefail

if [ "${1:-}" != "run" ] || [ $# -lt 2 ]; then
  echo "usage: $0 run COMMAND [ARGS...]" >&2
  exit 2
fi
shift

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$bindir" ] || [ ! -x "$bindir/pg_ctl" ]; then
  echo "PostgreSQL server binaries not found under /usr/lib/postgresql; run scripts/system-deps.sh" >&2
  exit 1
fi

folder=$(mktemp -d "${TMPDIR:-/tmp}/glossary-pg.XXXXXX")
as_owner=()
if [ "$(id -u)" -eq 0 ]; then
  owner=postgres
  id -u "$owner" >/dev/null 2>&1 || owner=nobody
  chown "$owner" "$folder"
  as_owner=(runuser -u "$owner" --)
fi

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
data="$folder/data"

stop() {
  "${as_owner[@]}" "$bindir/pg_ctl" -D "$data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$folder"
}
trap stop EXIT
trap "exit 130" INT TERM

"${as_owner[@]}" "$bindir/initdb" -D "$data" -U glossary --auth=trust -E UTF8 \
  --locale=C.UTF-8 >"$folder/initdb.log" 2>&1 || { cat "$folder/initdb.log" >&2; exit 1; }
"${as_owner[@]}" "$bindir/pg_ctl" -D "$data" -l "$folder/server.log" -w -t 60 start -o \
  "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$folder \
   -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
  >/dev/null || { cat "$folder/server.log" >&2; exit 1; }

export TEST_DATABASE_URL="postgresql://glossary@127.0.0.1:$port/postgres"
echo "PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') test cluster on 127.0.0.1:$port" >&2
status=0
"$@" || status=$?
exit "$status"
