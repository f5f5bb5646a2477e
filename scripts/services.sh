#!/usr/bin/env bash
# Makes MongoDB and Redis available for the bot, the demo and the tests.
#   scripts/services.sh up [--with-browser]|down|status|binaries|cluster-up|cluster-down
# Order of preference: what MONGODB_URI / REDIS_URL already reach; docker compose where a
# Docker engine answers; local processes (redis-server, mongod, or FerretDB v1 on SQLite).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STATE="$ROOT/.services"
CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/loyalbot"
FERRETDB_VERSION="v1.24.2"
# The suffix names the local patch below, so a binary built without it is not reused.
FERRETDB_BIN="$CACHE/ferretdb-$FERRETDB_VERSION-idseek"
MONGODB_URI="${MONGODB_URI:-mongodb://127.0.0.1:27017/loyalbot}"
REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379}"
# The local Redis Cluster of `cluster-up` (tests of the cluster mode); the bot reads the same variable.
REDIS_CLUSTER_NODES="${REDIS_CLUSTER_NODES:-127.0.0.1:7101,127.0.0.1:7102,127.0.0.1:7103}"

log() { echo "[services] $*" >&2; }
die() { log "error: $*"; exit 1; }

# host and port of the first host in a mongodb:// or redis:// URL
url_host() { local rest="${1#*://}"; rest="${rest#*@}"; rest="${rest%%[/?,]*}"; echo "${rest%%:*}"; }
url_port() {
  local rest="${1#*://}"; rest="${rest#*@}"; rest="${rest%%[/?,]*}"
  if [[ "$rest" == *:* ]]; then echo "${rest##*:}"; else echo "$2"; fi
}
is_local() { [[ "$1" == "127.0.0.1" || "$1" == "localhost" || "$1" == "::1" ]]; }
tcp_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }
redis_answers() {
  (exec 3<>"/dev/tcp/$1/$2" && printf 'PING\r\n' >&3 && timeout 2 head -c 5 <&3 | grep -q 'PONG\|NOAUTH') 2>/dev/null
}
wait_for() { # what, command...
  local what="$1"; shift
  for _ in $(seq 1 150); do "$@" && return 0; sleep 0.2; done
  die "$what did not answer within 30 s (logs in $STATE/logs)"
}
docker_answers() { command -v docker >/dev/null && timeout 5 docker info >/dev/null 2>&1; }

MONGO_HOST="$(url_host "$MONGODB_URI")"; MONGO_PORT="$(url_port "$MONGODB_URI" 27017)"
REDIS_HOST="$(url_host "$REDIS_URL")"; REDIS_PORT="$(url_port "$REDIS_URL" 6379)"

ensure_redis_server() {
  command -v redis-server >/dev/null && return 0
  [[ "${LOYALBOT_NO_INSTALL:-}" == "1" ]] && die "redis-server is missing and LOYALBOT_NO_INSTALL=1"
  command -v apt-get >/dev/null || die "redis-server is missing; install Redis 6.2+ and re-run"
  local sudo=""; [[ "$(id -u)" != "0" ]] && sudo="sudo"
  log "installing redis-server from the system's packages"
  $sudo apt-get update -qq >/dev/null && $sudo apt-get install -y -qq redis-server >/dev/null \
    || die "could not install redis-server"
}

# Debian packages the bot needs besides the servers, installed when missing (as root or with sudo).
apt_install() { # what, packages...
  local what="$1"; shift
  [[ "${LOYALBOT_NO_INSTALL:-}" == "1" ]] && { log "warning: $what missing and LOYALBOT_NO_INSTALL=1"; return 0; }
  command -v apt-get >/dev/null || { log "warning: $what missing and no apt-get to install it"; return 0; }
  local sudo=""; [[ "$(id -u)" != "0" ]] && sudo="sudo"
  log "installing $what from the system's packages"
  { $sudo apt-get install -y -qq "$@" >/dev/null 2>&1 \
    || { $sudo apt-get update -qq >/dev/null && $sudo apt-get install -y -qq "$@" >/dev/null; }; } \
    || log "warning: could not install $what"
}

# Charts draw Chinese labels with Noto Sans CJK and Latin ones with DejaVu Sans.
ensure_fonts() {
  local cjk; cjk="$(find /usr/share/fonts -name 'NotoSansCJK-Regular.tt[cf]' 2>/dev/null | head -1)"
  [[ -n "$cjk" && -n "$(find /usr/share/fonts -name 'DejaVuSans.ttf' 2>/dev/null | head -1)" ]] && return 0
  apt_install "chart fonts" fonts-noto-cjk fonts-dejavu-core
}

# Debian's Chromium for the dashboard's browser tests (`up --with-browser`); tests skip, loudly,
# where none can be had.
ensure_browser() {
  [[ -n "${CHROMIUM_PATH:-}" && -x "${CHROMIUM_PATH}" ]] && return 0
  command -v chromium >/dev/null || command -v chromium-browser >/dev/null && return 0
  apt_install "chromium (browser tests)" chromium
}

start_redis() {
  ensure_redis_server
  mkdir -p "$STATE/redis" "$STATE/logs"
  log "starting redis-server on 127.0.0.1:$REDIS_PORT"
  redis-server --daemonize yes --bind 127.0.0.1 --port "$REDIS_PORT" --dir "$STATE/redis" \
    --pidfile "$STATE/redis.pid" --logfile "$STATE/logs/redis.log" --save "" --appendonly no \
    --maxmemory-policy noeviction >/dev/null
  wait_for "redis" redis_answers "$REDIS_HOST" "$REDIS_PORT"
}

# A plain `go install` of FerretDB v1 panics at start: build/version/version.txt is not in
# the module, so write it into a copy of the source before building.
# One patch: the SQLite backend filters `_id` with `->'$._id'` while the `_id` index is on
# `->"_id"`; SQLite matches index expressions by their text, so every `_id` lookup scanned
# the whole collection (153 ms at 30,000 members). Writing the filter in the index's own
# form turns it into an index search, as it is on MongoDB.
build_ferretdb() {
  [[ -x "$FERRETDB_BIN" ]] && return 0
  command -v go >/dev/null || die "no mongod, no Docker and no Go toolchain to build FerretDB"
  log "building FerretDB $FERRETDB_VERSION (once; cached in $CACHE)"
  local work dir
  work="$(mktemp -d)"
  dir="$(cd "$work" && go mod download -json "github.com/FerretDB/FerretDB@$FERRETDB_VERSION" \
    | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
  [[ -d "$dir" ]] || die "could not download FerretDB $FERRETDB_VERSION from the Go module proxy"
  cp -r "$dir" "$work/src" && chmod -R u+w "$work/src"
  echo "$FERRETDB_VERSION" >"$work/src/build/version/version.txt"
  local meta="$work/src/internal/backends/sqlite/metadata/metadata.go"
  sed -i "s|IDColumn = DefaultColumn + \"->'\$._id'\"|IDColumn = DefaultColumn + \"->'_id'\"|" "$meta"
  grep -q "IDColumn = DefaultColumn + \"->'_id'\"" "$meta" || die "the FerretDB _id index patch no longer applies"
  mkdir -p "$CACHE"
  (cd "$work/src" && CGO_ENABLED=0 go build -trimpath -o "$FERRETDB_BIN.tmp" ./cmd/ferretdb) \
    || die "building FerretDB failed"
  mv "$FERRETDB_BIN.tmp" "$FERRETDB_BIN"
  rm -rf "$work"
}

start_mongo() {
  mkdir -p "$STATE/logs"
  if command -v mongod >/dev/null; then
    mkdir -p "$STATE/mongod"
    log "starting mongod on 127.0.0.1:$MONGO_PORT"
    mongod --fork --bind_ip 127.0.0.1 --port "$MONGO_PORT" --dbpath "$STATE/mongod" \
      --pidfilepath "$STATE/mongo.pid" --logpath "$STATE/logs/mongod.log" >/dev/null
  else
    build_ferretdb
    mkdir -p "$STATE/ferretdb/data"
    log "starting FerretDB $FERRETDB_VERSION (SQLite) on 127.0.0.1:$MONGO_PORT"
    # Reading documents is JSON decoding and garbage collection inside FerretDB; a larger GC
    # target read 100,000 members in 11 s instead of 14 (memory is not what is short here).
    GOGC="${FERRETDB_GOGC:-400}" setsid nohup "$FERRETDB_BIN" --handler=sqlite --sqlite-url="file:$STATE/ferretdb/data/" \
      --listen-addr="127.0.0.1:$MONGO_PORT" --state-dir="$STATE/ferretdb" --debug-addr=- \
      --telemetry=disable --log-level=warn >"$STATE/logs/ferretdb.log" 2>&1 &
    echo $! >"$STATE/mongo.pid"
  fi
  wait_for "the MongoDB-compatible server" tcp_open "$MONGO_HOST" "$MONGO_PORT"
}

up() {
  ensure_fonts
  [[ "${1:-}" == "--with-browser" ]] && ensure_browser
  local need_mongo=1 need_redis=1
  tcp_open "$MONGO_HOST" "$MONGO_PORT" && need_mongo=0 && log "MongoDB answers at $MONGO_HOST:$MONGO_PORT"
  redis_answers "$REDIS_HOST" "$REDIS_PORT" && need_redis=0 && log "Redis answers at $REDIS_HOST:$REDIS_PORT"
  [[ $need_mongo == 0 && $need_redis == 0 ]] && return 0

  if docker_answers && [[ -f "$ROOT/docker-compose.yml" ]]; then
    local svc=(); [[ $need_mongo == 1 ]] && svc+=(mongo); [[ $need_redis == 1 ]] && svc+=(redis)
    log "starting ${svc[*]} with docker compose"
    (cd "$ROOT" && docker compose up -d "${svc[@]}")
    wait_for "mongo" tcp_open "$MONGO_HOST" "$MONGO_PORT"
    wait_for "redis" redis_answers "$REDIS_HOST" "$REDIS_PORT"
    return 0
  fi
  if [[ $need_redis == 1 ]]; then
    is_local "$REDIS_HOST" || die "REDIS_URL points at $REDIS_HOST:$REDIS_PORT, which does not answer"
    start_redis
  fi
  if [[ $need_mongo == 1 ]]; then
    is_local "$MONGO_HOST" || die "MONGODB_URI points at $MONGO_HOST:$MONGO_PORT, which does not answer"
    start_mongo
  fi
}

stop_pidfile() {
  local name="$1" file="$STATE/$1.pid"
  [[ -f "$file" ]] || return 0
  local pid; pid="$(cat "$file")"
  if kill "$pid" 2>/dev/null; then
    log "stopping $name (pid $pid)"
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
  rm -f "$file"
}

down() { stop_pidfile mongo; stop_pidfile redis; }

status() {
  local rc=0
  if tcp_open "$MONGO_HOST" "$MONGO_PORT"; then echo "mongodb: up ($MONGO_HOST:$MONGO_PORT)"; else echo "mongodb: down ($MONGO_HOST:$MONGO_PORT)"; rc=1; fi
  if redis_answers "$REDIS_HOST" "$REDIS_PORT"; then echo "redis: up ($REDIS_HOST:$REDIS_PORT)"; else echo "redis: down ($REDIS_HOST:$REDIS_PORT)"; rc=1; fi
  return $rc
}

# The binaries of local servers, for scripts that run servers of their own (the fault suite):
# prints `mongod <path>` or `ferretdb <path>` (building FerretDB once), then `redis-server <path>`.
binaries() {
  if command -v mongod >/dev/null; then echo "mongod $(command -v mongod)"; else build_ferretdb; echo "ferretdb $FERRETDB_BIN"; fi
  ensure_redis_server
  echo "redis-server $(command -v redis-server)"
}

# A Redis Cluster of three masters (no replicas) on loopback, for `npm run test:cluster`:
# one redis-server per node of REDIS_CLUSTER_NODES, data in .services/redis-cluster (nothing
# saved), joined by `redis-cli --cluster create`. Does nothing when the cluster already answers.
cluster_nodes() { tr ',' '\n' <<<"$REDIS_CLUSTER_NODES"; }
cluster_ok() { redis-cli -h "$1" -p "$2" cluster info 2>/dev/null | grep -q '^cluster_state:ok'; }
cluster_all_ok() {
  local node; while read -r node; do cluster_ok "${node%:*}" "${node##*:}" || return 1; done < <(cluster_nodes)
}
# Slots assigned as this node sees them: 0 for a node that joined no cluster yet.
cluster_slots_known() {
  redis-cli -h "$1" -p "$2" cluster info 2>/dev/null | sed -n 's/^cluster_slots_assigned:\([0-9]*\).*/\1/p'
}

start_cluster_node() { # host port
  local dir="$STATE/redis-cluster/$2"
  mkdir -p "$dir" "$STATE/logs"
  log "starting cluster node redis-server on $1:$2"
  redis-server --daemonize yes --bind "$1" --port "$2" --dir "$dir" --cluster-enabled yes \
    --cluster-config-file nodes.conf --cluster-node-timeout 5000 --pidfile "$STATE/redis-cluster-$2.pid" \
    --logfile "$STATE/logs/redis-cluster-$2.log" --save "" --appendonly no --maxmemory-policy noeviction >/dev/null
  wait_for "cluster node $1:$2" redis_answers "$1" "$2"
}

cluster_up() {
  local nodes=() node host port fresh=0
  mapfile -t nodes < <(cluster_nodes)
  [[ ${#nodes[@]} -ge 3 ]] || die "REDIS_CLUSTER_NODES needs at least three host:port nodes (three masters)"
  if cluster_all_ok; then log "Redis Cluster answers at $REDIS_CLUSTER_NODES"; echo "$REDIS_CLUSTER_NODES"; return 0; fi
  ensure_redis_server
  command -v redis-cli >/dev/null || die "redis-cli is missing (it comes with redis-server; Redis 6.2+)"
  for node in "${nodes[@]}"; do
    host="${node%:*}"; port="${node##*:}"
    redis_answers "$host" "$port" && continue
    is_local "$host" || die "cluster node $node does not answer and is not a loopback address"
    start_cluster_node "$host" "$port"
  done
  for node in "${nodes[@]}"; do
    [[ "$(cluster_slots_known "${node%:*}" "${node##*:}")" == "0" ]] && fresh=$((fresh + 1))
  done
  if [[ $fresh == "${#nodes[@]}" ]]; then
    log "creating the cluster of ${nodes[*]}"
    redis-cli --cluster create "${nodes[@]}" --cluster-replicas 0 --cluster-yes >"$STATE/logs/redis-cluster-create.log" 2>&1 \
      || die "redis-cli --cluster create failed (see $STATE/logs/redis-cluster-create.log)"
  elif [[ $fresh != 0 ]]; then
    die "some nodes of $REDIS_CLUSTER_NODES belong to a cluster and others to none; run cluster-down first"
  fi
  wait_for "the Redis Cluster (cluster_state:ok on every node)" cluster_all_ok
  log "Redis Cluster answers at $REDIS_CLUSTER_NODES"
  echo "$REDIS_CLUSTER_NODES"
}

# Stops the nodes cluster-up started and drops their data, so the next cluster-up starts clean.
cluster_down() {
  local node
  while read -r node; do stop_pidfile "redis-cluster-${node##*:}"; done < <(cluster_nodes)
  rm -rf "$STATE/redis-cluster"
}

case "${1:-}" in
  up) up "${2:-}" ;;
  down) down ;;
  status) status ;;
  binaries) binaries ;;
  cluster-up) cluster_up ;;
  cluster-down) cluster_down ;;
  *) echo "usage: $0 up [--with-browser]|down|status|binaries|cluster-up|cluster-down" >&2; exit 2 ;;
esac
