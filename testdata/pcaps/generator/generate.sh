#!/usr/bin/env bash
# Regenerates every capture in testdata/pcaps/ (the one command):
#
#   bash testdata/pcaps/generator/generate.sh            # all scenarios
#   bash testdata/pcaps/generator/generate.sh chat-tools # just some
#
# A scenario's name starts with its family, which names the fake server and the real-SDK client
# that make it (see family_of below); each client lists its own scenarios with --list.
# For each scenario: start the family's fake server on a free loopback port, start tcpdump on
# lo filtered to that port, run the client, then stop tcpdump (SIGINT) and the server. Writes
# testdata/pcaps/<dir><prefix><scenario>.pcap and .observed.json. Needs root (tcpdump on lo, apt-get).
set -euo pipefail

GEN_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
OUT_DIR="$(cd "$GEN_DIR/.." && pwd)"
log() { printf '[generate] %s\n' "$*" >&2; }

# family_of SCENARIO: sets SERVER, CLIENT (scripts in this folder), PREFIX (of the output files) and DIR (a
# subfolder of testdata/pcaps, or empty: the end-to-end test replays only the top level through the default
# distribution, so captures of a wire API it does not ship, such as the example decoder's, go to examples/)
family_of() {
  DIR=
  case "$1" in
    chat-*) SERVER=fake-openai-server.mjs CLIENT=agent-client.mjs PREFIX=openai- ;;
    responses-*) SERVER=fake-responses-server.mjs CLIENT=responses-client.mjs PREFIX=openai- ;;
    anthropic-*) SERVER=fake-anthropic-server.mjs CLIENT=anthropic-client.mjs PREFIX= ;;
    gemini-*) SERVER=fake-gemini-server.mjs CLIENT=gemini-client.mjs PREFIX= ;;
    ollama-*) SERVER=fake-ollama-server.mjs CLIENT=ollama-client.mjs PREFIX= DIR=examples/ ;;
    *) return 1 ;;
  esac
}
CLIENTS=(agent-client.mjs responses-client.mjs anthropic-client.mjs gemini-client.mjs ollama-client.mjs)

# ------------------------------------------------------------------ prerequisites
PATH="$PATH:/usr/sbin:/sbin"
if ! command -v tcpdump >/dev/null 2>&1; then
  log "installing tcpdump"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq tcpdump >/dev/null
fi
TCPDUMP="$(command -v tcpdump)"
command -v node >/dev/null 2>&1 || { log "node is required"; exit 1; }
command -v npm >/dev/null 2>&1 || { log "npm is required"; exit 1; }

# npm ci when any pinned SDK is missing or at another version than package.json pins
stale="$(node -e "
  const deps = require('$GEN_DIR/package.json').dependencies;
  for (const [name, want] of Object.entries(deps)) {
    let have = '';
    try { have = require('$GEN_DIR/node_modules/' + name + '/package.json').version; } catch {}
    if (have !== want) console.log(name + '@' + want);
  }")"
if [[ -n "$stale" ]]; then
  log "npm ci ($(echo $stale))"
  (cd "$GEN_DIR" && npm ci --no-audit --no-fund --loglevel=error >&2)
fi

ALL_SCENARIOS=()
for c in "${CLIENTS[@]}"; do
  [[ -f "$GEN_DIR/$c" ]] || continue
  mapfile -t listed < <(cd "$GEN_DIR" && node "$c" --list)
  ALL_SCENARIOS+=("${listed[@]}")
done
if [[ $# -gt 0 ]]; then SCENARIOS=("$@"); else SCENARIOS=("${ALL_SCENARIOS[@]}"); fi

# ------------------------------------------------------------------ process bookkeeping
WORK="$(mktemp -d)"
SERVER_PID=""
TCPDUMP_PID=""

stop_pid() { # stop_pid PID SIGNAL: signal, then wait up to ~5s, then SIGKILL
  local pid="$1" sig="$2" i
  [[ -n "$pid" ]] || return 0
  kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null || true; return 0; }
  kill "-$sig" "$pid" 2>/dev/null || true
  for i in $(seq 1 50); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

cleanup() {
  stop_pid "$TCPDUMP_PID" INT
  stop_pid "$SERVER_PID" TERM
  TCPDUMP_PID=""
  SERVER_PID=""
  rm -rf "$WORK"
  rm -f "$OUT_DIR"/*.pcap.tmp "$OUT_DIR"/*.observed.json.tmp "$OUT_DIR"/*/*.pcap.tmp "$OUT_DIR"/*/*.observed.json.tmp
}
trap cleanup EXIT
trap 'exit 130' INT TERM

wait_for_line() { # wait_for_line FILE REGEX PID TIMEOUT_DECISECONDS
  local file="$1" re="$2" pid="$3" limit="$4" i
  for ((i = 0; i < limit; i++)); do
    grep -qE "$re" "$file" 2>/dev/null && return 0
    kill -0 "$pid" 2>/dev/null || { log "process $pid exited early:"; cat "$file" >&2 || true; return 1; }
    sleep 0.1
  done
  log "timed out waiting for /$re/ in $file"
  cat "$file" >&2 || true
  return 1
}

free_port() {
  node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close();})"
}

# ------------------------------------------------------------------ one scenario
run_scenario() {
  local scenario="$1"
  family_of "$scenario"
  mkdir -p "$OUT_DIR/$DIR"
  local pcap="$OUT_DIR/$DIR$PREFIX$scenario.pcap"
  local observed="$OUT_DIR/$DIR$PREFIX$scenario.observed.json"
  local port
  port="$(free_port)"
  log "$scenario: port $port"

  node "$GEN_DIR/$SERVER" "$port" >"$WORK/server.out" 2>"$WORK/server.err" &
  SERVER_PID=$!
  wait_for_line "$WORK/server.out" "^listening $port\$" "$SERVER_PID" 100

  rm -f "$pcap.tmp"
  "$TCPDUMP" -i lo -s 0 -U -n -Z root --immediate-mode -w "$pcap.tmp" "tcp port $port" 2>"$WORK/tcpdump.err" &
  TCPDUMP_PID=$!
  wait_for_line "$WORK/tcpdump.err" "listening on" "$TCPDUMP_PID" 100
  sleep 0.3 # the filter is attached once 'listening on' is printed; give it a beat anyway

  (cd "$GEN_DIR" && node "$CLIENT" "$scenario" "$port" "$observed.tmp") >&2

  sleep 1 # let the client's FIN / the server's FIN-ACK land
  stop_pid "$TCPDUMP_PID" INT
  TCPDUMP_PID=""
  stop_pid "$SERVER_PID" TERM
  SERVER_PID=""
  if [[ -s "$WORK/server.err" ]]; then
    log "$scenario: server stderr:"
    cat "$WORK/server.err" >&2
  fi
  grep -E 'packets (captured|dropped by kernel)' "$WORK/tcpdump.err" | sed "s/^/[generate] $scenario: /" >&2 || true

  # Sanity: every connection must be captured from its SYN to the client's FIN (the client
  # exits with its keep-alive sockets open, so the kernel closes them), i.e. nothing was cut off.
  local syns fins
  syns="$("$TCPDUMP" -r "$pcap.tmp" -nn 'tcp[tcpflags] & (tcp-syn|tcp-ack) == tcp-syn' 2>/dev/null | wc -l)"
  fins="$("$TCPDUMP" -r "$pcap.tmp" -nn "tcp[tcpflags] & tcp-fin != 0 and src port not $port" 2>/dev/null | wc -l)"
  if [[ "$syns" -lt 1 || "$fins" -lt "$syns" ]]; then
    log "$scenario: capture looks truncated ($syns connection(s), $fins client FIN(s))"
    exit 1
  fi

  mv -f "$pcap.tmp" "$pcap"
  mv -f "$observed.tmp" "$observed"
  log "$scenario: wrote $(basename "$pcap") ($(stat -c %s "$pcap") bytes) and $(basename "$observed")"
}

for s in "${SCENARIOS[@]}"; do
  case " ${ALL_SCENARIOS[*]} " in
    *" $s "*) run_scenario "$s" ;;
    *) log "unknown scenario $s (known: ${ALL_SCENARIOS[*]})"; exit 2 ;;
  esac
done
log "done"
