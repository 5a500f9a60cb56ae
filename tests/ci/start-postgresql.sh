#!/usr/bin/env bash
# Starts a throw-away PostgreSQL for the store tests and the benchmark: a fresh data directory
# each time, listening on 127.0.0.1 only, password (SCRAM) sign-in over TCP. Run as root on a
# throwaway machine (CI); it installs nothing itself (install-test-services.sh does the apt-get).
#
# Roles made in the database rfqsender_test:
#   rfqsender_owner   owns the database and its schemas: creates and migrates the store's tables
#   rfqsender_worker  only reads and writes rows (the least a sending worker needs)
# What the tests need is written to $RFQSENDER_POSTGRES_DIR/env (default /tmp/rfqsender-postgres).
set -euo pipefail

dir=${RFQSENDER_POSTGRES_DIR:-/tmp/rfqsender-postgres}
port=${RFQSENDER_POSTGRES_PORT:-55432}
owner_password=${RFQSENDER_PG_OWNER_PASSWORD:-rfq-Owner-Passw0rd!}
worker_password=${RFQSENDER_PG_WORKER_PASSWORD:-rfq-Worker-Passw0rd!}
log=/var/log/rfqsender-postgres.log

if [ "$(id -u)" != 0 ]; then
    echo "start-postgresql.sh must run as root" >&2
    exit 1
fi
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
    echo "start-postgresql.sh: PostgreSQL is not installed (run install-test-services.sh)" >&2
    exit 1
fi

# A fresh cluster each time: stop one left by an earlier run, then start from nothing.
if [ -f "$dir/data/postmaster.pid" ]; then
    runuser -u postgres -- "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
fi
rm -rf "$dir"
mkdir -p "$dir/data" "$dir/socket"
chown -R postgres:postgres "$dir"
chmod 755 "$dir"
touch "$log" && chown postgres:postgres "$log"

runuser -u postgres -- "$bin/initdb" -D "$dir/data" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
    --encoding=UTF8 --locale=C.UTF-8 >/dev/null
cat >> "$dir/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir/socket'
max_connections = 200
fsync = off
synchronous_commit = off
full_page_writes = off
CONF
runuser -u postgres -- "$bin/pg_ctl" -D "$dir/data" -l "$log" -w -t 60 start >/dev/null

psql=(runuser -u postgres -- psql -q -v ON_ERROR_STOP=1 -h "$dir/socket" -p "$port" -U postgres)
"${psql[@]}" -d postgres <<SQL
CREATE ROLE rfqsender_owner LOGIN PASSWORD '$owner_password' CREATEDB;
CREATE ROLE rfqsender_worker LOGIN PASSWORD '$worker_password';
CREATE DATABASE rfqsender_test OWNER rfqsender_owner;
SQL
"${psql[@]}" -d rfqsender_test <<SQL
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
ALTER SCHEMA public OWNER TO rfqsender_owner;
GRANT USAGE ON SCHEMA public TO rfqsender_worker;
-- Tables and sequences the owner creates (in any schema: the tests use one schema each) are
-- readable and writable by the worker; schemas other than public are granted USAGE when made.
ALTER DEFAULT PRIVILEGES FOR ROLE rfqsender_owner GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO rfqsender_worker;
ALTER DEFAULT PRIVILEGES FOR ROLE rfqsender_owner GRANT USAGE, SELECT ON SEQUENCES TO rfqsender_worker;
SQL

cat > "$dir/env" <<ENV
host=127.0.0.1
port=$port
database=rfqsender_test
owner=rfqsender_owner
owner_password=$owner_password
worker=rfqsender_worker
worker_password=$worker_password
socket=$dir/socket
bin=$bin
log=$log
ENV
chmod 644 "$dir/env"
echo "PostgreSQL for RfqSender tests listens on 127.0.0.1:$port (database rfqsender_test); see $dir/env"
