# Shared shell helpers for tools/dev, tools/testenv and tools/bootstrap.
# Sourced, never run.

KEYWAY_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}

say() { printf '\033[1m[keyway]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[31m[keyway] %s\033[0m\n' "$*" >&2; exit 1; }

# The unprivileged account PostgreSQL runs as (it refuses to run as root).
pg_user() {
  if [[ $(id -u) -ne 0 ]]; then id -un; return; fi
  if id postgres >/dev/null 2>&1; then echo postgres; return; fi
  useradd --system --no-create-home --shell /usr/sbin/nologin keyway-pg >/dev/null 2>&1 || true
  echo keyway-pg
}

# Runs a command as the PostgreSQL account.
as_pg() {
  local user; user=$(pg_user)
  if [[ $(id -un) == "$user" ]]; then "$@"; else runuser -u "$user" -- "$@"; fi
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Prints a TCP port on loopback that nothing listens on.
# A free port below the kernel's ephemeral range, where outgoing connections
# (and servers bound to port 0) cannot take it between choosing and binding.
free_port() {
  local p low
  low=$(cut -f1 /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || echo 32768)
  (( low > 12000 )) || low=32768
  for _ in $(seq 1 200); do
    p=$((10000 + RANDOM % (low - 10000)))
    port_in_use "$p" || { echo "$p"; return; }
  done
  die "no free port found on 127.0.0.1"
}

# pg_start DATA_DIR PORT: initialises the cluster on first use, then starts it.
# Sockets live in the data folder, so that two clusters never share one.
pg_start() {
  local dir=$1 port=$2 user
  user=$(pg_user)
  mkdir -p "$dir"
  chown "$user" "$dir"
  chmod 700 "$dir"
  if [[ ! -f $dir/PG_VERSION ]]; then
    as_pg "$PG_BIN/initdb" -D "$dir" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir.initdb.log" 2>&1 \
      || { cat "$dir.initdb.log" >&2; die "initdb failed in $dir"; }
  fi
  as_pg "$PG_BIN/pg_ctl" -D "$dir" -l "$dir/server.log" -w -t 60 \
    -o "-p $port -c listen_addresses=127.0.0.1 -k $dir -c max_connections=300 ${PG_EXTRA_OPTS:-}" start >/dev/null \
    || { tail -20 "$dir/server.log" >&2; die "PostgreSQL did not start on port $port"; }
}

pg_stop() {
  local dir=$1
  [[ -f $dir/postmaster.pid ]] || return 0
  as_pg "$PG_BIN/pg_ctl" -D "$dir" -m fast -w -t 60 stop >/dev/null 2>&1 || true
}

# await_exit PID...: waits up to 10 s for each process to be gone.
await_exit() {
  local p
  for p in "$@"; do
    for _ in $(seq 1 100); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
  done
}

# pg_kill DATA_DIR: a crash. The postmaster and every backend get SIGKILL at
# once (backends left behind would hold its shared memory and keep a new
# postmaster from starting); pg_start then recovers from the WAL.
pg_kill() {
  local dir=$1 pids
  [[ -f $dir/postmaster.pid ]] || return 0
  pids=("$(head -1 "$dir/postmaster.pid")")
  mapfile -t -O 1 pids < <(pgrep -P "${pids[0]}")
  kill -KILL "${pids[@]}" 2>/dev/null || true
  await_exit "${pids[@]}"
}

# redis_start DIR PORT: a private Redis whose every write is on disk before it
# is acknowledged (append-only file, fsync always), so a restart loses nothing.
redis_start() {
  local dir=$1 port=$2
  mkdir -p "$dir"
  redis-server --port "$port" --bind 127.0.0.1 --daemonize yes --dir "$dir" \
    --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" \
    --appendonly yes --appendfsync always --save '' >/dev/null
  for _ in $(seq 1 100); do
    redis-cli -p "$port" ping >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  die "Redis did not start on port $port (see $dir/redis.log)"
}

# redis_kill DIR: a crash; the append-only file has every acknowledged write.
redis_kill() {
  local dir=$1 pid
  [[ -f $dir/redis.pid ]] || return 0
  pid=$(cat "$dir/redis.pid")
  kill -KILL "$pid" 2>/dev/null || true
  await_exit "$pid"
}

redis_stop() {
  local dir=$1 port=$2
  redis-cli -p "$port" shutdown >/dev/null 2>&1 || true
  for _ in $(seq 1 100); do
    [[ -f $dir/redis.pid ]] && kill -0 "$(cat "$dir/redis.pid")" 2>/dev/null || return 0
    sleep 0.1
  done
}
