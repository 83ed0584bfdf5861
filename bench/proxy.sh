#!/usr/bin/env bash
# What the proxy adds: a small non-streaming request (p50, p99) and a long NDJSON stream, straight
# to the fake Ollama, through `smartload serve`'s proxy, and through nginx as a plain reverse proxy
# (proxy_buffering off) when nginx is installed. Loopback only; bounded counts. Not a test.
#
#   bench/proxy.sh [REQUESTS] [STREAM_RUNS] [STREAM_LINES]
set -euo pipefail
cd "$(dirname "$0")/.."

REQUESTS=${1:-3000}
STREAMS=${2:-5}
LINES=${3:-100000}
WORK=$(mktemp -d)
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  if [[ -f "$WORK/nginx.pid" ]]; then kill "$(cat "$WORK/nginx.pid")" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

# One reactor run compiles the fake, the proxy and what they need and writes the test class path;
# the reactor (-am) supplies core and its test-jar from their target/ folders, so nothing has to
# be installed into ~/.m2 first. Each module writes the file in turn: adapters-ollama, last, wins.
./mvnw -B -q -pl adapters-ollama -am test-compile dependency:build-classpath \
  -Dspotless.check.skip=true -Dmdep.includeScope=test -Dmdep.outputFile="$WORK/cp.txt" >/dev/null
CP="adapters-ollama/target/test-classes:adapters-ollama/target/classes:$(cat "$WORK/cp.txt")"
BENCH=io.github.smartload.ollama.proxy.ProxyBench

await_line() { # FILE KEY: waits for "KEY=" in FILE
  for _ in $(seq 150); do grep -q "$2=" "$1" 2>/dev/null && return; sleep 0.1; done
  cat "$1" "$1.err" >&2; exit 1
}
# The JDK server behind the fake would otherwise wait for delayed ACKs (Nagle): 40 ms a request.
java -Dsun.net.httpserver.nodelay=true -cp "$CP" "$BENCH" fake "$LINES" \
  >"$WORK/fake.out" 2>"$WORK/fake.out.err" &
PIDS+=($!)
await_line "$WORK/fake.out" fake
FAKE=$(sed -n 's/.*fake=\([0-9]*\).*/\1/p' "$WORK/fake.out")
PROCFS=$(sed -n 's/.*procfs=\(.*\)$/\1/p' "$WORK/fake.out")
java -cp "$CP" "$BENCH" proxy "$FAKE" "$PROCFS" >"$WORK/proxy.out" 2>"$WORK/proxy.out.err" &
PIDS+=($!)
await_line "$WORK/proxy.out" proxy
PROXY=$(sed -n 's/.*proxy=\([0-9]*\).*/\1/p' "$WORK/proxy.out")

TARGETS=("direct=http://127.0.0.1:$FAKE/" "smartload=http://127.0.0.1:$PROXY/")
NGINX=$(command -v nginx || ls /usr/sbin/nginx 2>/dev/null || true)
if [[ -n "$NGINX" ]]; then
  NGINX_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  mkdir -p "$WORK/nginx"
  cat >"$WORK/nginx.conf" <<CONF
worker_processes 1;
pid $WORK/nginx.pid;
error_log $WORK/nginx/error.log warn;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path $WORK/nginx;
  proxy_temp_path $WORK/nginx;
  fastcgi_temp_path $WORK/nginx;
  uwsgi_temp_path $WORK/nginx;
  scgi_temp_path $WORK/nginx;
  upstream ollama { server 127.0.0.1:$FAKE; keepalive 8; }
  server {
    listen 127.0.0.1:$NGINX_PORT;
    location / {
      proxy_pass http://ollama;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_buffering off;
      proxy_request_buffering off;
    }
  }
}
CONF
  "$NGINX" -c "$WORK/nginx.conf" -e "$WORK/nginx/error.log"
  TARGETS+=("nginx=http://127.0.0.1:$NGINX_PORT/")
fi

echo "$(nproc) cores; $REQUESTS small requests, median of $STREAMS streams of $LINES lines each"
java -cp "$CP" "$BENCH" measure "$REQUESTS" "$STREAMS" "${TARGETS[@]}"
