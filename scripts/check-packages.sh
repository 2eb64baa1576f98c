#!/usr/bin/env bash
# Packs every package of the solution (the projects under src/) the way CI builds them, from a clean build
# (ContinuousIntegrationBuild, own artifacts folder), and checks what a user gets:
# - each package holds only lib/<tfm>/<Package>.dll and .xml, its own README.md (src/<Package>/README.md,
#   never the repository's), LICENSE and the package's own metadata parts: nothing else (no runtimeconfig.json,
#   no deps.json, no test assets);
# - each has a symbol package (.snupkg) with lib/<tfm>/<Package>.pdb for every framework, and nothing else;
# - no symbol file keeps an absolute build path (paths are mapped to /_/);
# - each nuspec names its readme, tags of its own beside the shared ones, and one version for all packages.
# Usage: scripts/check-packages.sh [output folder]   (the packages are kept there when it is given)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
out=${1:-$work/packages}
mkdir -p "$out"

zip_list() { # the file names of a zip, one a line
  if command -v unzip >/dev/null 2>&1; then unzip -Z1 "$1"
  elif command -v python3 >/dev/null 2>&1; then python3 -c 'import sys, zipfile; print("\n".join(zipfile.ZipFile(sys.argv[1]).namelist()))' "$1"
  else echo "check-packages: needs unzip or python3" >&2; exit 2; fi
}
zip_read() { # one file of a zip to stdout
  if command -v unzip >/dev/null 2>&1; then unzip -p "$1" "$2"
  else python3 -c 'import sys, zipfile; sys.stdout.buffer.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]))' "$1" "$2"; fi
}

# The packages are the solution's projects under src/.
projects=()
while IFS= read -r line; do
  line=${line//\\//}
  case $line in src/*.csproj) projects+=("$line") ;; esac
done < <(dotnet sln KooGallery.Supervision.sln list)
[ ${#projects[@]} -gt 0 ] || { echo "check-packages: no project under src/ in the solution" >&2; exit 2; }

# A solution filter of those projects, so only the packages are built.
{
  printf '{ "solution": { "path": "%s", "projects": [' "$root/KooGallery.Supervision.sln"
  sep=""
  for project in "${projects[@]}"; do printf '%s"%s"' "$sep" "$project"; sep=", "; done
  printf '] } }\n'
} > "$work/packages.slnf"

echo "check-packages: packing ${#projects[@]} packages"
# Build output inside the checkout (artifacts/ is ignored), so that generated sources are under the mapped root too.
artifacts="$root/artifacts/check-packages"
rm -rf "$artifacts"
dotnet pack "$work/packages.slnf" -c Release -o "$out" --artifacts-path "$artifacts" \
  -p:ContinuousIntegrationBuild=true -warnaserror -nologo -v quiet > "$work/pack.log" 2>&1 \
  || { cat "$work/pack.log"; echo "check-packages: pack failed" >&2; exit 1; }

problems=0
problem() { echo "check-packages: $*" >&2; problems=$((problems + 1)); }

# The first part of an absolute path (of the checkout, of the temporary folder), as a portable PDB stores
# the parts of its document names: length, then the name.
markers=()
for path in "$root" "$work"; do
  first=${path#/}; first=${first%%/*}
  markers+=("$(printf "\\x$(printf '%02x' ${#first})")$first")
done

versions=""
for project in "${projects[@]}"; do
  folder=$(dirname "$project")
  id=$(basename "$project" .csproj)
  nupkg=$(find "$out" -maxdepth 1 -name "$id.[0-9]*.nupkg" | head -n 1)
  if [ -z "$nupkg" ]; then problem "$id: no package was produced"; continue; fi
  version=${nupkg##*/$id.}; version=${version%.nupkg}
  versions="$versions $version"

  # Files: the allow-list.
  files=$(zip_list "$nupkg")
  frameworks=""
  while IFS= read -r file; do
    case $file in
      _rels/.rels|'[Content_Types].xml'|package/services/metadata/core-properties/*.psmdcp|"$id.nuspec"|LICENSE|README.md) ;;
      lib/*/"$id.dll") tfm=${file#lib/}; frameworks="$frameworks ${tfm%%/*}" ;;
      lib/*/"$id.xml") ;;
      *) problem "$id: stray file in the package: $file" ;;
    esac
  done <<< "$files"
  [ -n "$frameworks" ] || problem "$id: no lib/<tfm>/$id.dll in the package"

  # README: the package's own, packed at the root and named by the nuspec.
  if [ ! -f "$folder/README.md" ]; then
    problem "$id: no $folder/README.md (every package has a short README of its own)"
  elif ! grep -qx 'README.md' <<< "$files"; then
    problem "$id: README.md is not in the package"
  elif ! cmp -s <(zip_read "$nupkg" README.md) "$folder/README.md"; then
    problem "$id: the packed README.md is not $folder/README.md"
  fi
  nuspec=$(zip_read "$nupkg" "$id.nuspec")
  grep -q '<readme>README.md</readme>' <<< "$nuspec" || problem "$id: the nuspec names no readme"
  cmp -s <(zip_read "$nupkg" LICENSE) LICENSE || problem "$id: LICENSE is missing or not the repository's"
  tags=$(sed -n 's:.*<tags>\(.*\)</tags>.*:\1:p' <<< "$nuspec")
  [ "$(wc -w <<< "$tags")" -gt 2 ] || problem "$id: only the shared tags ($tags); add the package's own PackageTags"

  # Symbols: a .snupkg with one pdb per framework, without absolute build paths.
  snupkg=${nupkg%.nupkg}.snupkg
  if [ ! -f "$snupkg" ]; then problem "$id: no symbol package ($(basename "$snupkg"))"; continue; fi
  symbols=$(zip_list "$snupkg")
  while IFS= read -r file; do
    case $file in
      _rels/.rels|'[Content_Types].xml'|package/services/metadata/core-properties/*.psmdcp|"$id.nuspec") ;;
      lib/*/"$id.pdb")
        zip_read "$snupkg" "$file" > "$work/symbols.pdb"
        for marker in "${markers[@]}"; do
          if grep -a -q -F "$marker" "$work/symbols.pdb"; then
            problem "$id: $file keeps an absolute build path /${marker:1}/... (ContinuousIntegrationBuild maps the checkout to /_/)"
          fi
        done ;;
      *) problem "$id: stray file in the symbol package: $file" ;;
    esac
  done <<< "$symbols"
  for tfm in $frameworks; do
    grep -qx "lib/$tfm/$id.pdb" <<< "$symbols" || problem "$id: the symbol package has no lib/$tfm/$id.pdb"
  done
  echo "  $id $version:$frameworks; symbols; tags: $tags"
done

# One version for every package.
[ "$(tr ' ' '\n' <<< "$versions" | sed '/^$/d' | sort -u | wc -l)" = 1 ] || problem "the packages have different versions:$versions"

if [ "$problems" -gt 0 ]; then
  echo "check-packages: $problems problem(s)" >&2
  exit 1
fi
echo "check-packages: ${#projects[@]} packages and their symbol packages hold only what they should"
