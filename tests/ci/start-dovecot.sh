#!/usr/bin/env bash
# Configures and starts a local Dovecot for the IMAP reply-source tests. Run as root on a throwaway
# machine (CI). Installs nothing itself (install-test-services.sh does the apt-get). Leaves the
# system's /etc/dovecot alone: the instance has its own configuration, run and mail folders under
# $RFQSENDER_DOVECOT_DIR (default /tmp/rfqsender-dovecot). Idempotent: running it again rewrites
# the configuration, restarts the instance and seeds the INBOX again.
#
# Listens on 127.0.0.1 only:
#   10993  imaps: implicit TLS
#   10143  imap: STARTTLS required before signing in
# Sign-in: PLAIN and LOGIN, one test user (a passwd-file), its mail in Maildir under $dir/mail; and
# XOAUTH2 / OAUTHBEARER (a second passdb, driver oauth2), whose tokens Dovecot checks by POSTing
# token=<token> to http://127.0.0.1:10980/introspect: the test that signs in with a token serves that
# endpoint itself while it runs (an answer {"active":true,"username":"rfqimap"} lets the token in).
# The INBOX is seeded with the reply corpus (tests/RfqSender.Engine.Tests/Responses/Corpus/*.eml),
# each message once; the tests make their own folders for everything else.
# What the tests need is written to $dir/env.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
corpus=$(cd "$here/../RfqSender.Engine.Tests/Responses/Corpus" && pwd)
dir=${RFQSENDER_DOVECOT_DIR:-/tmp/rfqsender-dovecot}
user=rfqimap
password=${RFQSENDER_IMAP_TEST_PASSWORD:-rfq-Imap-Passw0rd!}
host=127.0.0.1
imaps_port=10993
imap_port=10143
introspection_port=10980
log=/var/log/rfqsender-dovecot.log

if [ "$(id -u)" != 0 ]; then
    echo "start-dovecot.sh must run as root" >&2
    exit 1
fi
for tool in dovecot doveadm openssl; do
    command -v "$tool" >/dev/null || { echo "start-dovecot.sh: $tool is not installed (run install-test-services.sh)" >&2; exit 1; }
done

mkdir -p "$dir" "$dir/run"
chmod 755 "$dir"

# A test CA and a server certificate for localhost / 127.0.0.1 signed by it, made once.
bash "$here/make-test-certificate.sh" "$dir" "RfqSender IMAP Test CA"

# The mailbox owner: a system account the mail files belong to.
id "$user" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$user"
uid=$(id -u "$user")
gid=$(id -g "$user")
mkdir -p "$dir/mail"
chown "$user:" "$dir/mail"

# The password as a salted hash (never the clear text in the configuration).
hash=$(doveadm pw -s SHA512-CRYPT -p "$password")
printf '%s:%s:%s:%s::%s\n' "$user" "$hash" "$uid" "$gid" "$dir/mail/$user" > "$dir/users"
chown root:dovecot "$dir/users"
chmod 640 "$dir/users"

cat > "$dir/dovecot.conf" <<CONF
# Written by tests/ci/start-dovecot.sh for RfqSender's IMAP tests.
protocols = imap
listen = $host
base_dir = $dir/run
instance_name = rfqsender-dovecot
log_path = $log
ssl = required
ssl_cert = <$dir/server.pem
ssl_key = <$dir/server.key
ssl_min_protocol = TLSv1.2
disable_plaintext_auth = yes
auth_mechanisms = plain login xoauth2 oauthbearer
first_valid_uid = $uid
last_valid_uid = $uid
mail_location = maildir:~/Maildir
mail_privileged_group =
passdb {
  driver = passwd-file
  mechanisms = plain login
  args = scheme=SHA512-CRYPT $dir/users
}
passdb {
  driver = oauth2
  mechanisms = xoauth2 oauthbearer
  args = $dir/oauth2.conf.ext
}
userdb {
  driver = passwd-file
  args = $dir/users
}
service imap-login {
  inet_listener imap {
    address = $host
    port = $imap_port
  }
  inet_listener imaps {
    address = $host
    port = $imaps_port
    ssl = yes
  }
  chroot =
}
service anvil {
  chroot =
}
namespace inbox {
  inbox = yes
  separator = /
  mailbox Processed {
    auto = create
  }
}
protocol imap {
  mail_max_userip_connections = 100
}
CONF

# The token check: every token is introspected (no local validation, no cache), by POST.
cat > "$dir/oauth2.conf.ext" <<CONF
introspection_mode = post
introspection_url = http://$host:$introspection_port/introspect
force_introspection = yes
username_attribute = username
active_attribute = active
active_value = true
timeout_msecs = 5000
CONF
chmod 644 "$dir/oauth2.conf.ext"

touch "$log"
chmod 644 "$log"
if [ -s "$dir/run/master.pid" ] && kill -0 "$(cat "$dir/run/master.pid")" 2>/dev/null; then
    doveadm -c "$dir/dovecot.conf" stop >/dev/null 2>&1 || kill "$(cat "$dir/run/master.pid")" || true
    for _ in $(seq 1 50); do
        [ -s "$dir/run/master.pid" ] && kill -0 "$(cat "$dir/run/master.pid")" 2>/dev/null || break
        sleep 0.1
    done
fi

# The INBOX: the corpus, each message once, and nothing else (folders the tests made are dropped).
rm -rf "$dir/mail/$user"
maildir="$dir/mail/$user/Maildir"
mkdir -p "$maildir/cur" "$maildir/new" "$maildir/tmp"
n=0
for file in "$corpus"/*.eml; do
    n=$((n + 1))
    # Dovecot keeps messages with LF line ends in Maildir; IMAP hands them out with CRLF.
    tr -d '\r' < "$file" > "$maildir/new/$(printf '%010d' "$n").rfqsender.$(basename "$file" .eml)"
done
chown -R "$user:" "$dir/mail/$user"

dovecot -c "$dir/dovecot.conf"
for _ in $(seq 1 50); do
    if (exec 3<>"/dev/tcp/$host/$imaps_port") 2>/dev/null; then
        break
    fi
    sleep 0.1
done
(exec 3<>"/dev/tcp/$host/$imaps_port") 2>/dev/null || { echo "start-dovecot.sh: Dovecot does not listen on $host:$imaps_port (see $log)" >&2; exit 1; }

cat > "$dir/env" <<ENV
host=$host
imaps_port=$imaps_port
imap_port=$imap_port
introspection_url=http://$host:$introspection_port/introspect
user=$user
password=$password
ca=$dir/ca.pem
inbox_count=$n
log=$log
ENV
chmod 644 "$dir/env"
echo "Dovecot listens on $host:$imaps_port (TLS) and $host:$imap_port (STARTTLS); user $user (password, or XOAUTH2 checked at http://$host:$introspection_port/introspect); $n messages in the INBOX; $dir/env"
