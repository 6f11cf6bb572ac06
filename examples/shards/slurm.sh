#!/bin/bash
# One simulate run split over 8 Slurm array tasks, then merged into the single run's output,
# byte for byte. See docs/sharding.md.
#
# From the project directory (on a file system every node sees, with mdma-trial-sim installed:
# `npm install /path/to/mdma-trial-sim`), submit the array and the merge that waits for it:
#
#   bash examples/shards/slurm.sh
#
# (outside a Slurm task this script submits itself as the array job, then the merge job with
# --dependency=afterok on the array: the merge starts only when all 8 tasks have succeeded).
#
#SBATCH --job-name=mdma-shards
#SBATCH --array=0-7
#SBATCH --cpus-per-task=1
#SBATCH --time=01:00:00
#SBATCH --output=parts/shard-%a.log
set -euo pipefail

# The number of shards: the number of array tasks (--array=0-7 above is 8 tasks, numbered 0 to 7).
SHARDS=8
# The run. Every shard gets the same arguments; only --shard differs. Shards of another seed,
# protocol, design, trials, chunk size or mdma-trial-sim version are refused by the merge.
RUN_ARGS="--preset mp1 --seed 2024 --trials 100000 --heterogeneity"

if [[ -z "${SLURM_ARRAY_TASK_ID:-}" ]]; then
  mkdir -p parts
  array_job=$(sbatch --parsable "$0")
  sbatch --parsable --dependency="afterok:${array_job}" --job-name=mdma-merge --output=parts/merge.log \
    --wrap 'npx --no-install mdma-trial-sim merge parts/part-*.json > result.json'
  exit 0
fi

# Shard k of 8 (k = the task's index, 0 to 7): chunk j of the run belongs to shard j mod 8.
npx --no-install mdma-trial-sim simulate $RUN_ARGS --shard "${SLURM_ARRAY_TASK_ID}/${SHARDS}" > "parts/part-${SLURM_ARRAY_TASK_ID}.json"
