#!/usr/bin/env bash
# Adds every public symbol the analyzer reports as undeclared (RS0016) to the project's
# PublicAPI.Unshipped.txt. Review the diff: it is the change to the public surface.
# Usage: scripts/update-public-api.sh src/KooGallery.Supervision
set -euo pipefail
project=${1:?project folder}
cd "$(dirname "$0")/.."
api="$project/PublicAPI.Unshipped.txt"
[ -f "$api" ] || printf '#nullable enable\n' > "$api"
[ -f "$project/PublicAPI.Shipped.txt" ] || printf '#nullable enable\n' > "$project/PublicAPI.Shipped.txt"
new=$(mktemp)
dotnet build "$project" -p:TreatWarningsAsErrors=false --no-incremental 2>&1 \
  | sed -n "s/.*RS0016: Symbol '\(.*\)' is not part of the declared public API.*/\1/p" | sort -u > "$new"
{ head -n 1 "$api"; { tail -n +2 "$api"; cat "$new"; } | sort -u; } > "$api.new"
mv "$api.new" "$api"
echo "$(wc -l < "$new") symbol(s) added to $api"
rm -f "$new"
