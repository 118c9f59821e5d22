# shellcheck shell=bash
#
# The secure setup of the broker and the store, and device provisioning: a library sourced
# by ./telemed after scripts/services.sh (it uses that file's helpers).
#
# Everything secret lives under TELEMED_SECURE_DIR (default .telemed/secure, ignored by git),
# mode 600, made once and kept across runs:
#   tls/                       the project CA and the broker's certificate (scripts/tls-setup.sh)
#   mosquitto/gateway-passwd   the gateway's broker account: the only one its listener accepts
#   mosquitto/passwd           every other broker account (mosquitto_passwd: salted hashes)
#   mosquitto/acl              who may publish/read what (from config/mosquitto-acl.conf)
#   secrets/gateway-mqtt.password, secrets/device-sim.password,
#   secrets/influx-admin.password, secrets/influx-gateway.password
# docs/security.md explains each and how to rotate it.

TELEMED_SECURE_DIR="${TELEMED_SECURE_DIR:-$TELEMED_SERVICES_ROOT/.telemed/secure}"
TELEMED_MOSQUITTO_PASSWD_BIN="${TELEMED_MOSQUITTO_PASSWD_BIN:-/usr/bin/mosquitto_passwd}"
# Account names the ACL gives special rights; no device may take one of them.
TELEMED_RESERVED_ACCOUNTS=(gateway device-sim)
# On the devices' listener an account's client id is its name, so no device may be named like
# one of the gateway's client ids: mqtt.clientId (default telemed-gateway-1, also
# TELEMED_MQTT_CLIENT_ID) and {mqtt.clientId}-hook-{webhook}. Names starting with one of these
# are refused; add the prefix of an mqtt.clientId of your own here.
TELEMED_RESERVED_PREFIXES=(telemed-gateway)

# A random password of 32 URL-safe characters (no quotes: safe in InfluxQL and config files).
telemed__random_secret() {
  openssl rand -base64 48 | tr -d '/+=\n' | cut -c1-32
}

# telemed__secret NAME: prints the path of secrets/NAME.password, making it once.
telemed__secret() {
  local file="$TELEMED_SECURE_DIR/secrets/$1.password"
  if [[ ! -s "$file" ]]; then
    (umask 077 && mkdir -p -- "$TELEMED_SECURE_DIR/secrets" && telemed__random_secret >"$file") || return 1
  fi
  printf '%s\n' "$file"
}

# telemed__set_account USER PASSWORD_FILE [ACCOUNTS_FILE]: adds or changes a broker account (in
# mosquitto/passwd unless ACCOUNTS_FILE is named); the password goes through stdin, never on a
# command line (which any local user could read with ps).
telemed__set_account() {
  local user="$1" password accounts="${3:-$TELEMED_SECURE_DIR/mosquitto/passwd}"
  password="$(head -n 1 -- "$2")" || return 1
  printf '%s\n%s\n' "$password" "$password" \
    | "$TELEMED_MOSQUITTO_PASSWD_BIN" "$accounts" "$user" >/dev/null || {
    telemed__err "mosquitto_passwd could not set the account $user"
    return 1
  }
}

# openssl makes the certificates (the setup and the security integration tests); Debian's
# mosquitto package brings mosquitto_passwd.
telemed_install_security_tools() {
  command -v openssl >/dev/null 2>&1 || telemed__apt_install openssl || {
    telemed__err "could not install openssl with apt-get"
    return 1
  }
}

# Makes the CA and certificates, the gateway's password file (its listener's only account),
# the devices' listener's password file with the simulator's account, and the ACL, where
# missing. Safe to run again.
telemed_secure_prepare() {
  telemed_install_security_tools || return 1
  bash "$TELEMED_SERVICES_ROOT/scripts/tls-setup.sh" "$TELEMED_SECURE_DIR/tls" || return 1
  (umask 077 && mkdir -p -- "$TELEMED_SECURE_DIR/mosquitto") || return 1
  [[ -f "$TELEMED_SECURE_DIR/mosquitto/passwd" ]] || (umask 077 && : >"$TELEMED_SECURE_DIR/mosquitto/passwd")
  [[ -f "$TELEMED_SECURE_DIR/mosquitto/gateway-passwd" ]] \
    || (umask 077 && : >"$TELEMED_SECURE_DIR/mosquitto/gateway-passwd")
  [[ -f "$TELEMED_SECURE_DIR/mosquitto/acl" ]] \
    || cp -- "$TELEMED_SERVICES_ROOT/config/mosquitto-acl.conf" "$TELEMED_SECURE_DIR/mosquitto/acl" || return 1
  telemed__set_account gateway "$(telemed__secret gateway-mqtt)" "$TELEMED_SECURE_DIR/mosquitto/gateway-passwd" || return 1
  # A setup made before the gateway had a listener of its own kept its account with the devices'.
  if grep -q '^gateway:' "$TELEMED_SECURE_DIR/mosquitto/passwd"; then
    "$TELEMED_MOSQUITTO_PASSWD_BIN" -D "$TELEMED_SECURE_DIR/mosquitto/passwd" gateway >/dev/null || return 1
  fi
  telemed__set_account device-sim "$(telemed__secret device-sim)" || return 1
}

# telemed_start_mosquitto_secure DIR PORT TLS_PORT [TLS_BIND]: like telemed_start_mosquitto,
# with config/mosquitto-secure.conf appended: PORT (loopback) becomes the gateway's listener,
# TLS_PORT the devices' (accounts, ACL, client id = account name).
telemed_start_mosquitto_secure() {
  local dir port="$2" tls_port="$3" bind="${4:-0.0.0.0}" s="$TELEMED_SECURE_DIR"
  dir="$(telemed__prepare_dir "$1")" || return 1
  mkdir -p -- "$dir/data" || return 1
  cat -- "$TELEMED_SERVICES_ROOT/config/mosquitto.conf" "$TELEMED_SERVICES_ROOT/config/mosquitto-secure.conf" \
    >"$dir/mosquitto.conf.template" || return 1
  telemed__render "$dir/mosquitto.conf.template" "$dir/mosquitto.conf" \
    "PORT=$port" "DATA_DIR=$dir/data" "LOG_FILE=$dir/mosquitto.log" "RUN_AS_USER=$(id -un)" \
    "TLS_PORT=$tls_port" "TLS_BIND=$bind" "CA_FILE=$s/tls/ca.crt" "CERT_FILE=$s/tls/server.crt" \
    "KEY_FILE=$s/tls/server.key" "PASSWORD_FILE=$s/mosquitto/passwd" \
    "GATEWAY_PASSWORD_FILE=$s/mosquitto/gateway-passwd" "ACL_FILE=$s/mosquitto/acl" || return 1
  rm -f -- "$dir/mosquitto.conf.template"
  if telemed__port_open "$tls_port"; then
    telemed__err "cannot start mosquitto: TLS port $tls_port is already in use (set TELEMED_MQTT_TLS_PORT)"
    return 1
  fi
  telemed__launch "$dir" mosquitto "$port" "$dir/mosquitto.log" "$TELEMED_MOSQUITTO_BIN" -c "$dir/mosquitto.conf"
}

# telemed__influx_query URL USER PASSWORD_FILE QUERY: POST /query; credentials and the query
# (which may hold a password) go through stdin, not the command line.
telemed__influx_query() {
  local url="$1" user="$2" password_file="$3" query="$4" auth=""
  if [[ -n "$user" ]]; then
    auth="user = \"$user:$(head -n 1 -- "$password_file")\""
  fi
  { printf '%s\n' "$auth"; } | curl -sS -K - -XPOST "$url/query" --data-urlencode "q@/dev/fd/3" 3<<<"$query"
}

# telemed_secure_influx_users URL: the admin (made while InfluxDB has no user at all), the
# telemed database, and the gateway's user with ALL on it only. Safe to run again.
telemed_secure_influx_users() {
  local url="$1" admin_pw gateway_pw answer
  admin_pw="$(telemed__secret influx-admin)" || return 1
  gateway_pw="$(telemed__secret influx-gateway)" || return 1
  answer="$(telemed__influx_query "$url" admin "$admin_pw" "SHOW USERS")" || return 1
  if [[ "$answer" == *"error"* ]]; then
    answer="$(telemed__influx_query "$url" "" "" \
      "CREATE USER admin WITH PASSWORD '$(head -n 1 "$admin_pw")' WITH ALL PRIVILEGES")" || return 1
    [[ "$answer" != *"error"* ]] || {
      telemed__err "InfluxDB refused to create the admin ($answer); its data dir has users from another setup:"
      telemed__err "use that setup's $admin_pw, or remove the InfluxDB data dir to start afresh"
      return 1
    }
  fi
  local q
  for q in "CREATE DATABASE telemed" \
           "CREATE USER gateway WITH PASSWORD '$(head -n 1 "$gateway_pw")'" \
           "SET PASSWORD FOR gateway = '$(head -n 1 "$gateway_pw")'" \
           "GRANT ALL ON telemed TO gateway"; do
    answer="$(telemed__influx_query "$url" admin "$admin_pw" "$q")" || return 1
    if [[ "$answer" == *"error"* && "$answer" != *"user already exists"* ]]; then
      telemed__err "InfluxDB setup failed: ${q%% WITH PASSWORD*}: $answer"
      return 1
    fi
  done
}

# Prints the environment (NAME=VALUE lines) that points the gateway and device-sim at the
# secure setup: account names, password files and the CA; never a password itself. The
# gateway uses the broker's loopback listener (its own), the simulator the TLS one.
telemed_secure_client_env() {
  local s="$TELEMED_SECURE_DIR"
  printf '%s\n' \
    "TELEMED_MQTT_USERNAME=gateway" \
    "TELEMED_MQTT_PASSWORD_FILE=$(telemed__secret gateway-mqtt)" \
    "TELEMED_INFLUX_USERNAME=gateway" \
    "TELEMED_INFLUX_PASSWORD_FILE=$(telemed__secret influx-gateway)" \
    "TELEMED_SIM_MQTT_USERNAME=device-sim" \
    "TELEMED_SIM_MQTT_PASSWORD_FILE=$(telemed__secret device-sim)" \
    "TELEMED_SIM_MQTT_CA_FILE=$s/tls/ca.crt"
}

# telemed_client_token DIR GATEWAY_JAR NAME TEAM...: a bearer token for a system reading the
# FHIR interface: DIR/client-token.txt (the token, shown to the operator once) and
# DIR/clients.yaml (its hash, for auth.clients). Both owner-readable only: the first is the
# secret itself, the second says which systems may read which care teams.
telemed_client_token() {
  local dir="$1" jar="$2"
  shift 2
  ( umask 077
    rm -f -- "$dir/client-token.txt" "$dir/clients.yaml"
    java -jar "$jar" new-client-token "$@" >"$dir/client-token.txt" || exit 1
    { echo "clients:"; sed -n '/^  - name:/,$p' "$dir/client-token.txt"; } >"$dir/clients.yaml" ) || {
    telemed__err "could not make a client token in $dir"
    return 1
  }
}

# SIGHUP to the broker running from DIR: it re-reads the password file and the ACL, and
# disconnects clients whose account is gone.
telemed__reload_broker() {
  local dir="$1" pid
  pid="$(cat "$dir/pid" 2>/dev/null)" || pid=""
  if [[ "$pid" =~ ^[0-9]+$ ]] && telemed__alive "$pid" && telemed__pid_is_ours "$(cd "$dir" && pwd -P)" "$pid"; then
    kill -HUP "$pid" && echo "telemed: broker (pid $pid) reloaded its accounts and ACL" >&2
  else
    echo "telemed: no broker runs from $dir; the change applies when it starts" >&2
  fi
}

telemed__check_account_name() {
  local name="$1" reserved
  [[ "$name" =~ ^[A-Za-z0-9._-]{1,64}$ ]] || { telemed__err "'$name' must match [A-Za-z0-9._-]{1,64}"; return 1; }
  [[ "$name" != alerts.* ]] || { telemed__err "'$name': names starting with alerts. are for consumers"; return 1; }
  for reserved in "${TELEMED_RESERVED_ACCOUNTS[@]}"; do
    [[ "$name" != "$reserved" ]] || { telemed__err "'$name' is a reserved account name"; return 1; }
  done
  for reserved in "${TELEMED_RESERVED_PREFIXES[@]}" ${TELEMED_MQTT_CLIENT_ID:+"$TELEMED_MQTT_CLIENT_ID"}; do
    [[ "$name" != "$reserved"* ]] || {
      telemed__err "'$name' is refused: names starting with $reserved are the gateway's MQTT client ids"
      return 1
    }
  done
}

# telemed_provision_device DEVICE PATIENT REGISTRY BROKER_DIR GATEWAY_JAR
telemed_provision_device() {
  local device="$1" patient="$2" registry="$3" broker_dir="$4" jar="$5" password
  telemed__check_account_name "$device" || return 1
  [[ -f "$registry" ]] || { telemed__err "no registry at $registry (set TELEMED_REGISTRY)"; return 1; }
  telemed_secure_prepare || return 1
  # The registry first: a refused edit (unknown patient, another patient's device) makes no account.
  java -cp "$jar" dk.telemed.gateway.registry.RegistryEditor add "$registry" "$patient" "$device" || return 1
  password="$(telemed__random_secret)" || return 1
  printf '%s\n%s\n' "$password" "$password" \
    | "$TELEMED_MOSQUITTO_PASSWD_BIN" "$TELEMED_SECURE_DIR/mosquitto/passwd" "$device" >/dev/null || return 1
  telemed__reload_broker "$broker_dir"
  cat <<TXT
Device $device provisioned for patient $patient (registry $registry; the gateway reloads it).
Configure the device with (shown once, not stored in clear anywhere):
  username  $device
  password  $password
  broker    ssl://<this host>:${TELEMED_MQTT_TLS_PORT:-8883}, trusting $TELEMED_SECURE_DIR/tls/ca.crt
  publishes telemed/v1/devices/$device/readings and .../status only
TXT
}

# telemed_revoke_device DEVICE REGISTRY BROKER_DIR GATEWAY_JAR
telemed_revoke_device() {
  local device="$1" registry="$2" broker_dir="$3" jar="$4"
  telemed__check_account_name "$device" || return 1
  if grep -q "^$device:" "$TELEMED_SECURE_DIR/mosquitto/passwd" 2>/dev/null; then
    "$TELEMED_MOSQUITTO_PASSWD_BIN" -D "$TELEMED_SECURE_DIR/mosquitto/passwd" "$device" || return 1
  else
    echo "telemed: $device had no broker account" >&2
  fi
  telemed__reload_broker "$broker_dir"
  if [[ -f "$registry" ]]; then
    java -cp "$jar" dk.telemed.gateway.registry.RegistryEditor remove "$registry" "$device" || {
      telemed__err "$device can no longer connect (its account is deleted), but $registry still lists it: fix that by hand"
      return 1
    }
  fi
  echo "Device $device revoked: its account is gone (a connected session is dropped at the reload) and it is no longer in $registry."
}

# telemed_provision_consumer TEAM BROKER_DIR: an account alerts.TEAM that reads that care
# team's alerts only.
telemed_provision_consumer() {
  local team="$1" broker_dir="$2" user password acl="$TELEMED_SECURE_DIR/mosquitto/acl"
  [[ "$team" =~ ^[A-Za-z0-9._-]{1,64}$ ]] || { telemed__err "care team '$team' must match [A-Za-z0-9._-]{1,64}"; return 1; }
  telemed_secure_prepare || return 1
  user="alerts.$team"
  if ! grep -qx "user $user" "$acl"; then
    printf '\nuser %s\ntopic read telemed/v1/alerts/%s/#\n' "$user" "$team" >>"$acl" || return 1
  fi
  password="$(telemed__random_secret)" || return 1
  printf '%s\n%s\n' "$password" "$password" \
    | "$TELEMED_MOSQUITTO_PASSWD_BIN" "$TELEMED_SECURE_DIR/mosquitto/passwd" "$user" >/dev/null || return 1
  telemed__reload_broker "$broker_dir"
  cat <<TXT
Alert consumer for care team $team (shown once):
  username  $user
  password  $password
  reads     telemed/v1/alerts/$team/# only, e.g.
  mosquitto_sub -h localhost -p ${TELEMED_MQTT_TLS_PORT:-8883} --cafile $TELEMED_SECURE_DIR/tls/ca.crt -u $user -P '<password>' -t 'telemed/v1/alerts/$team/#' -v
TXT
}
