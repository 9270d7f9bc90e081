#!/usr/bin/env bash
# The main job. Sets the machine up, generates a sample cohort of synthetic pyramidal slides and a
# small CNN encoder, runs the slide engine over the cohort (tissue, grid, QC, preprocessing), then
# embeds every slide into .cohortgrid/features/<slide>.h5, printing a per-slide summary each time.
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
work="$root/.cohortgrid"
sample="$work/sample"

"$cli" sample generate --out "$sample"
"$cli" sample models --out "$work/models" >/dev/null
echo
"$cli" slide survey "$sample"
echo
"$cli" embed "$sample" --model "$work/models/tiny-cnn-encoder.onnx" --out "$work/features"
if [ "$once" = false ]; then
  echo
  echo "Sample slides are in $sample; inspect one with:"
  echo "  $cli slide inspect $sample/$(ls "$sample" | grep -m1 -E '\.tiff$')"
fi
