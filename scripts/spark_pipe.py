#!/usr/bin/env python3
"""Runs readout over a JSONL batch with Apache Spark's RDD.pipe (the README recipe).

Usage: spark_pipe.py READOUT_BINARY IN.jsonl OUT.jsonl [PARTITIONS]

Each partition of lines goes through one `readout extract` process; collect() keeps
partition order, so OUT has the records in input order, as one run would print them.
On a cluster, use the same code with the cluster's master URL and the binary installed
on every worker (or shipped with --files).
"""
import sys

from pyspark import SparkConf, SparkContext

binary, src, dst = sys.argv[1:4]
partitions = int(sys.argv[4]) if len(sys.argv) > 4 else 4
conf = SparkConf().setMaster("local[2]").setAppName("readout").set("spark.ui.enabled", "false")
sc = SparkContext(conf=conf)
sc.setLogLevel("ERROR")
try:
    records = (
        sc.textFile(src, minPartitions=partitions)
        .pipe(f"{binary} extract --quiet --input jsonl -")
        .collect()
    )
finally:
    sc.stop()
with open(dst, "w", encoding="utf-8") as out:
    for line in records:
        out.write(line + "\n")
