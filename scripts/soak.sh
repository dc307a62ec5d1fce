#!/usr/bin/env bash
# The deterministic-suite proof (issue 15): a fresh clone runs `npm test` N times in a row while a second fresh
# clone's suite loops beside it, so every run meets a loaded machine (two suites on two cores). Each run's result
# and seconds are printed; a failing run's whole output is kept. Exits non-zero if any run failed, on either side.
#
#   scripts/soak.sh [runs=10] [git ref=HEAD]
#
# Environment: SOAK_NODE (default 22) is the Node line of the counted runs, SOAK_BESIDE_NODE (default 24) the
# line of the copy beside it (so both CI lines are exercised); SOAK_BESIDE=0 runs without the second copy;
# SOAK_DIR keeps the clones and logs somewhere other than a new temp dir.
set -uo pipefail

runs="${1:-10}"
ref="${2:-HEAD}"
node_main="${SOAK_NODE:-22}"
node_beside="${SOAK_BESIDE_NODE:-24}"
repo="$(cd "$(dirname "$0")/.." && pwd)"
commit="$(git -C "$repo" rev-parse --verify "${ref}^{commit}")" || { echo "soak: no commit ${ref} in ${repo}" >&2; exit 2; }
work="${SOAK_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/fsm-soak.XXXXXX")}"
mkdir -p "$work/logs"
echo "soak: ${runs} runs of npm test (Node ${node_main}) at ${commit:0:12}; work dir ${work}"

# A fresh clone at the commit, installed exactly as CI does (npm ci; its `prepare` builds dist/).
fresh() {
  local dir="$1" node="$2"
  rm -rf "$dir"
  git clone --quiet --no-local --no-checkout "$repo" "$dir" && git -C "$dir" checkout --quiet --detach "$commit" || return 1
  (cd "$dir" && npx -y -p "node@${node}" -c 'npm ci --no-audit --no-fund --prefer-offline') >"$work/logs/$(basename "$dir")-install.log" 2>&1
}

echo "soak: cloning and installing"
fresh "$work/main" "$node_main" || { echo "soak: install failed, see $work/logs/main-install.log"; exit 2; }

beside_pid=""
run_pid=""
stop() {
  # Both loops run in process groups of their own (setsid): end those groups only, by their ids.
  for pid in "$run_pid" "$beside_pid"; do
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then kill -- "-$pid" 2>/dev/null; wait "$pid" 2>/dev/null; fi
  done
  run_pid=""
  beside_pid=""
}
trap stop EXIT
trap 'exit 130' INT TERM

if [ "${SOAK_BESIDE:-1}" != "0" ]; then
  fresh "$work/beside" "$node_beside" || { echo "soak: install of the second copy failed, see $work/logs/beside-install.log"; exit 2; }
  # Loops until stopped; each completed run appends PASS/FAIL and seconds to beside.results (a failing run's
  # output is kept). The run cut short at the end is neither.
  setsid bash -c '
    cd "$1" || exit 1
    i=0
    while true; do
      i=$((i + 1)); start=$SECONDS
      if npx -y -p "node@$2" -c "npm test" >"$3/beside-run-$i.log" 2>&1; then
        echo "PASS $((SECONDS - start))" >>"$3/beside.results"; rm -f "$3/beside-run-$i.log"
      else
        echo "FAIL $((SECONDS - start)) beside-run-$i.log" >>"$3/beside.results"
      fi
    done' soak-beside "$work/beside" "$node_beside" "$work/logs" &
  beside_pid=$!
  echo "soak: second copy looping beside (Node ${node_beside}, pid ${beside_pid})"
fi

failed=0
for i in $(seq 1 "$runs"); do
  log="$work/logs/run-$i.log"
  start=$SECONDS
  # In the background and waited for, so an interrupt stops the run at once (bash defers traps until a
  # foreground command ends).
  setsid bash -c 'cd "$1" && npx -y -p "node@$2" -c "npm test"' soak-run "$work/main" "$node_main" >"$log" 2>&1 &
  run_pid=$!
  wait "$run_pid"
  status=$?
  run_pid=""
  if [ "$status" -eq 0 ]; then
    echo "run ${i}/${runs}: PASS $((SECONDS - start)) s"
    rm -f "$log"
  else
    failed=$((failed + 1))
    echo "run ${i}/${runs}: FAIL $((SECONDS - start)) s (output kept: ${log})"
    grep -E "FAIL |✗|×|AssertionError|Error:" "$log" | head -20 | sed 's/^/    /'
  fi
done
stop

beside_failed=0
if [ -f "$work/logs/beside.results" ]; then
  echo "beside (Node ${node_beside}): $(grep -c '^PASS' "$work/logs/beside.results") passed, $(grep -c '^FAIL' "$work/logs/beside.results") failed"
  sed 's/^/    /' "$work/logs/beside.results"
  beside_failed=$(grep -c '^FAIL' "$work/logs/beside.results")
fi
echo "soak: ${runs} runs, $((runs - failed)) passed, ${failed} failed (Node ${node_main}); logs in ${work}/logs"
[ "$failed" -eq 0 ] && [ "$beside_failed" -eq 0 ]
