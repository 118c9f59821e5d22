# shellcheck shell=bash
#
# Local Mosquitto, InfluxDB and ZooKeeper for the telemed gateway: install, start, stop.
#
# A library, sourced by ./telemed (and usable by hand):
#     source scripts/services.sh
#     telemed_start_mosquitto .telemed/mosquitto 1883
#     telemed_start_influx    .telemed/influxdb 8086 8088
#     telemed_start_zookeeper .telemed/zookeeper 2181
#     telemed_stop_service    .telemed/mosquitto
#
# The services are started from the project's own templates config/mosquitto.conf,
# config/influxdb.conf and config/zookeeper.cfg (the same ones the integration tests
# render), never from
# the system's /etc files, so the demo, the tests and an operator's setup agree.
#
# Safe under "set -euo pipefail": every command that may fail is tested explicitly,
# and functions report errors on stderr and return non-zero instead of exiting.

# The project root: this file lives in <root>/scripts/.
TELEMED_SERVICES_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"

TELEMED_MOSQUITTO_BIN="${TELEMED_MOSQUITTO_BIN:-/usr/sbin/mosquitto}"
TELEMED_INFLUXD_BIN="${TELEMED_INFLUXD_BIN:-/usr/bin/influxd}"
# The coordination engine of several gateways: Debian's ZooKeeper server jar (its manifest
# names its dependencies) with a logging binding to stderr, run on the machine's Java.
TELEMED_ZOOKEEPER_JAR="${TELEMED_ZOOKEEPER_JAR:-/usr/share/java/zookeeper.jar}"
TELEMED_ZOOKEEPER_CLASSPATH="${TELEMED_ZOOKEEPER_CLASSPATH:-$TELEMED_ZOOKEEPER_JAR:/usr/share/java/slf4j-simple.jar}"
TELEMED_ZOOKEEPER_JAVA="${TELEMED_ZOOKEEPER_JAVA:-/usr/bin/java}"
# The headless browser and its driver for the dashboard's browser tests (Selenium).
TELEMED_CHROMIUM_BIN="${TELEMED_CHROMIUM_BIN:-/usr/bin/chromium}"
TELEMED_CHROMEDRIVER_BIN="${TELEMED_CHROMEDRIVER_BIN:-/usr/bin/chromedriver}"
# How long a service gets to open its port, and to exit after SIGTERM.
TELEMED_START_TIMEOUT_S="${TELEMED_START_TIMEOUT_S:-30}"
TELEMED_STOP_TIMEOUT_S="${TELEMED_STOP_TIMEOUT_S:-15}"

telemed__err() {
  printf 'telemed: %s\n' "$*" >&2
}

# Runs a command as root: directly when we are root (containers, CI: no sudo and
# no tty there), else through non-interactive sudo.
telemed__as_root() {
  if [[ "$(id -u)" == 0 ]]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo -n "$@"
  else
    telemed__err "need root to run: $* (and sudo is not available)"
    return 1
  fi
}

# apt-get without any prompt: no tty when run from CI or a container.
telemed__apt_install() {
  telemed__as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q || return 1
  telemed__as_root env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -q --no-install-recommends "$@" || return 1
}

# ---------------------------------------------------------------------------------
# Installation
# ---------------------------------------------------------------------------------

# Installs Debian's mosquitto, influxdb and zookeeper when their binaries are missing, and
# chromium with chromium-driver for the dashboard's browser tests (DashboardBrowserIT drives
# the system's /usr/bin/chromium through /usr/bin/chromedriver; nothing is downloaded at test
# time). The packages start system-wide instances on the default ports (1883, 8086, 8088,
# 2181); we run our own instances from our templates, so those are stopped and disabled.
# There may be no systemd (containers): those failures are ignored.
telemed_install_services() {
  local packages=()
  [[ -x "$TELEMED_MOSQUITTO_BIN" ]] || packages+=(mosquitto)
  [[ -x "$TELEMED_INFLUXD_BIN" ]] || packages+=(influxdb)
  [[ -r "$TELEMED_ZOOKEEPER_JAR" ]] || packages+=(zookeeper)
  [[ -x "$TELEMED_CHROMIUM_BIN" ]] || packages+=(chromium)
  [[ -x "$TELEMED_CHROMEDRIVER_BIN" ]] || packages+=(chromium-driver)
  if [[ ${#packages[@]} -eq 0 ]]; then
    return 0
  fi
  echo "telemed: installing ${packages[*]}" >&2
  telemed__apt_install "${packages[@]}" || {
    telemed__err "could not install ${packages[*]} with apt-get"
    return 1
  }
  local svc
  for svc in mosquitto influxdb zookeeper; do
    if command -v systemctl >/dev/null 2>&1; then
      telemed__as_root systemctl stop "$svc" >/dev/null 2>&1 || true
      telemed__as_root systemctl disable "$svc" >/dev/null 2>&1 || true
    fi
    if command -v service >/dev/null 2>&1; then
      telemed__as_root service "$svc" stop >/dev/null 2>&1 || true
    fi
    if command -v update-rc.d >/dev/null 2>&1; then
      telemed__as_root update-rc.d "$svc" disable >/dev/null 2>&1 || true
    fi
  done
  [[ -x "$TELEMED_MOSQUITTO_BIN" && -x "$TELEMED_INFLUXD_BIN" && -r "$TELEMED_ZOOKEEPER_JAR" ]] || {
    telemed__err "installed ${packages[*]}, but $TELEMED_MOSQUITTO_BIN, $TELEMED_INFLUXD_BIN or $TELEMED_ZOOKEEPER_JAR is still missing"
    return 1
  }
}

# Prints the major version of the java on PATH (8 for "1.8.0_x", 17 for "17.0.15").
telemed__java_major() {
  local version
  version="$(java -version 2>&1 | awk -F'"' '/version/ { print $2; exit }')" || return 1
  [[ -n "$version" ]] || return 1
  if [[ "$version" == 1.* ]]; then
    version="${version#1.}"
  fi
  printf '%s\n' "${version%%[.+-]*}"
}

# Makes sure a JDK 17+ and Maven are on PATH, installing Debian's when not.
telemed_install_java_build() {
  local major="" need=0
  if command -v java >/dev/null 2>&1 && command -v javac >/dev/null 2>&1; then
    major="$(telemed__java_major)" || major=""
  fi
  if ! [[ "$major" =~ ^[0-9]+$ ]] || (( major < 17 )); then
    need=1
  fi
  if ! command -v mvn >/dev/null 2>&1; then
    need=1
  fi
  if (( need == 0 )); then
    return 0
  fi
  echo "telemed: installing openjdk-17-jdk-headless and maven (java ${major:-missing})" >&2
  telemed__apt_install openjdk-17-jdk-headless maven || {
    telemed__err "could not install openjdk-17-jdk-headless maven with apt-get"
    return 1
  }
  # An older java may still come first on PATH (update-alternatives keeps the
  # manually chosen one); say so rather than fail later with a compiler error.
  major="$(telemed__java_major)" || major=""
  if ! [[ "$major" =~ ^[0-9]+$ ]] || (( major < 17 )); then
    telemed__err "java on PATH is still ${major:-missing}, need 17+; see: update-alternatives --config java"
    return 1
  fi
}

# ---------------------------------------------------------------------------------
# Ports and processes
# ---------------------------------------------------------------------------------

# True when something accepts TCP connections on 127.0.0.1:PORT.
telemed__port_open() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# Prints a free loopback TCP port. Picks below the kernel's ephemeral range so an
# outgoing connection cannot take the port between this check and the service's bind.
telemed_free_port() {
  local low=20000 high=32767 range_start port tries
  if [[ -r /proc/sys/net/ipv4/ip_local_port_range ]]; then
    read -r range_start _ </proc/sys/net/ipv4/ip_local_port_range || range_start=""
    if [[ "$range_start" =~ ^[0-9]+$ ]] && (( range_start > low + 1000 )); then
      high=$(( range_start - 1 ))
    fi
  fi
  for (( tries = 0; tries < 200; tries++ )); do
    port=$(( low + (RANDOM * 32768 + RANDOM) % (high - low + 1) ))
    if ! telemed__port_open "$port"; then
      printf '%s\n' "$port"
      return 0
    fi
  done
  telemed__err "no free port found between $low and $high"
  return 1
}

# True while PID runs (a zombie, i.e. exited but not yet reaped by us, counts as gone).
telemed__alive() {
  local pid="$1" state=""
  kill -0 "$pid" 2>/dev/null || return 1
  if [[ -r "/proc/$pid/stat" ]]; then
    # Field 3 of /proc/PID/stat; the command name before it is in parentheses.
    state="$(sed -e 's/^.*) //' "/proc/$pid/stat" 2>/dev/null | cut -d' ' -f1)" || state=""
    if [[ "$state" == Z ]]; then
      wait "$pid" 2>/dev/null || true
      return 1
    fi
  fi
  return 0
}

# True when PID is the process started for DIR: its command line names DIR's config.
# Guards against signalling an unrelated process that reused a stale pid.
telemed__pid_is_ours() {
  local dir="$1" pid="$2"
  [[ -r "/proc/$pid/cmdline" ]] || return 0   # no /proc: trust the pid file
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$dir/"
}

# Makes DIR exist and prints it absolute. Config files cannot quote every character,
# so directories with whitespace, quotes or backslashes are refused up front.
telemed__prepare_dir() {
  local dir="$1" unsafe='[[:space:]"'"'"'\\]'
  if [[ "$dir" =~ $unsafe ]]; then
    telemed__err "directory must not contain spaces, quotes or backslashes: '$dir'"
    return 1
  fi
  mkdir -p -- "$dir" || return 1
  (cd -- "$dir" && pwd -P)
}

# render TEMPLATE OUT NAME=VALUE...: replaces each ${NAME} in TEMPLATE by VALUE,
# as plain text (no shell or sed interpretation of the value), and fails when a
# placeholder is left over, so a template change cannot go unnoticed.
telemed__render() {
  local template="$1" out="$2" content pair name value
  shift 2
  content="$(cat -- "$template")" || return 1
  for pair in "$@"; do
    name="${pair%%=*}"
    value="${pair#*=}"
    # Quoted pattern and replacement: literal text, even with bash 5.2's
    # patsub_replacement (where an unquoted & would mean "the match").
    content="${content//"\${$name}"/"$value"}"
  done
  if [[ "$content" =~ \$\{[A-Za-z_][A-Za-z0-9_]*\} ]]; then
    telemed__err "$template: placeholder ${BASH_REMATCH[0]} has no value"
    return 1
  fi
  printf '%s\n' "$content" >"$out"
}

# Prints the last lines of a log file, for error messages.
telemed__log_tail() {
  local log="$1"
  if [[ -s "$log" ]]; then
    echo "--- last lines of $log ---" >&2
    tail -n 30 -- "$log" >&2 || true
    echo "---" >&2
  else
    echo "(log $log is empty or missing)" >&2
  fi
}

# launch DIR NAME PORT LOG CMD...: starts CMD in the background with its output
# appended to LOG, writes DIR/pid, and waits until PORT accepts TCP connections.
telemed__launch() {
  local dir="$1" name="$2" port="$3" log="$4" pid old i limit
  shift 4
  if [[ -f "$dir/pid" ]]; then
    old="$(cat "$dir/pid" 2>/dev/null)" || old=""
    if [[ "$old" =~ ^[0-9]+$ ]] && telemed__alive "$old" && telemed__pid_is_ours "$dir" "$old"; then
      telemed__err "$name already runs from $dir (pid $old); stop it first: telemed_stop_service $dir"
      return 1
    fi
    rm -f -- "$dir/pid"
  fi
  if telemed__port_open "$port"; then
    telemed__err "cannot start $name: port $port is already in use"
    return 1
  fi
  # nohup execs the command itself, so $! is the service's own pid, and the
  # service survives the shell that started it (./telemed up, then ./telemed down).
  # setsid (which also execs in place here) keeps it out of the terminal's process group:
  # Ctrl-C reaches the script, which stops the services in order, not all at once.
  setsid nohup "$@" >>"$log" 2>&1 </dev/null &
  pid=$!
  printf '%s\n' "$pid" >"$dir/pid"
  limit=$(( TELEMED_START_TIMEOUT_S * 10 ))
  for (( i = 0; i < limit; i++ )); do
    # Open port AND our process still alive a moment later: if something else took
    # the port meanwhile, our service dies with "address in use" and we say so.
    if telemed__port_open "$port" && sleep 0.2 && telemed__alive "$pid"; then
      echo "telemed: $name running (pid $pid, port $port, log $log)" >&2
      return 0
    fi
    if ! telemed__alive "$pid"; then
      telemed__err "$name exited during startup (pid $pid)"
      telemed__log_tail "$log"
      rm -f -- "$dir/pid"
      return 1
    fi
    sleep 0.1
  done
  telemed__err "$name did not open port $port within ${TELEMED_START_TIMEOUT_S}s (pid $pid)"
  telemed__log_tail "$log"
  kill -KILL "$pid" 2>/dev/null || true
  # Reap it here (it is our child) so bash does not print a "Killed" job notice.
  wait "$pid" 2>/dev/null || true
  rm -f -- "$dir/pid"
  return 1
}

# telemed_start_mosquitto DIR PORT
#   DIR/mosquitto.conf  rendered from config/mosquitto.conf
#   DIR/data/           persistence (mosquitto.db)
#   DIR/mosquitto.log   the broker's log, plus anything it prints before opening it
#   DIR/pid
telemed_start_mosquitto() {
  if [[ $# -ne 2 ]]; then
    telemed__err "usage: telemed_start_mosquitto DIR PORT"
    return 2
  fi
  local dir port="$2"
  dir="$(telemed__prepare_dir "$1")" || return 1
  mkdir -p -- "$dir/data" || return 1
  [[ -x "$TELEMED_MOSQUITTO_BIN" ]] || {
    telemed__err "$TELEMED_MOSQUITTO_BIN not found; run telemed_install_services"
    return 1
  }
  telemed__render "$TELEMED_SERVICES_ROOT/config/mosquitto.conf" "$dir/mosquitto.conf" \
    "PORT=$port" "DATA_DIR=$dir/data" "LOG_FILE=$dir/mosquitto.log" \
    "RUN_AS_USER=$(id -un)" || return 1
  telemed__launch "$dir" mosquitto "$port" "$dir/mosquitto.log" \
    "$TELEMED_MOSQUITTO_BIN" -c "$dir/mosquitto.conf"
}

# telemed_start_influx DIR HTTP_PORT RPC_PORT
#   DIR/influxdb.conf   rendered from config/influxdb.conf
#   DIR/data/           meta/, data/, wal/
#   DIR/influxd.log     influxd's output (it logs to stderr)
#   DIR/pid
telemed_start_influx() {
  if [[ $# -ne 3 ]]; then
    telemed__err "usage: telemed_start_influx DIR HTTP_PORT RPC_PORT"
    return 2
  fi
  local dir http_port="$2" rpc_port="$3"
  dir="$(telemed__prepare_dir "$1")" || return 1
  mkdir -p -- "$dir/data" || return 1
  [[ -x "$TELEMED_INFLUXD_BIN" ]] || {
    telemed__err "$TELEMED_INFLUXD_BIN not found; run telemed_install_services"
    return 1
  }
  telemed__render "$TELEMED_SERVICES_ROOT/config/influxdb.conf" "$dir/influxdb.conf" \
    "HTTP_PORT=$http_port" "RPC_PORT=$rpc_port" "DATA_DIR=$dir/data" || return 1
  if telemed__port_open "$rpc_port"; then
    telemed__err "cannot start influxd: RPC port $rpc_port is already in use"
    return 1
  fi
  telemed__launch "$dir" influxd "$http_port" "$dir/influxd.log" \
    "$TELEMED_INFLUXD_BIN" run -config "$dir/influxdb.conf"
}

# telemed_start_zookeeper DIR PORT: one standalone node, enough for the demo's gateways
# (a production ensemble has three nodes on three hosts: see config/zookeeper.cfg).
#   DIR/zoo.cfg         rendered from config/zookeeper.cfg
#   DIR/data/           snapshots and transaction log
#   DIR/zookeeper.log   the server's log (it logs to stderr)
#   DIR/pid
telemed_start_zookeeper() {
  if [[ $# -ne 2 ]]; then
    telemed__err "usage: telemed_start_zookeeper DIR PORT"
    return 2
  fi
  local dir port="$2"
  dir="$(telemed__prepare_dir "$1")" || return 1
  mkdir -p -- "$dir/data" || return 1
  [[ -r "$TELEMED_ZOOKEEPER_JAR" ]] || {
    telemed__err "$TELEMED_ZOOKEEPER_JAR not found; run telemed_install_services"
    return 1
  }
  telemed__render "$TELEMED_SERVICES_ROOT/config/zookeeper.cfg" "$dir/zoo.cfg" \
    "CLIENT_PORT=$port" "DATA_DIR=$dir/data" "SERVERS=" || return 1
  telemed__launch "$dir" zookeeper "$port" "$dir/zookeeper.log" \
    "$TELEMED_ZOOKEEPER_JAVA" -Xms32m -Xmx128m -XX:+UseSerialGC -Dorg.slf4j.simpleLogger.showDateTime=true \
    -cp "$TELEMED_ZOOKEEPER_CLASSPATH" org.apache.zookeeper.server.quorum.QuorumPeerMain "$dir/zoo.cfg"
}

# telemed_stop_service DIR: SIGTERM (both services persist their state on it), wait
# up to 15 s, then SIGKILL. Succeeds when nothing runs.
telemed_stop_service() {
  if [[ $# -ne 1 ]]; then
    telemed__err "usage: telemed_stop_service DIR"
    return 2
  fi
  local dir="$1" pid i limit
  if [[ -d "$dir" ]]; then
    dir="$(cd -- "$dir" && pwd -P)"
  fi
  if [[ ! -f "$dir/pid" ]]; then
    return 0
  fi
  pid="$(cat "$dir/pid" 2>/dev/null)" || pid=""
  if ! [[ "$pid" =~ ^[0-9]+$ ]] || ! telemed__alive "$pid"; then
    rm -f -- "$dir/pid"
    return 0
  fi
  if ! telemed__pid_is_ours "$dir" "$pid"; then
    telemed__err "pid $pid in $dir/pid is not a service of $dir (stale pid file); not signalling it"
    rm -f -- "$dir/pid"
    return 0
  fi
  kill -TERM "$pid" 2>/dev/null || true
  limit=$(( TELEMED_STOP_TIMEOUT_S * 10 ))
  for (( i = 0; i < limit; i++ )); do
    if ! telemed__alive "$pid"; then
      rm -f -- "$dir/pid"
      return 0
    fi
    sleep 0.1
  done
  telemed__err "pid $pid ($dir) did not exit ${TELEMED_STOP_TIMEOUT_S}s after SIGTERM; sending SIGKILL"
  kill -KILL "$pid" 2>/dev/null || true
  for (( i = 0; i < 50; i++ )); do
    telemed__alive "$pid" || break
    sleep 0.1
  done
  rm -f -- "$dir/pid"
}
