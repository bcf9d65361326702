#!/usr/bin/env bash
# Runs the README's recipes for spreading readout over processes and machines (GNU parallel
# over shards, GNU parallel --pipe, Spark's RDD.pipe) on a batch built from the fixtures,
# and checks that each gives the same bytes as one run. A recipe whose tool is missing is
# reported as skipped; a recipe that runs and differs fails the script.
set -euo pipefail
cd "$(dirname "$0")/.."
bin="$(pwd)/target/release/readout"
[ -x "$bin" ] || cargo build --release --quiet
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The batch: every fixture text and page, 25 times over, each line with its own id.
python3 - "$work/batch.jsonl" <<'PY'
import json, pathlib, sys
lines = []
for r in range(25):
    for p in sorted(pathlib.Path("fixtures").iterdir()):
        key = {".txt": "text", ".html": "html"}.get(p.suffix)
        if key:
            lines.append(json.dumps({"id": f"{p.name}#{r}", key: p.read_text(errors="replace")}))
pathlib.Path(sys.argv[1]).write_text("\n".join(lines) + "\n")
PY
# Records name the file they came from (source.path), so every run here reads stdin.
"$bin" extract --quiet --input jsonl - < "$work/batch.jsonl" > "$work/one.jsonl"
echo "one run: $(wc -l < "$work/one.jsonl") records"

same() {
  if cmp -s "$work/one.jsonl" "$1"; then echo "ok: $2"; else echo "FAILED: $2 differs from one run"; exit 1; fi
}

if command -v parallel >/dev/null 2>&1; then
  mkdir "$work/shards"
  split -n l/4 -d --additional-suffix=.jsonl "$work/batch.jsonl" "$work/shards/part-"
  ls "$work"/shards/part-*.jsonl | parallel --will-cite -k -j 4 "'$bin' extract --quiet --input jsonl - < {}" > "$work/parallel.jsonl"
  same "$work/parallel.jsonl" "GNU parallel over 4 shards"
  parallel --will-cite --pipe -k --block 200k "$bin" extract --quiet --input jsonl - < "$work/batch.jsonl" > "$work/pipe.jsonl"
  same "$work/pipe.jsonl" "GNU parallel --pipe"
else
  echo "skipped: GNU parallel is not installed"
fi

if python3 -c "import pyspark" 2>/dev/null && command -v java >/dev/null 2>&1; then
  python3 scripts/spark_pipe.py "$bin" "$work/batch.jsonl" "$work/spark.jsonl" 4 2> "$work/spark.log" \
    || { tail -20 "$work/spark.log"; echo "FAILED: Spark run"; exit 1; }
  same "$work/spark.jsonl" "Spark RDD.pipe over 4 partitions"
else
  echo "skipped: pyspark or java is not installed"
fi
