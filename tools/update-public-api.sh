#!/usr/bin/env bash
# Regenerates src/AtrousConv/PublicAPI.Unshipped.txt from the code after a public API change, so the build
# (RS0016: a public symbol without an entry; RS0017: an entry without its symbol, both errors) passes again.
# Review the diff of the file: it is the change of the public surface.
#
# The file becomes: everything public that PublicAPI.Shipped.txt does not list, sorted. An entry of
# PublicAPI.Shipped.txt whose symbol is gone is a breaking change and is left to a person: mark it in
# PublicAPI.Unshipped.txt as `*REMOVED*<the shipped line>` (the analyzer's convention) if it is meant.
set -euo pipefail
cd "$(dirname "$0")/.."
project=src/AtrousConv/AtrousConv.csproj
unshipped=src/AtrousConv/PublicAPI.Unshipped.txt

removed=$(grep '^\*REMOVED\*' "$unshipped" || true)
printf '#nullable enable\n' > "$unshipped"
# The analyzers' code fix adds one entry per public symbol without one (RS0016). --include-generated: the
# analyzer also checks generated code (the protobuf types are public API too), but dotnet format skips it by default.
dotnet format analyzers "$project" --diagnostics RS0016 --severity info --include-generated
{
  printf '#nullable enable\n'
  { grep -v '^#nullable' "$unshipped" || true; [ -z "$removed" ] || printf '%s\n' "$removed"; } | LC_ALL=C sort -u
} > "$unshipped.tmp"
mv "$unshipped.tmp" "$unshipped"
echo "$unshipped: $(($(wc -l < "$unshipped") - 1)) entries; build to check: dotnet build $project"
