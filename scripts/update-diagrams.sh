#!/usr/bin/env bash
# Regenerates the diagrams of the state machine in README.md (the overview and the full diagram) and
# docs/supervision.dot from the code.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet run --project samples/KooGallery.Supervision.Demo -- --diagram dot > docs/supervision.dot
mermaid=$(mktemp)
overview=$(mktemp)
dotnet run --project samples/KooGallery.Supervision.Demo -- --diagram mermaid > "$mermaid"
dotnet run --project samples/KooGallery.Supervision.Demo -- --diagram overview > "$overview"
awk -v file="$mermaid" -v overview="$overview" '
  /<!-- diagram:start -->/ { print; print "```mermaid"; while ((getline line < file) > 0) print line; print "```"; skip = 1; next }
  /<!-- diagram:end -->/ { skip = 0 }
  /<!-- overview:start -->/ { print; print "```mermaid"; while ((getline line < overview) > 0) print line; print "```"; skip = 1; next }
  /<!-- overview:end -->/ { skip = 0 }
  !skip { print }
' README.md > README.md.new
mv README.md.new README.md
rm -f "$mermaid" "$overview"
echo "diagrams updated"
