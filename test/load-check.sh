#!/usr/bin/env bash
# The suite on a busy machine: two fresh clones of this repository's committed HEAD run `npm test`
# side by side, several times, then one clone runs it alone. Prints each run's result and wall
# time, and fails if any run fails, if the run alone takes 150 s or more, or if the test output
# carries ::add-mask:: lines, secrets-shaped strings or vitest's hints.
#
#   test/load-check.sh [--runs N] [--alone N] [--reuse-modules] [--keep]
#
#   --runs N          paired runs (default 5)
#   --alone N         runs of one clone alone, after the paired ones (default 1)
#   --reuse-modules   hard-link this checkout's node_modules into the clones instead of `npm ci`
#   --keep            keep the clones and logs (they are in a temporary directory)
set -euo pipefail

runs=5
alone=1
reuse=0
keep=0
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --alone) alone="$2"; shift 2 ;;
    --reuse-modules) reuse=1; shift ;;
    --keep) keep=1; shift ;;
    *) echo "load-check: unknown argument '$1' (see the comment at the top of $0)" >&2; exit 2 ;;
  esac
done

AloneLimitSeconds=150
repo="$(git -C "$(dirname "$0")/.." rev-parse --show-toplevel)"
work="$(mktemp -d "${TMPDIR:-/tmp}/omni-load-check.XXXXXX")"
if [ "$keep" = 1 ]; then
  echo "load-check: clones and logs in $work"
else
  trap 'rm -rf "$work"' EXIT
fi

load() { cut -d' ' -f1-3 /proc/loadavg; }

echo "load-check: $(git -C "$repo" log -1 --format='%h %s'), $(nproc) cores, load $(load)"
for clone in a b; do
  git clone -q "$repo" "$work/$clone"
  if [ "$reuse" = 1 ]; then
    cp -al "$repo/node_modules" "$work/$clone/node_modules"
  else
    (cd "$work/$clone" && npm ci --no-audit --no-fund >"$work/$clone-install.log" 2>&1) || { echo "load-check: npm ci failed in clone $clone (see $work/$clone-install.log)" >&2; exit 1; }
  fi
  # The end-to-end tests run dist/index.js: build it from the clone's sources.
  (cd "$work/$clone" && npm run build >"$work/$clone-build.log" 2>&1) || { echo "load-check: npm run build failed in clone $clone" >&2; exit 1; }
done

failures=0
# Runs `npm test` in clone $1, output to log $2; prints "<exit code> <seconds>".
suite() {
  local started ended code=0
  started=$(date +%s%N)
  (cd "$work/$1" && npm test >"$2" 2>&1) || code=$?
  ended=$(date +%s%N)
  echo "$code $(((ended - started) / 1000000000))"
}

plain() { sed 's/\x1b\[[0-9;]*m//g' "$1"; }

# What a run printed that it should not have (empty when the output is quiet): workflow commands
# (lines a runner would act on), vitest's hints, and, in a passing run, secret-like strings. A
# failure's diff may show a step's output, ::add-mask:: lines included: that is what it is for.
noise() { # log, exit code
  local found=""
  # (grep reads all its input: with pipefail, an early exit would fail the pipe.)
  plain "$1" | grep -E '^::[a-z-]+' >/dev/null && found="$found workflow-commands"
  plain "$1" | grep -E 'faster with|isolate: false|fsModuleCache' >/dev/null && found="$found vitest-hints"
  [ "$2" != 0 ] || ! plain "$1" | grep -E 'omni_(org|pat)_|ghs_[A-Za-z0-9]|whs_[A-Za-z0-9]' >/dev/null || found="$found secret-like-strings"
  echo "${found# }"
}

report() { # clone, log, code, seconds
  local verdict="pass" quiet
  [ "$3" = 0 ] || { verdict="FAIL"; failures=$((failures + 1)); }
  quiet="$(noise "$2" "$3")"
  [ -z "$quiet" ] || { verdict="$verdict, noisy: $quiet"; failures=$((failures + 1)); }
  printf '  clone %s: %s in %s s' "$1" "$verdict" "$4"
  [ "$3" = 0 ] || printf ' (%s)' "$(plain "$2" | grep -E '^ +Tests ' | tr -s ' ')"
  printf '\n'
  # Which files failed, so a failure of someone's work in progress is told from a flaky test.
  [ "$3" = 0 ] || plain "$2" | grep -E '^ FAIL ' | sed -E 's/^ FAIL +[a-z-]+ +([^ ]+) .*/    failed: \1/' | sort | uniq -c
}

for run in $(seq 1 "$runs"); do
  echo "paired run $run/$runs (load before: $(load))"
  suite a "$work/pair-$run-a.log" >"$work/pair-$run-a.result" &
  suite b "$work/pair-$run-b.log" >"$work/pair-$run-b.result" &
  wait
  for clone in a b; do
    read -r code seconds <"$work/pair-$run-$clone.result"
    report "$clone" "$work/pair-$run-$clone.log" "$code" "$seconds"
  done
done

for run in $(seq 1 "$alone"); do
  echo "alone run $run/$alone (load before: $(load))"
  read -r code seconds < <(suite a "$work/alone-$run.log")
  report a "$work/alone-$run.log" "$code" "$seconds"
  if [ "$seconds" -ge "$AloneLimitSeconds" ]; then
    echo "  took $AloneLimitSeconds s or more alone"
    failures=$((failures + 1))
  fi
done

if [ "$failures" -gt 0 ]; then
  if [ "$keep" = 1 ]; then
    echo "load-check: $failures problem(s); logs in $work" >&2
  else
    echo "load-check: $failures problem(s); rerun with --keep to read the logs" >&2
  fi
  exit 1
fi
echo "load-check: all runs passed"
