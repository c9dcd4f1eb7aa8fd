#!/usr/bin/env bash
# Start-up time of the microenv CLI against the running local stack: median of 20 runs (hyperfine) of
# `variables get` and `run -- true` with the demo API key. Needs the stack up (deploy/local/stack up, holding
# /tmp/microenv-services.lock on shared machines) and hyperfine (apt-get install hyperfine).
#   cli/bench/startup.sh [LAUNCHER...]      default: cli/target/microenv-cli/bin/microenv
# Writes hyperfine's JSON to cli/target/startup-*.json and prints one summary line per command.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
home=${MICROENV_HOME:-$repo/.microenv}
# shellcheck source=/dev/null
set -a; . "$home/demo.env"; set +a
export MICROENV_TOKEN=$MICROENV_DEMO_API_KEY
# A config folder of its own: no stored token, no stray .microenv.yaml.
export XDG_CONFIG_HOME=$repo/cli/target/bench-config
mkdir -p "$XDG_CONFIG_HOME"
cd "$repo/cli/target"
launchers=("$@")
((${#launchers[@]})) || launchers=("$repo/cli/target/microenv-cli/bin/microenv")
project=$MICROENV_DEMO_PROJECT_ID
# The API alone, for what the server adds to every figure below.
curl_cmd="curl -sS -o /dev/null -H @$repo/cli/target/bench-auth.txt $MICROENV_API_URL/v1/projects/$MICROENV_DEMO_PROJECT_ID/environments/development/variables?format=env"
(umask 077; printf "Authorization: Bearer %s\n" "$MICROENV_TOKEN" >"$repo/cli/target/bench-auth.txt")
hyperfine -N --runs 20 --warmup 3 --export-json "$repo/cli/target/startup-curl.json" "$curl_cmd" >/dev/null
jq -r ".results[0] | \"curl (the API alone): median \\(.median*1000|floor) ms\"" "$repo/cli/target/startup-curl.json"
for launcher in "${launchers[@]}"; do
  i=$((${i:-0} + 1)); name=launcher$i
  commands=("$launcher variables get --project-id $project --environment development")
  if "$launcher" run --help 2>/dev/null | grep -q -- --fallback; then
    commands+=("$launcher run --project-id $project --environment development -- true")
  fi
  for command in "${commands[@]}"; do
    "$launcher" ${command#"$launcher"} >/dev/null  # once first: the first run may write the CDS archive
    out=$repo/cli/target/startup-$name-$(echo "$command" | awk '{print $2}').json
    hyperfine -N --runs 20 --warmup 3 --export-json "$out" "$command" >/dev/null
    jq -r --arg load "$(cut -d' ' -f1 /proc/loadavg)" \
      '.results[0] | "\(.command | sub(" --project-id [^ ]+"; "")): median \(.median*1000|floor) ms, mean \(.mean*1000|floor) ms ± \(.stddev*1000|floor), min \(.min*1000|floor) ms (load \($load))"' "$out"
  done
done
