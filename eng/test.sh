#!/usr/bin/env bash
# Runs every test project of the solution on a fresh machine: installs the reference tools the tests need,
# builds once, runs all tests, and ends with the line `tests: N passed, N failed` (summed over all projects).
# Extra arguments go to `dotnet test` (for example: --filter "FullyQualifiedName~Yaml").
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

tools_bin=$(eng/install-tools.sh) || { echo "test: installing the reference tools failed"; echo "tests: 0 passed, 1 failed"; exit 1; }
export PATH="$tools_bin:$PATH"
export GITOPS_TOOLS_BIN="$tools_bin"

results="$root/artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"

if ! dotnet build GitOps.sln -c Release --nologo -v quiet -clp:ErrorsOnly; then
  echo "test: the build failed"
  echo "tests: 0 passed, 1 failed"
  exit 1
fi

dotnet test GitOps.sln -c Release --no-build --nologo \
  --logger "trx" --logger "console;verbosity=minimal" --results-directory "$results" "$@"
status=$?

passed=0
failed=0
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  e=$(sed -n 's/.* error="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0} + ${e:-0}))
done

# A non-zero exit with nothing counted as failed (a crashed test host, say) still counts as a failure.
if [ $status -ne 0 ] && [ $failed -eq 0 ]; then failed=1; fi
echo "tests: $passed passed, $failed failed"
[ $failed -eq 0 ]
