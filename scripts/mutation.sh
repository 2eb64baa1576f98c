#!/usr/bin/env bash
# Mutation testing of the rule-bearing code with Stryker.NET (issue 14; docs/testing.md has the figures).
# Runs stryker-config.json on the core (src/KooGallery.Supervision, tested by tests/KooGallery.Supervision.Tests) and
# stryker-config.relational.json on the relational store base (src/Shared/Relational, through the Sqlite store and
# tests/KooGallery.Supervision.Sqlite.Tests), then prints the score per file from Stryker's JSON reports.
# With KOOGALLERY_SUPERVISION_POSTGRES set (a server's connection string), "all" and "postgres" also run
# stryker-config.relational-postgres.json: the save of the store base through the PostgreSql store and its tests.
# Usage: scripts/mutation.sh [core|relational|postgres|all] [--survivors] [more dotnet-stryker options, e.g. --mutate '**/Timers/*.cs']
#   The reports land in StrykerOutput/<date>-<part>/reports/mutation-report.json (ignored by git).
#   --survivors also lists every surviving or uncovered mutant (file:line, mutator, replacement).
# CI does not run it: on 2 cores a whole run takes tens of minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
part=${1:-all}
[ $# -gt 0 ] && shift
list=""
if [ "${1:-}" = "--survivors" ]; then list="--survivors"; shift; fi
case "$part" in core|relational|postgres|all) ;; *) echo "usage: scripts/mutation.sh [core|relational|postgres|all] [--survivors] [stryker options]" >&2; exit 2 ;; esac

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
# The test projects reference xunit.v3 with Microsoft Testing Platform instead of xunit.v3.mtp-off when this is set:
# Stryker.NET's VSTest runner cannot reach xunit v3 tests, which run in their own process (no mutant would ever be
# active and every run would take the whole suite); its MTP runner activates mutants and captures per-test coverage.
export SupervisionMutation=true
dotnet tool restore >/dev/null

stamp=$(date -u +%Y-%m-%d.%H-%M-%S)
reports=()
run() { # name, test project folder, config file, extra options
  local name=$1 tests=$2 config=$3
  shift 3
  local out="$root/StrykerOutput/$stamp-$name"
  echo "mutation: $name ($config, tests in $tests) -> $out"
  (cd "$tests" && dotnet stryker --config-file "$root/$config" --output "$out" "$@")
  reports+=("$out/reports/mutation-report.json")
}

start=$(date +%s)
if [ "$part" = core ] || [ "$part" = all ]; then
  run core tests/KooGallery.Supervision.Tests stryker-config.json "$@"
fi
if [ "$part" = relational ] || [ "$part" = all ]; then
  run relational tests/KooGallery.Supervision.Sqlite.Tests stryker-config.relational.json "$@"
fi
if [ "$part" = postgres ] || [ "$part" = all ]; then
  if [ -n "${KOOGALLERY_SUPERVISION_POSTGRES:-}" ]; then
    run postgres tests/KooGallery.Supervision.PostgreSql.Tests stryker-config.relational-postgres.json "$@"
  else
    echo "mutation: postgres skipped (set KOOGALLERY_SUPERVISION_POSTGRES to a server's connection string to run it)"
  fi
fi
echo
if [ ${#reports[@]} -gt 0 ]; then
  python3 scripts/mutation-report.py $list "${reports[@]}"
else
  echo "mutation: no report (every part asked for was skipped)"
fi
echo
echo "mutation: $(( ($(date +%s) - start) / 60 )) minutes"
