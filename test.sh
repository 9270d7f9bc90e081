#!/usr/bin/env bash
# Runs every test. Sets the machine up first (Debian packages, restore, build), so it works on a
# fresh clone. Tests read the shared material from ../shared/data (or $COHORTGRID_TESTDATA).
# Extra arguments go to `dotnet test`, e.g. ./test.sh --filter-method "*Mpp*"
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$root"

./scripts/setup.sh

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet test --solution CohortGrid.sln -c Release --no-build "$@"
