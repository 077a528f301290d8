#!/usr/bin/env bash
# Regenerates every capture in testdata/pcaps/ (the one command):
#
#   bash testdata/pcaps/generator/generate.sh            # all scenarios
#   bash testdata/pcaps/generator/generate.sh chat-tools # just some
#   ... --no-goldens                                     # captures only; else the goldens are re-blessed after
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
GOLDENS=1
ARGS=()
for a in "$@"; do
  if [[ "$a" == --no-goldens ]]; then GOLDENS=0; else ARGS+=("$a"); fi
done
if [[ ${#ARGS[@]} -gt 0 ]]; then SCENARIOS=("${ARGS[@]}"); else SCENARIOS=("${ALL_SCENARIOS[@]}"); fi

# ------------------------------------------------------------------ process bookkeeping
WORK="$(mktemp -d)"
SERVER_PID=""
PROXY_PID=""
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
  stop_pid "$PROXY_PID" TERM
  stop_pid "$SERVER_PID" TERM
  TCPDUMP_PID=""
  PROXY_PID=""
  SERVER_PID=""
  netns_down
  rm -rf "$WORK"
  rm -f "$OUT_DIR"/*.pcap.tmp "$OUT_DIR"/*.pcapng.tmp "$OUT_DIR"/*.observed.json.tmp "$OUT_DIR"/*/*.pcap.tmp \
    "$OUT_DIR"/*/*.observed.json.tmp
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

# ------------------------------------------------------------------ capture variants
# A scenario's suffix picks how it is captured (the client and server are the same):
#   -ipv6    server on ::1                   -cooked  tcpdump -i any: Linux cooked capture (SLL2)
#   -pcapng  dumpcap, which writes pcapng    -vlan / -qinq  between two network namespaces over a veth,
#                                             then tagged 802.1Q 100 / 802.1ad 200 + 802.1Q 100 (vlan-tag.mjs)
#   -midcall the capture is cut so that it starts in the middle of the first call's response
#   -proxy-hop  the client talks to fake-litellm-proxy.mjs on 127.0.0.1, which forwards to the fake server on
#            127.0.0.2 (another port): both legs in one capture, as two (client, server) views
NS_CLIENT=egret-fixture-client
NS_SERVER=egret-fixture-server

netns_down() {
  ip netns del "$NS_CLIENT" 2>/dev/null || true
  ip netns del "$NS_SERVER" 2>/dev/null || true
}

# netns_up: client 10.99.0.1 and server 10.99.0.2 in two network namespaces joined by a veth pair, so frames
# carry real MAC addresses (the VLAN tags are added afterwards by vlan-tag.mjs: no VLAN devices on this kernel)
netns_up() {
  netns_down
  ip netns add "$NS_CLIENT"
  ip netns add "$NS_SERVER"
  ip link add fx-client type veth peer name fx-server
  local side ns dev addr
  for side in client server; do
    ns="egret-fixture-$side" dev="fx-$side"
    [[ $side == client ]] && addr=10.99.0.1 || addr=10.99.0.2
    ip link set "$dev" netns "$ns"
    ip -n "$ns" link set lo up
    ip -n "$ns" addr add "$addr/24" dev "$dev"
    ip -n "$ns" link set "$dev" up
  done
}

# cut_mid_call PCAP OBSERVED PORT: drop every packet before the fifth data segment of the server's first response,
# as a capture started while a call is streaming would; that call leaves the observed list (it is no longer in the
# capture as a call) for "cut_by_capture", and the calls after it must still be found.
cut_mid_call() {
  local pcap="$1" observed="$2" port="$3" first cut
  # the packet number of the server's first segment with data (tcpdump -# numbers the packets it prints)
  first="$("$TCPDUMP" -r "$pcap" -nn -# 2>/dev/null \
    | awk -v src="127.0.0.1.$port" '!n && $4 == src && /Flags \[P/ { n = $1 } END { print n }')"
  [[ -n "$first" ]] || { log "midcall: no server data in $pcap"; exit 1; }
  cut=$((first + 4))
  editcap -F pcap "$pcap" "$pcap.cut" "1-$((cut - 1))" >/dev/null # deletes the packets before the cut
  mv -f "$pcap.cut" "$pcap"
  node -e "
    const fs = require('fs');
    const o = JSON.parse(fs.readFileSync('$observed', 'utf8'));
    o.cut_by_capture = o.llm_calls.splice(0, 1);
    o.capture_starts_at_packet = $cut;
    fs.writeFileSync('$observed', JSON.stringify(o, null, 2) + '\\n');"
  log "midcall: capture starts at packet $cut, inside the first call's response"
}

# ------------------------------------------------------------------ one scenario
run_scenario() {
  local scenario="$1"
  family_of "$scenario"
  local ext=pcap host=127.0.0.1 iface=lo in_client="" in_server="" vlans="" capture=tcpdump proxy=""
  case "$scenario" in
    *-ipv6) host=::1 ;;
    *-cooked) iface=any ;;
    *-pcapng) ext=pcapng capture=dumpcap ;;
    *-vlan) vlans=100 ;;
    *-qinq) vlans=200,100 ;;
    *-proxy-hop) proxy=fake-litellm-proxy.mjs ;;
  esac
  # chat-<server>: the fake OpenAI server answers as that OpenAI-compatible server does
  local flavor=openai
  case "$scenario" in
    chat-vllm | chat-sglang | chat-ollama | chat-llamacpp | chat-litellm) flavor="${scenario#chat-}" ;;
  esac
  if [[ -n "$vlans" ]]; then
    netns_up
    host=10.99.0.2 iface=fx-client
    in_client="ip netns exec $NS_CLIENT" in_server="ip netns exec $NS_SERVER"
  fi
  mkdir -p "$OUT_DIR/$DIR"
  local pcap="$OUT_DIR/$DIR$PREFIX$scenario.$ext"
  local observed="$OUT_DIR/$DIR$PREFIX$scenario.observed.json"
  local port backend_port="" filter client_env=""
  if [[ -n "$in_server" ]]; then port=8080; else port="$(free_port)"; fi
  filter="tcp port $port"
  log "$scenario: port $port on $host, capturing on $iface with $capture"

  if [[ -n "$proxy" ]]; then
    backend_port="$port"
    while [[ "$backend_port" == "$port" ]]; do backend_port="$(free_port)"; done
    filter="tcp port $port or tcp port $backend_port"
    client_env="FIXTURE_UPSTREAM_OBSERVED=$WORK/upstream.json"
    log "$scenario: behind the proxy, the server listens on 127.0.0.2 port $backend_port"
    env FIXTURE_FLAVOR="$flavor" node "$GEN_DIR/$SERVER" "$backend_port" 127.0.0.2 >"$WORK/server.out" 2>"$WORK/server.err" &
    SERVER_PID=$!
    wait_for_line "$WORK/server.out" "^listening $backend_port\$" "$SERVER_PID" 100
    env $client_env node "$GEN_DIR/$proxy" "$port" "$host" "http://127.0.0.2:$backend_port/v1" >"$WORK/proxy.out" 2>"$WORK/proxy.err" &
    PROXY_PID=$!
    wait_for_line "$WORK/proxy.out" "^listening $port\$" "$PROXY_PID" 100
  else
    $in_server env FIXTURE_FLAVOR="$flavor" node "$GEN_DIR/$SERVER" "$port" "$host" >"$WORK/server.out" 2>"$WORK/server.err" &
    SERVER_PID=$!
    wait_for_line "$WORK/server.out" "^listening $port\$" "$SERVER_PID" 100
  fi

  rm -f "$pcap.tmp"
  if [[ "$capture" == dumpcap ]]; then
    dumpcap -q -i "$iface" -s 0 -f "$filter" -w "$pcap.tmp" 2>"$WORK/tcpdump.err" &
    TCPDUMP_PID=$!
    wait_for_line "$WORK/tcpdump.err" "Capturing on" "$TCPDUMP_PID" 100
  else
    $in_client "$TCPDUMP" -i "$iface" -s 0 -B 32768 -U -n -Z root --immediate-mode -w "$pcap.tmp" \
      "$filter" 2>"$WORK/tcpdump.err" &
    TCPDUMP_PID=$!
    wait_for_line "$WORK/tcpdump.err" "listening on" "$TCPDUMP_PID" 100
  fi
  sleep 0.3 # the filter is attached once the capture says it listens; give it a beat anyway

  (cd "$GEN_DIR" && $in_client env FIXTURE_HOST="$host" $client_env node "$CLIENT" "$scenario" "$port" "$observed.tmp") >&2

  sleep 1 # let the client's FIN / the server's FIN-ACK land
  if [[ -n "$PROXY_PID" ]]; then
    # the proxy keeps its upstream connection alive until it stops: stop it inside the capture, so that closes too
    stop_pid "$PROXY_PID" TERM
    PROXY_PID=""
    sleep 0.5
  fi
  stop_pid "$TCPDUMP_PID" INT
  TCPDUMP_PID=""
  stop_pid "$SERVER_PID" TERM
  SERVER_PID=""
  [[ -n "$vlans" ]] && netns_down
  local err
  for err in server proxy; do
    if [[ -s "$WORK/$err.err" ]]; then
      log "$scenario: $err stderr:"
      cat "$WORK/$err.err" >&2
    fi
  done
  rm -f "$WORK/proxy.err"
  grep -E 'packets (captured|dropped by kernel)|^Packets' "$WORK/tcpdump.err" | sed "s/^/[generate] $scenario: /" >&2 || true
  if grep -qE '^[1-9][0-9]* packets? dropped by kernel' "$WORK/tcpdump.err"; then
    log "$scenario: the kernel dropped packets (a busy machine?): run it again"
    exit 1
  fi

  # Sanity: every connection must be captured from its SYN to the client's FIN (the client
  # exits with its keep-alive sockets open, so the kernel closes them), i.e. nothing was cut off.
  # (IPv6: the TCP flags byte is at 40 + 13, BPF cannot index tcp[] behind an IPv6 header.)
  local syn_filter fin_filter syns fins
  if [[ "$host" == *:* ]]; then
    syn_filter="ip6[53] & 0x12 == 0x02" fin_filter="ip6[53] & 0x01 != 0 and src port not $port"
  else
    syn_filter="tcp[tcpflags] & (tcp-syn|tcp-ack) == tcp-syn"
    fin_filter="tcp[tcpflags] & tcp-fin != 0 and src port not $port"
  fi
  [[ -n "$backend_port" ]] && fin_filter="$fin_filter and src port not $backend_port"
  syns="$("$TCPDUMP" -r "$pcap.tmp" -nn "$syn_filter" 2>/dev/null | wc -l)"
  fins="$("$TCPDUMP" -r "$pcap.tmp" -nn "$fin_filter" 2>/dev/null | wc -l)"
  if [[ "$syns" -lt 1 || "$fins" -lt "$syns" ]]; then
    log "$scenario: capture looks truncated ($syns connection(s), $fins client FIN(s))"
    exit 1
  fi

  if [[ -n "$vlans" ]]; then
    node "$GEN_DIR/vlan-tag.mjs" "$pcap.tmp" "$pcap.tagged" "$vlans" >&2
    mv -f "$pcap.tagged" "$pcap.tmp"
  fi
  if [[ "$scenario" == *-midcall ]]; then
    cut_mid_call "$pcap.tmp" "$observed.tmp" "$port"
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
if [[ "$GOLDENS" == 1 ]]; then
  # The goldens are what the appliance makes of the captures: the end-to-end test writes them in bless mode,
  # after checking every capture against what its client observed.
  log "blessing the goldens (the whole test suite runs: EGRET_BLESS_GOLDENS=1 ./run-tests)"
  (cd "$OUT_DIR/../.." && EGRET_BLESS_GOLDENS=1 ./run-tests -q) >&2
  git -C "$OUT_DIR" status --short -- golden >&2 || true
fi
log "done"
