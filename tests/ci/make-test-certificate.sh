#!/usr/bin/env bash
# Makes, once, a test CA and a server certificate for localhost / 127.0.0.1 signed by it, in the
# folder given: ca.pem (to trust), server.pem and server.key (for the server). Used by the start
# scripts of the local test servers; a folder that has both files already is left alone.
set -euo pipefail
dir=${1:?usage: make-test-certificate.sh <folder> [<CA name>]}
name=${2:-RfqSender Test CA}
if [ ! -s "$dir/server.pem" ] || [ ! -s "$dir/ca.pem" ]; then
    openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=$name" \
        -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
        -keyout "$dir/ca.key" -out "$dir/ca.pem" 2>/dev/null
    openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" \
        -keyout "$dir/server.key" -out "$dir/server.csr" 2>/dev/null
    printf 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\nsubjectAltName=DNS:localhost,IP:127.0.0.1\n' > "$dir/server.ext"
    openssl x509 -req -in "$dir/server.csr" -CA "$dir/ca.pem" -CAkey "$dir/ca.key" -CAcreateserial \
        -days 3650 -extfile "$dir/server.ext" -out "$dir/server.pem" 2>/dev/null
    chmod 644 "$dir/ca.pem" "$dir/server.pem"
    chmod 600 "$dir/ca.key" "$dir/server.key"
fi
