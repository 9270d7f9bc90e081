#!/usr/bin/env bash
# The main job. Sets the machine up, starts a single-node CohortGrid cluster (one silo with the cpu
# and gpu roles, health at http://127.0.0.1:5080/health), generates a sample cohort (synthetic
# pyramidal slides and a small CNN encoder), submits it and shows its progress. Results go to
# ./cohortgrid-data (or $COHORTGRID_DATA).
#   ./run.sh          run the cohort, then keep the cluster running (Ctrl+C stops it)
#   ./run.sh --once   exit when the cohort is done (exit code 0 when it completed)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$root"

args=(--sample)
for arg in "$@"; do
  case "$arg" in
    --once) args+=(--once) ;;
    -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown argument '$arg' (try --help)" >&2; exit 2 ;;
  esac
done

./scripts/setup.sh

data="${COHORTGRID_DATA:-$root/cohortgrid-data}"
export COHORTGRID_DATA="$data"
exec dotnet "$root/src/CohortGrid.Silo/bin/Release/net10.0/cohortgrid-silo.dll" --data "$data" --models "$data/models" "${args[@]}"
