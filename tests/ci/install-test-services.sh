#!/usr/bin/env bash
# Installs the local servers the integration tests and the benchmark run against (Debian
# packages: Postfix, PostgreSQL, Dovecot), then configures and starts them. Run as root; CI calls it from .ci/run.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
export DEBIAN_FRONTEND=noninteractive

need=()
for pair in postfix:/usr/sbin/postfix saslpasswd2:/usr/sbin/saslpasswd2 openssl:/usr/bin/openssl; do
    [ -x "${pair#*:}" ] || need+=("${pair%%:*}")
done
[ -e /usr/lib/x86_64-linux-gnu/sasl2/libplain.so ] || [ -n "$(ls /usr/lib/*/sasl2/libplain.so* 2>/dev/null)" ] || need+=(libsasl2-modules)
if [ ${#need[@]} -gt 0 ]; then
    echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
    echo "postfix postfix/mailname string localhost" | debconf-set-selections
    pkgs=()
    for p in "${need[@]}"; do
        case $p in
            saslpasswd2) pkgs+=(sasl2-bin) ;;
            *) pkgs+=("$p") ;;
        esac
    done
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${pkgs[@]}" sasl2-bin libsasl2-modules >/dev/null
fi

# PostgreSQL for the shared-store tests (a throw-away cluster on 127.0.0.1:55432).
if [ -z "$(ls /usr/lib/postgresql/*/bin/initdb 2>/dev/null)" ]; then
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends postgresql >/dev/null
fi

# Dovecot for the IMAP reply-source tests (its own instance on 127.0.0.1:10993 and 10143).
if [ ! -x /usr/sbin/dovecot ] || [ ! -e /usr/lib/dovecot/imap ]; then
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends dovecot-imapd >/dev/null
fi

bash "$here/start-postfix.sh"
bash "$here/start-postgresql.sh"
bash "$here/start-dovecot.sh"
