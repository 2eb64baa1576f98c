#!/usr/bin/env bash
# Brings a project's PublicAPI.Unshipped.txt in line with its code: adds every public symbol the
# analyzer reports as undeclared (RS0016) and drops every declared one that no longer exists (RS0017).
# Review the diff: it is the change to the public surface.
# Usage: scripts/update-public-api.sh src/KooGallery.Supervision
set -euo pipefail
project=${1:?project folder}
cd "$(dirname "$0")/.."
api="$project/PublicAPI.Unshipped.txt"
[ -f "$api" ] || printf '#nullable enable\n' > "$api"
[ -f "$project/PublicAPI.Shipped.txt" ] || printf '#nullable enable\n' > "$project/PublicAPI.Shipped.txt"
log=$(mktemp); added=$(mktemp); removed=$(mktemp)
dotnet build "$project" -p:TreatWarningsAsErrors=false --no-incremental > "$log" 2>&1 || true
sed -n "s/.*RS0016: Symbol '\(.*\)' is not part of the declared public API.*/\1/p" "$log" | sort -u > "$added"
sed -n "s/.*RS0017: Symbol '\(.*\)' is part of the declared API, but is either not public or could not be found.*/\1/p" "$log" | sort -u > "$removed"
{ head -n 1 "$api"; { tail -n +2 "$api" | grep -vxF -f "$removed" || true; cat "$added"; } | sort -u; } > "$api.new"
mv "$api.new" "$api"
echo "$(wc -l < "$added") symbol(s) added to and $(wc -l < "$removed") removed from $api"
rm -f "$log" "$added" "$removed"
