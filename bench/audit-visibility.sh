#!/usr/bin/env bash
# How long after a read of secret values does its audit event show in the audit API?
# Target: under 2 s. Reads the demo credentials from the state folder written by `deploy/local/stack up`.
#
#   bench/audit-visibility.sh [SAMPLES]      (default 50)
#
# Each sample: one GET of the demo project's development variables with a fresh X-Request-Id, then
# polling GET /v1/projects/{p}/audit-events every 20 ms until the event with that request id appears
# (gives up on a sample after 10 s). Prints p50, p95 and max in milliseconds; exits 1 if any sample
# missed the 2 s target.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
state="${MICROENV_HOME:-$root/.microenv}"
samples="${1:-50}"
[[ "$samples" =~ ^[1-9][0-9]*$ ]] || { echo "usage: $0 [SAMPLES]" >&2; exit 2; }
[[ -r "$state/demo.env" ]] || { echo "no $state/demo.env: run deploy/local/stack up first" >&2; exit 2; }
# shellcheck disable=SC1091
. "$state/demo.env"

base="$MICROENV_API_URL/v1/projects/$MICROENV_DEMO_PROJECT_ID"
auth=(-H "Authorization: Bearer $MICROENV_DEMO_API_KEY")
# Reading the audit log needs `admin`: the demo user's CLI token (owner), not the read/write key.
audit_auth=(-H "Authorization: Bearer ${MICROENV_DEMO_CLI_TOKEN:?demo.env has no MICROENV_DEMO_CLI_TOKEN; run deploy/local/stack up}")
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

results=()
for ((i = 1; i <= samples; i++)); do
  rid="bench-audit-$$-$i-$RANDOM"
  start=$(now_ms)
  code=$(curl -s -o /dev/null -w '%{http_code}' "${auth[@]}" -H "X-Request-Id: $rid" "$base/environments/development/variables")
  [[ "$code" == 200 ]] || { echo "sample $i: the read answered $code" >&2; exit 1; }
  while :; do
    if curl -s "${audit_auth[@]}" "$base/audit-events?limit=20&action=variable.read" \
        | jq -e --arg rid "$rid" 'any(.events[]; .data.requestId == $rid)' > /dev/null; then
      break
    fi
    if (( $(now_ms) - start > 10000 )); then echo "sample $i: no audit event after 10 s" >&2; exit 1; fi
    sleep 0.02
  done
  results+=($(( $(now_ms) - start )))
  printf '\r%d/%d samples' "$i" "$samples" >&2
done
echo >&2

sorted=($(printf '%s\n' "${results[@]}" | sort -n))
n=${#sorted[@]}
p50=${sorted[$(( (n - 1) * 50 / 100 ))]}
p95=${sorted[$(( (n - 1) * 95 / 100 ))]}
max=${sorted[$(( n - 1 ))]}
echo "read -> visible in the audit API, $n samples: p50 ${p50} ms, p95 ${p95} ms, max ${max} ms (target < 2000 ms)"
(( max < 2000 ))
