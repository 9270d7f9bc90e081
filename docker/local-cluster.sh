#!/usr/bin/env bash
# The docker-compose topology without containers: Redis, one CPU silo, two GPU-role silos (ONNX Runtime's CPU
# provider) and the REST API/dashboard (--role api), as processes on this machine, all from the Release build of
# src/CohortGrid.Silo, sharing one data folder (the local blob store, models, sample slides).
#
#   docker/local-cluster.sh                 start, print the dashboard URL and key, stay in the foreground (Ctrl+C stops all)
#   docker/local-cluster.sh --detach        start and return; the processes keep running
#   docker/local-cluster.sh --stop          stop a detached cluster (pid files in {data}/run)
#
# Options:
#   --data DIR          shared data folder (default ./cohortgrid-data-cluster); logs in DIR/logs, pids in DIR/run
#   --http-port N       the dashboard/API port (default 5080, or a free one when 5080 is taken)
#   --redis-port N      Redis port (default: a free one); Redis listens on 127.0.0.1 only, without persistence
#   --timeout SECONDS   how long to wait for each process's /health (default 120)
#   -h, --help          this text
# Environment: COHORTGRID_API_KEY (default: a new random key, printed), DOTNET (default: dotnet).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
data="$PWD/cohortgrid-data-cluster"
http_port=""
redis_port=""
timeout=120
mode=foreground
dotnet="${DOTNET:-dotnet}"
silo_dll="$root/src/CohortGrid.Silo/bin/Release/net10.0/cohortgrid-silo.dll"
cli_dll="$root/src/CohortGrid.Cli/bin/Release/net10.0/cohortgrid.dll"

log() { printf '\033[1m[cluster]\033[0m %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

while (($# > 0)); do
  case "$1" in
    --data) data="${2:?--data needs a folder}"; shift 2 ;;
    --http-port) http_port="${2:?--http-port needs a number}"; shift 2 ;;
    --redis-port) redis_port="${2:?--redis-port needs a number}"; shift 2 ;;
    --timeout) timeout="${2:?--timeout needs seconds}"; shift 2 ;;
    --detach|-d) mode=detach; shift ;;
    --stop) mode=stop; shift ;;
    -h|--help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument '$1' (try --help)" ;;
  esac
done

for value in "$http_port" "$redis_port"; do
  [[ -z "$value" || ( "$value" =~ ^[0-9]+$ && "$value" -ge 1 && "$value" -le 65535 ) ]] || die "'$value' is not a port number"
done
[[ "$timeout" =~ ^[0-9]+$ ]] || die "--timeout takes whole seconds"

mkdir -p "$data"
data="$(cd "$data" && pwd)"
run="$data/run"
logs="$data/logs"

# A process of ours is running under a pid file: the pid is alive and is the program we started (not a reused pid).
alive() {
  local pid_file="$1" pid
  [[ -f "$pid_file" ]] || return 1
  pid="$(cat "$pid_file")"
  [[ "$pid" =~ ^[0-9]+$ ]] && [[ -r "/proc/$pid/cmdline" ]] || return 1
  tr '\0' ' ' < "/proc/$pid/cmdline" | grep -Eq 'cohortgrid-silo\.dll|redis-server'
}

# Stops every process with a pid file, the API first and Redis last: SIGTERM (silos drain and leave), then SIGKILL
# after the silos' shutdown timeout has had its chance.
stop_all() {
  local name pid waited
  [[ -d "$run" ]] || return 0
  for name in api silo-gpu-2 silo-gpu-1 silo-cpu redis; do
    if alive "$run/$name.pid"; then
      pid="$(cat "$run/$name.pid")"
      log "stopping $name (pid $pid)"
      kill -TERM "$pid" 2>/dev/null || true
      waited=0
      while kill -0 "$pid" 2>/dev/null && ((waited < 1000)); do
        sleep 0.1
        waited=$((waited + 1))
      done
      if kill -0 "$pid" 2>/dev/null; then
        log "$name did not stop within 100 s: killing it"
        kill -KILL "$pid" 2>/dev/null || true
      fi
    fi
    rm -f "$run/$name.pid"
  done
}

if [[ "$mode" == stop ]]; then
  stop_all
  log "stopped (data kept in $data)"
  exit 0
fi

for name in redis silo-cpu silo-gpu-1 silo-gpu-2 api; do
  if alive "$run/$name.pid"; then
    die "a cluster is already running with data in $data (pid file $run/$name.pid); stop it with: $0 --stop --data $data"
  fi
done

# redis-server: Debian's package, installed only when missing (as scripts/setup.sh installs its packages).
if ! command -v redis-server >/dev/null 2>&1; then
  sudo=""
  if [[ "$(id -u)" -ne 0 ]]; then
    command -v sudo >/dev/null 2>&1 || die "redis-server is missing and installing it needs root or sudo (apt-get install redis-server)"
    sudo="sudo"
  fi
  log "installing redis-server (Debian package)"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends redis-server >/dev/null
fi

if [[ ! -f "$silo_dll" || ! -f "$cli_dll" ]]; then
  log "building the host and the CLI (Release)"
  "$dotnet" build "$root/src/CohortGrid.Silo/CohortGrid.Silo.csproj" -c Release -nologo -v:quiet >/dev/null
  "$dotnet" build "$root/src/CohortGrid.Cli/CohortGrid.Cli.csproj" -c Release -nologo -v:quiet >/dev/null
fi

# Something listens on 127.0.0.1:$1.
in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Sets the variable named $1 to a port nothing listens on and that no earlier call handed out (no subshell, so
# the ports handed out are remembered).
taken=" "
free_port() {
  local port
  for _ in $(seq 1 200); do
    port=$((20000 + RANDOM % 30000))
    if [[ "$taken" != *" $port "* ]] && ! in_use "$port"; then
      taken+="$port "
      printf -v "$1" '%s' "$port"
      return 0
    fi
  done
  die "no free port found"
}

if [[ -z "$http_port" ]]; then
  if in_use 5080; then free_port http_port; else http_port=5080; fi
elif in_use "$http_port"; then
  die "port $http_port is in use"
fi
taken+="$http_port "
if [[ -z "$redis_port" ]]; then
  free_port redis_port
elif in_use "$redis_port"; then
  die "port $redis_port is in use"
fi
taken+="$redis_port "

api_key="${COHORTGRID_API_KEY:-cg_$(head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')}"
mkdir -p "$run" "$logs" "$data/models" "$data/slides"

# Ctrl+C (or the script failing) in the foreground stops everything started so far.
cleanup() {
  local status=$?
  trap - INT TERM EXIT
  if [[ "$mode" == foreground || $status -ne 0 ]]; then
    stop_all
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# GET http://127.0.0.1:$1/health answers 200.
healthy() {
  if command -v curl >/dev/null 2>&1; then
    curl -fsS -o /dev/null --max-time 5 "http://127.0.0.1:$1/health" 2>/dev/null
  else
    local status
    status="$( (exec 3<>"/dev/tcp/127.0.0.1/$1" && printf 'GET /health HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' >&3 && head -n 1 <&3) 2>/dev/null || true)"
    [[ "$status" == *" 200 "* ]]
  fi
}

wait_healthy() {
  local name="$1" port="$2" pid waited=0
  pid="$(cat "$run/$name.pid")"
  until healthy "$port"; do
    kill -0 "$pid" 2>/dev/null || die "$name exited before it was healthy; last lines of $logs/$name.log:
$(tail -n 30 "$logs/$name.log")"
    ((waited < timeout * 5)) || die "$name was not healthy within $timeout s (http://127.0.0.1:$port/health); see $logs/$name.log"
    sleep 0.2
    waited=$((waited + 1))
  done
  log "$name is up: http://127.0.0.1:$port/health"
}

# Starts a host process in its own session (a terminal's Ctrl+C reaches it through cleanup, not directly), on
# fresh silo and gateway ports and the given HTTP port.
start_host() {
  local name="$1" role="$2" port="$3" silo_port gateway_port
  free_port silo_port
  free_port gateway_port
  COHORTGRID_API_KEY="$api_key" COHORTGRID_DATA="$data" \
    setsid "$dotnet" "$silo_dll" --role "$role" --node "$name" --redis "127.0.0.1:$redis_port" \
    --data "$data" --models "$data/models" \
    --silo-port "$silo_port" --gateway-port "$gateway_port" --http-port "$port" \
    </dev/null >"$logs/$name.log" 2>&1 &
  echo $! > "$run/$name.pid"
}

log "redis-server on 127.0.0.1:$redis_port (no persistence)"
mkdir -p "$data/redis"
setsid redis-server --bind 127.0.0.1 --port "$redis_port" --save "" --appendonly no --dir "$data/redis" --protected-mode yes \
  </dev/null >"$logs/redis.log" 2>&1 &
echo $! > "$run/redis.pid"
for _ in $(seq 1 100); do in_use "$redis_port" && break; sleep 0.1; done
in_use "$redis_port" || die "redis-server did not start; see $logs/redis.log"

# The sample encoders every silo can load (tiny-cnn-encoder is the default).
"$dotnet" "$cli_dll" sample models --out "$data/models" >/dev/null

# The CPU silo first: it holds the cohorts; then the GPU-role silos; the API last (it needs a gateway to start).
free_port cpu_http
free_port gpu1_http
free_port gpu2_http
start_host silo-cpu cpu "$cpu_http"
wait_healthy silo-cpu "$cpu_http"
start_host silo-gpu-1 gpu "$gpu1_http"
start_host silo-gpu-2 gpu "$gpu2_http"
wait_healthy silo-gpu-1 "$gpu1_http"
wait_healthy silo-gpu-2 "$gpu2_http"
start_host api api "$http_port"
wait_healthy api "$http_port"

umask 077
cat > "$run/cluster.env" <<EOF
COHORTGRID_URL=http://127.0.0.1:$http_port
COHORTGRID_API_KEY=$api_key
REDIS=127.0.0.1:$redis_port
DATA=$data
EOF

cat <<EOF

CohortGrid local cluster: 1 cpu silo, 2 gpu silos (CPU inference), API/dashboard, Redis 127.0.0.1:$redis_port
  Dashboard:  http://127.0.0.1:$http_port/   (sign in with the API key)
  API key:    $api_key
  REST API:   http://127.0.0.1:$http_port/api   (Authorization: Bearer <key>); cluster: /api/cluster
  Silos:      http://127.0.0.1:$cpu_http/health  http://127.0.0.1:$gpu1_http/health  http://127.0.0.1:$gpu2_http/health
  Data:       $data   (slides allowed under $data/slides and $data/sample)
  Logs:       $logs
  Settings:   $run/cluster.env
EOF

if [[ "$mode" == detach ]]; then
  echo "  Stop:       $0 --stop --data $data"
  trap - EXIT INT TERM
  exit 0
fi

echo "  Stop:       Ctrl+C"
# Stay in the foreground until Ctrl+C or until a process exits on its own.
while true; do
  for name in redis silo-cpu silo-gpu-1 silo-gpu-2 api; do
    alive "$run/$name.pid" || die "$name stopped; last lines of $logs/$name.log:
$(tail -n 20 "$logs/$name.log")"
  done
  sleep 1
done
