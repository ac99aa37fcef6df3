#!/usr/bin/env bash
# goldeval on a Slurm cluster: N shards as one job array, then a merge that starts when
# every shard succeeded.
#
#   examples/slurm-array.sh              on a login node: submits the array and the merge
#   SHARDS=16 RUN_DIR=/shared/evals/run-7 examples/slurm-array.sh
#
# Each array task runs `goldeval run --shard auto`, which reads its shard from
# SLURM_ARRAY_TASK_ID, _MIN, _MAX, _COUNT and _STEP (an array may start anywhere, e.g.
# --array=5-8, or have a step, e.g. --array=0-30:10; a list such as 1,3,8 is refused).
# RUN_DIR and the response cache (GOLDEVAL_CACHE_DIR) must be on a filesystem every node
# sees: shards write their own directories, and the cache is written with atomic renames
# and no lock files, so a killed task leaves nothing that blocks the others. A failed or
# killed task is finished with `goldeval run --resume RUN_DIR/shard-<id>`; `goldeval
# merge` refuses a shard that lacks any record it planned and names the missing items.
#
# The merge job reuses this script (`merge` mode); sbatch exports the environment
# (RUN_DIR, SHARDS, GOLDEVAL, GOLDEVAL_ARGS) to both jobs.
#SBATCH --job-name=goldeval
#SBATCH --cpus-per-task=2
#SBATCH --time=02:00:00
set -euo pipefail

export SHARDS="${SHARDS:-4}"
export RUN_DIR="${RUN_DIR:-$PWD/runs/slurm-$(date -u +%Y%m%dT%H%M%SZ)}"
export GOLDEVAL="${GOLDEVAL:-goldeval}"
# Options every shard passes to `goldeval run` (e.g. "--dataset my-data/ --backend my-model").
export GOLDEVAL_ARGS="${GOLDEVAL_ARGS:-}"
export GOLDEVAL_CACHE_DIR="${GOLDEVAL_CACHE_DIR:-$RUN_DIR/cache}"

case "${1:-submit}" in
submit)
    mkdir -p "$RUN_DIR"
    array=$(sbatch --parsable --array="0-$((SHARDS - 1))" --output="$RUN_DIR/shard-%a.log" "$0" shard)
    sbatch --dependency="afterok:${array%%;*}" --output="$RUN_DIR/merge.log" "$0" merge
    echo "shards: job $array; merged run: $RUN_DIR/merged"
    ;;
shard)
    # shellcheck disable=SC2086 # GOLDEVAL_ARGS holds several options
    exec "$GOLDEVAL" run --shard auto --quiet $GOLDEVAL_ARGS --out "$RUN_DIR/shard-$SLURM_ARRAY_TASK_ID"
    ;;
merge)
    exec "$GOLDEVAL" merge --out "$RUN_DIR/merged" "$RUN_DIR"/shard-*/
    ;;
*)
    echo "usage: $0 [submit|shard|merge]" >&2
    exit 2
    ;;
esac
