#!/usr/bin/env bash
# The main job. Sets the machine up, generates a sample cohort of synthetic pyramidal slides and
# processes it through the slide engine, printing a per-slide summary.
#   ./run.sh          run the job
#   ./run.sh --once   run the job and exit (for scripts; until the cluster lands both exit when done)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$root"

once=false
for arg in "$@"; do
  case "$arg" in
    --once) once=true ;;
    -h|--help) sed -n '2,6p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown argument '$arg' (try --help)" >&2; exit 2 ;;
  esac
done

./scripts/setup.sh

cli="$root/src/CohortGrid.Cli/bin/Release/net10.0/cohortgrid"
sample="$root/.cohortgrid/sample"

"$cli" sample generate --out "$sample"
"$cli" slide survey "$sample"
if [ "$once" = false ]; then
  echo
  echo "Sample slides are in $sample; inspect one with:"
  echo "  $cli slide inspect $sample/$(ls "$sample" | grep -m1 -E '\.tiff$')"
fi
