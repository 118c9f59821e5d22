#!/usr/bin/env bash
# Makes a project-local certificate authority and a server certificate signed by it, for
# the broker's TLS listener (and, if wanted, InfluxDB's https): scripts/tls-setup.sh DIR
#
#   DIR/ca.crt       the CA certificate: give it to devices, the gateway (mqtt.caFile) and tools
#   DIR/ca.key       the CA's private key: keep it offline in production; it signs server certs
#   DIR/server.crt   the server certificate (CN and SAN: localhost, 127.0.0.1, this host's name,
#                    plus any names in TELEMED_TLS_SERVER_NAMES, space separated)
#   DIR/server.key   its private key, readable by its owner only
#
# Existing files are kept (re-running is harmless); delete DIR's server.* to renew the
# server certificate, or the whole DIR to replace the CA (every client then needs the new
# ca.crt). Private keys never belong in git: .telemed/ is ignored, keep DIR under it or
# outside the repository.
set -euo pipefail

dir="${1:?usage: scripts/tls-setup.sh DIR}"
days_ca="${TELEMED_TLS_CA_DAYS:-3650}"
days_server="${TELEMED_TLS_SERVER_DAYS:-825}"
umask 077
mkdir -p -- "$dir"

if [[ ! -s "$dir/ca.key" || ! -s "$dir/ca.crt" ]]; then
  openssl req -x509 -newkey rsa:3072 -sha256 -nodes -days "$days_ca" \
    -keyout "$dir/ca.key" -out "$dir/ca.crt" \
    -subj "/O=Telemed gateway/CN=Telemed project CA $(date -u +%Y%m%d%H%M%S)" \
    -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
  echo "tls-setup: made the CA $dir/ca.crt" >&2
fi

if [[ ! -s "$dir/server.key" || ! -s "$dir/server.crt" ]]; then
  host="$(hostname 2>/dev/null || echo localhost)"
  san="DNS:localhost,IP:127.0.0.1,DNS:$host"
  for name in ${TELEMED_TLS_SERVER_NAMES:-}; do
    if [[ "$name" =~ ^[0-9.]+$ || "$name" == *:* ]]; then san="$san,IP:$name"; else san="$san,DNS:$name"; fi
  done
  ext="$(mktemp)"
  trap 'rm -f -- "$ext"' EXIT
  printf '%s\n' "subjectAltName=$san" "basicConstraints=critical,CA:FALSE" \
    "keyUsage=critical,digitalSignature,keyEncipherment" "extendedKeyUsage=serverAuth" >"$ext"
  openssl req -newkey rsa:2048 -sha256 -nodes -keyout "$dir/server.key" -out "$dir/server.csr" \
    -subj "/O=Telemed gateway/CN=localhost" 2>/dev/null
  openssl x509 -req -in "$dir/server.csr" -CA "$dir/ca.crt" -CAkey "$dir/ca.key" -CAcreateserial \
    -days "$days_server" -sha256 -extfile "$ext" -out "$dir/server.crt" 2>/dev/null
  rm -f -- "$dir/server.csr"
  echo "tls-setup: made the server certificate $dir/server.crt ($san)" >&2
fi
# Certificates are public; keys stay owner-only (umask 077 above).
chmod 644 "$dir/ca.crt" "$dir/server.crt"
