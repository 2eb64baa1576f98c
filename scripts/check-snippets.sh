#!/usr/bin/env bash
# Compiles every C# snippet of the documentation (README.md, docs/**/*.md, src/*/README.md), and runs the ones
# marked to run, so that no snippet drifts from the library.
#
# Every ```csharp block is extracted into a generated project under artifacts/snippets that references every
# package of src/ (an ASP.NET Core project, with its implicit usings and KooGallery.Supervision and NodaTime):
# - a block that declares a type at its left margin (a class, record, ...) is compiled as a file of its own;
# - any other block is a fragment: its leading using directives go to the top of a file, the rest becomes the
#   body of an async method of a class derived from scripts/snippets/SnippetContext.cs, which declares the
#   names the fragments use without declaring them (services, builder, app, order, ...).
# A marker on the last non-blank line before a block changes that:
#   <!-- snippet: skip -->      not compiled (keep these few, and say why in the text)
#   <!-- snippet: continue -->  a fragment that goes on from the previous fragment of the same file
#   <!-- snippet: run -->       a fragment (with its continuations) that is also run; it fails the check when it throws
#   <!-- snippet: output -->    before a ```text block: what the fragments marked run print, exactly
# Errors point at the Markdown file and line (#line directives).
# Usage: scripts/check-snippets.sh
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
gen="$root/artifacts/snippets"
rm -rf "$gen"
mkdir -p "$gen/Snippets"

documents=(README.md)
while IFS= read -r file; do documents+=("$file"); done < <(find docs src -name '*.md' -not -path '*/bin/*' -not -path '*/obj/*' | sort)

# The project: shielded from the repository's Directory.Build.props and .targets (their analyzers are for the
# packages), but under its Directory.Packages.props, so the snippets build against the versions the packages use.
printf '<Project />\n' > "$gen/Directory.Build.props"
printf '<Project />\n' > "$gen/Directory.Build.targets"
cat > "$gen/Snippets.csproj" <<EOF
<Project Sdk="Microsoft.NET.Sdk.Web">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
    <!-- Fragments are parts of programs: an async body may not await, a value may be left unused. -->
    <NoWarn>\$(NoWarn);CS1998;CS0162;CS0168;CS0219;CS8321</NoWarn>
    <StartupObject>Snippets.Program</StartupObject>
    <IsPackable>false</IsPackable>
    <RootNamespace>Snippets</RootNamespace>
  </PropertyGroup>
  <ItemGroup>
    <Using Include="KooGallery.Supervision" />
    <Using Include="NodaTime" />
    <Compile Include="$root/scripts/snippets/*.cs" />
    <ProjectReference Include="$root/src/*/*.csproj" />
    <PackageReference Include="NodaTime.Testing" />
    <PackageReference Include="OpenTelemetry.Extensions.Hosting" />
  </ItemGroup>
</Project>
EOF

awk -v gen="$gen" -v root="$root" '
  function flush(   f, name) {
    if (!group) return
    name = sprintf("S%03d", group)
    f = gen "/Snippets/" name ".cs"
    printf "%s", usings > f
    print "namespace Snippets;" > f
    print "" > f
    print "// " origin > f
    print "internal sealed class " name " : SnippetContext" > f
    print "{" > f
    print "    public async Task<object?> RunAsync()" > f
    print "    {" > f
    printf "%s", body > f
    print "#line default" > f
    print "        return null;" > f
    print "    }" > f
    print "}" > f
    close(f)
    if (run) runs = runs "        Console.Error.WriteLine(\"check-snippets: running " origin "\");\n        await new " name "().RunAsync();\n"
    group = 0
  }
  FNR == 1 { flush(); prev = "" }
  !inside && /^```(csharp|cs|c#)[ \t]*$/ {
    inside = 1; n = 0; start = FNR + 1
    mode = "compile"
    if (prev ~ /<!-- snippet: skip/) mode = "skip"
    else if (prev ~ /<!-- snippet: continue/) mode = "continue"
    else if (prev ~ /<!-- snippet: run/) mode = "run"
    next
  }
  inside && /^```[ \t]*$/ {
    inside = 0; prev = "```"
    if (mode == "skip") { skipped++; next }
    file = 0
    for (i = 1; i <= n; i++)
      if (lines[i] ~ /^(public |internal |file )?((sealed|static|abstract|partial) )*(class|record|struct|interface|enum) /) file = 1
    path = root "/" FILENAME
    if (file) {
      flush()
      count++
      f = gen "/Snippets/" sprintf("F%03d", count) ".cs"
      print "#line " start " \"" path "\"" > f
      for (i = 1; i <= n; i++) print lines[i] > f
      close(f)
      compiled++
      next
    }
    if (mode == "continue") {
      if (!group) { printf "%s:%d: a snippet marked continue follows no fragment\n", FILENAME, start - 1 > "/dev/stderr"; failed = 1 }
    } else {
      flush()
      count++; group = count; usings = ""; body = ""; run = (mode == "run"); origin = FILENAME ":" start - 1
    }
    # Leading using directives (not using declarations) go to the top of the file.
    i = 1
    while (i <= n && (lines[i] ~ /^using [A-Za-z0-9_.= ]+;[ \t]*$/ || lines[i] ~ /^[ \t]*$/)) {
      if (lines[i] ~ /^using /) usings = usings "#line " (start + i - 1) " \"" path "\"\n" lines[i] "\n"
      i++
    }
    if (i <= n) {
      body = body "#line " (start + i - 1) " \"" path "\"\n"
      for (; i <= n; i++) body = body lines[i] "\n"
    }
    compiled++
    next
  }
  inside { lines[++n] = $0; next }
  !inside && /^```text[ \t]*$/ && prev ~ /<!-- snippet: output/ { output = 1; prev = "```"; next }
  output && /^```[ \t]*$/ { output = 0; next }
  output { print > (gen "/expected-output.txt"); next }
  /[^ \t]/ { prev = $0 }
  END {
    flush()
    f = gen "/Snippets/Program.cs"
    print "namespace Snippets;" > f
    print "" > f
    print "internal static class Program" > f
    print "{" > f
    print "    public static async Task Main()" > f
    print "    {" > f
    printf "%s", runs > f
    print "    }" > f
    print "}" > f
    close(f)
    printf "check-snippets: %d snippet(s) to compile, %d skipped\n", compiled, skipped
    exit failed
  }
' "${documents[@]}"

dotnet build "$gen/Snippets.csproj" -nologo -v quiet -clp:NoSummary
dotnet run --project "$gen/Snippets.csproj" --no-build > "$gen/output.txt" || { cat "$gen/output.txt"; exit 1; }
if [ -f "$gen/expected-output.txt" ]; then
  diff -u --label "the documented output" --label "the output of the fragments marked run" "$gen/expected-output.txt" "$gen/output.txt" \
    || { echo "check-snippets: the output documented after <!-- snippet: output --> differs from the program's" >&2; exit 1; }
fi
echo "check-snippets: every snippet compiles, and those marked to run ran"
