#!/usr/bin/env bash
# Regenerates the diagrams of the state machine in README.md and docs/supervision.dot from the code.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet run --project samples/KooGallery.Supervision.Demo -- --diagram dot > docs/supervision.dot
mermaid=$(mktemp)
dotnet run --project samples/KooGallery.Supervision.Demo -- --diagram mermaid > "$mermaid"
awk -v file="$mermaid" '
  /<!-- diagram:start -->/ { print; print "```mermaid"; while ((getline line < file) > 0) print line; print "```"; skip = 1; next }
  /<!-- diagram:end -->/ { skip = 0 }
  !skip { print }
' README.md > README.md.new
mv README.md.new README.md
rm -f "$mermaid"
echo "diagrams updated"
