#!/usr/bin/env bash
# Configures and starts a local Postfix for the SMTP integration tests and the benchmark.
# Run as root on a throwaway machine (CI): it owns /etc/postfix. Installs nothing itself
# (install-test-services.sh does the apt-get). Idempotent: running it again rewrites the
# configuration and reloads or restarts Postfix.
#
# Listens on 127.0.0.1 only:
#   2525  submission: STARTTLS required, SASL AUTH (PLAIN, LOGIN) required
#   4650  submissions: implicit TLS, SASL AUTH required
#   2526  plain sink for the benchmark: no TLS, no AUTH from 127.0.0.1, mail discarded;
#         refuses refused@refused.example (550) and later@deferred.example (452)
# Every accepted recipient on 2525/4650 is delivered to the Maildir of one local user.
# What the tests need is written to $RFQSENDER_POSTFIX_DIR/env (default /tmp/rfqsender-postfix).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)

dir=${RFQSENDER_POSTFIX_DIR:-/tmp/rfqsender-postfix}
user=rfqtest
password=${RFQSENDER_SMTP_TEST_PASSWORD:-rfq-Test-Passw0rd!}
host=localhost
log=/var/log/rfqsender-postfix.log

if [ "$(id -u)" != 0 ]; then
    echo "start-postfix.sh must run as root" >&2
    exit 1
fi
for tool in postfix postconf saslpasswd2 openssl; do
    command -v "$tool" >/dev/null || { echo "start-postfix.sh: $tool is not installed (run install-test-services.sh)" >&2; exit 1; }
done

mkdir -p "$dir"
chmod 755 "$dir"

# A test CA and a server certificate for localhost / 127.0.0.1 signed by it, made once.
bash "$here/make-test-certificate.sh" "$dir"

# The mailbox owner.
id "$user" >/dev/null 2>&1 || useradd --create-home --shell /usr/sbin/nologin "$user"
home=$(getent passwd "$user" | cut -d: -f6)
mkdir -p "$home/Maildir/new" "$home/Maildir/cur" "$home/Maildir/tmp"
chown -R "$user:" "$home/Maildir"
chmod 755 "$home" "$home/Maildir" "$home/Maildir/new"

echo "$host" > /etc/mailname
[ -f /etc/aliases ] || echo "postmaster: root" > /etc/aliases

# Every recipient, whatever its domain, ends in the test user's Maildir.
cat > /etc/postfix/rfqsender_virtual <<VIRTUAL
/^$user@$host\$/ $user@$host
/./ $user@$host
VIRTUAL

# Recipients the plain sink refuses, so tests can see a message taken for some recipients and not
# others: one for good (550), one for now (452).
cat > /etc/postfix/rfqsender_recipient_access <<'ACCESS'
/^refused@refused\.example$/ 550 5.1.1 No such user here (RfqSender test)
/^later@deferred\.example$/ 452 4.2.2 Mailbox full, try again later (RfqSender test)
ACCESS

queue=/dev/shm/rfqsender-postfix-queue
mkdir -p "$queue"
if postfix status >/dev/null 2>&1 && [ "$(postconf -h queue_directory)" != "$queue" ]; then
    postfix stop >/dev/null 2>&1 || true
fi

cat > /etc/postfix/main.cf <<MAIN
# Written by tests/ci/start-postfix.sh for RfqSender's SMTP tests.
compatibility_level = 3.6
myhostname = $host
mydomain = $host
myorigin = \$myhostname
mydestination = \$myhostname, localhost.localdomain
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
relayhost =
alias_maps = hash:/etc/aliases
alias_database = hash:/etc/aliases
virtual_alias_maps = regexp:/etc/postfix/rfqsender_virtual
home_mailbox = Maildir/
mailbox_size_limit = 0
message_size_limit = 52428800
smtputf8_enable = yes
biff = no
maillog_file = $log
# The queue lives in memory: this is a throw-away test and benchmark server, and a queue file
# synced to disk per message would make the server, not the clients, what the benchmark measures.
queue_directory = $queue
# Headers arrive as the client wrote them: no address rewriting, no MIME conversion.
local_header_rewrite_clients =
disable_mime_output_conversion = yes
# No throttling: the tests send 1,000 messages in a burst.
smtpd_client_connection_rate_limit = 0
smtpd_client_message_rate_limit = 0
smtpd_client_recipient_rate_limit = 0
smtpd_client_connection_count_limit = 0
smtpd_soft_error_limit = 1000
smtpd_hard_error_limit = 1000
smtpd_error_sleep_time = 0
smtpd_recipient_limit = 1000
default_process_limit = 100
local_destination_concurrency_limit = 20
local_destination_recipient_limit = 1
in_flow_delay = 0
smtpd_relay_restrictions = permit_mynetworks, permit_sasl_authenticated, reject_unauth_destination
smtpd_tls_cert_file = $dir/server.pem
smtpd_tls_key_file = $dir/server.key
smtpd_tls_security_level = may
smtpd_sasl_type = cyrus
smtpd_sasl_path = smtpd
smtpd_sasl_local_domain = $host
smtpd_sasl_auth_enable = no
cyrus_sasl_config_path = /etc/postfix/sasl
MAIN

# chroot off everywhere: sasldb and the certificates live outside any chroot.
cat > /etc/postfix/master.cf <<'MASTER'
# Written by tests/ci/start-postfix.sh for RfqSender's SMTP tests.
2525      inet  n       -       n       -       -       smtpd
  -o syslog_name=postfix/submission
  -o smtpd_tls_security_level=encrypt
  -o smtpd_tls_auth_only=yes
  -o smtpd_sasl_auth_enable=yes
  -o smtpd_client_restrictions=permit_sasl_authenticated,reject
  -o smtpd_relay_restrictions=permit_sasl_authenticated,reject
  -o smtpd_recipient_restrictions=permit_sasl_authenticated,reject
4650      inet  n       -       n       -       -       smtpd
  -o syslog_name=postfix/smtps
  -o smtpd_tls_wrappermode=yes
  -o smtpd_sasl_auth_enable=yes
  -o smtpd_client_restrictions=permit_sasl_authenticated,reject
  -o smtpd_relay_restrictions=permit_sasl_authenticated,reject
  -o smtpd_recipient_restrictions=permit_sasl_authenticated,reject
2526      inet  n       -       n       -       -       smtpd
  -o syslog_name=postfix/sink
  -o smtpd_tls_security_level=none
  -o smtpd_relay_restrictions=permit_mynetworks,reject
  -o smtpd_recipient_restrictions=check_recipient_access,regexp:/etc/postfix/rfqsender_recipient_access,permit_mynetworks,reject
  -o content_filter=discard:
  -o receive_override_options=no_address_mappings
pickup    unix  n       -       n       60      1       pickup
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
tlsmgr    unix  -       -       n       1000?   1       tlsmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
verify    unix  -       -       n       -       1       verify
flush     unix  n       -       n       1000?   0       flush
proxymap  unix  -       -       n       -       -       proxymap
proxywrite unix -       -       n       -       1       proxymap
smtp      unix  -       -       n       -       -       smtp
relay     unix  -       -       n       -       -       smtp
showq     unix  n       -       n       -       -       showq
error     unix  -       -       n       -       -       error
retry     unix  -       -       n       -       -       error
discard   unix  -       -       n       -       -       discard
local     unix  -       n       n       -       -       local
virtual   unix  -       n       n       -       -       virtual
lmtp      unix  -       -       n       -       -       lmtp
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
MASTER

postalias /etc/aliases

# Cyrus SASL against sasldb, with one test user.
mkdir -p /etc/postfix/sasl
cat > /etc/postfix/sasl/smtpd.conf <<'SASL'
pwcheck_method: auxprop
auxprop_plugin: sasldb
mech_list: PLAIN LOGIN
sasldb_path: /etc/sasldb2
SASL
echo "$password" | saslpasswd2 -p -c -u "$host" -f /etc/sasldb2 "$user"
chown root:postfix /etc/sasldb2
chmod 640 /etc/sasldb2

touch "$log"
chmod 644 "$log"

if postfix status >/dev/null 2>&1; then
    postfix reload >/dev/null 2>&1
else
    postfix check >/dev/null 2>&1 || true
    postfix start >/dev/null 2>&1 || { postfix check; exit 1; }
fi

# Wait until every port answers.
for port in 2525 4650 2526; do
    for _ in $(seq 1 50); do
        if (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null; then continue 2; fi
        sleep 0.2
    done
    echo "start-postfix.sh: Postfix does not listen on 127.0.0.1:$port; see $log" >&2
    exit 1
done

cat > "$dir/env" <<ENV
host=127.0.0.1
submission_port=2525
smtps_port=4650
sink_port=2526
user=$user
password=$password
ca=$dir/ca.pem
maildir=$home/Maildir
log=$log
ENV
chmod 644 "$dir/env"
echo "Postfix for RfqSender tests listens on 127.0.0.1:2525 (STARTTLS+AUTH), 4650 (TLS+AUTH), 2526 (plain sink); see $dir/env"
