#!/usr/bin/env python3
"""Writes the Parquet fixtures of Tests/ParquetTests and pyarrow's own values of each.

The fixtures in the repository were written by pyarrow 26.0.1 (`pip install pyarrow==26.0.1`).
Run from the package root:  python3 scripts/make_parquet_fixtures.py

For every fixture NAME.parquet it writes Fixtures/expected/NAME.json:
  {"pyarrow": version, "columns": [...], "row_groups": [rows per group], "rows": {index: row}}
with `rows` from `table.to_pylist()` (every row, except for the large streaming fixture, where a
sample of rows is kept). Values are tagged so that nothing is lost through JSON:
  null -> null, bool -> true/false, int -> {"int": "<decimal>"},
  float -> {"double": "<16 hex digits of the IEEE-754 bits>"}, str -> {"string": s},
  bytes -> {"bytes": "<hex>"}, list -> [values...]; anything the Swift reader refuses (timestamps
  stored as INT96, structs) -> {"unsupported": str(value)}.
"""
import json
import math
import os
import random
import struct

import pyarrow as pa
import pyarrow.parquet as pq

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "ParquetTests", "Fixtures")
EXPECTED = os.path.join(ROOT, "expected")


def tag(value):
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int):
        return {"int": str(value)}
    if isinstance(value, float):
        return {"double": "%016x" % struct.unpack("<Q", struct.pack("<d", value))[0]}
    if isinstance(value, str):
        return {"string": value}
    if isinstance(value, bytes):
        return {"bytes": value.hex()}
    if isinstance(value, list):
        return [tag(v) for v in value]
    return {"unsupported": str(value)}


def write(name, table, sample=None, **options):
    path = os.path.join(ROOT, name + ".parquet")
    pq.write_table(table, path, **options)
    back = pq.read_table(path)
    rows = back.to_pylist()
    indices = range(len(rows)) if sample is None else sample(len(rows))
    meta = pq.ParquetFile(path).metadata
    expected = {
        "pyarrow": pa.__version__,
        "columns": back.column_names,
        "row_groups": [meta.row_group(i).num_rows for i in range(meta.num_row_groups)],
        "rows": {str(i): {k: tag(v) for k, v in rows[i].items()} for i in indices},
    }
    with open(os.path.join(EXPECTED, name + ".json"), "w", encoding="utf-8") as f:
        json.dump(expected, f, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def mixed_table(n=60):
    rng = random.Random(7)
    words = ["", "alpha", "héllo wörld", "日本語のテキスト", "emoji 😀🎉", "tab\tand\nnewline", "x" * 40, "quote \" back \\"]
    text = [words[i % len(words)] + (str(i) if i % 3 else "") for i in range(n)]
    maybe = [None if i % 4 == 1 else rng.choice(words) for i in range(n)]
    i64 = [rng.randrange(-2**63, 2**63) for _ in range(n)]
    i64[0], i64[1], i64[2] = -2**63, 2**63 - 1, 0
    i32 = [rng.randrange(-2**31, 2**31) for _ in range(n)]
    i32[0], i32[1] = -2**31, 2**31 - 1
    specials = [math.nan, math.inf, -math.inf, -0.0, 5e-324, 1.7976931348623157e308, 0.1]
    f64 = [specials[i] if i < len(specials) else rng.uniform(-1e6, 1e6) for i in range(n)]
    f32 = [specials[i] if i < 4 else struct.unpack("<f", struct.pack("<f", rng.uniform(-10, 10)))[0] for i in range(n)]
    flag = [None if i % 7 == 3 else rng.random() < 0.5 for i in range(n)]

    def string_list(i):
        if i % 9 == 4:
            return None
        if i % 5 == 2:
            return []
        return [None if (i + j) % 11 == 0 else rng.choice(words) + str(j) for j in range(rng.randrange(1, 6))]

    def int_list(i):
        if i % 8 == 5:
            return None
        if i % 6 == 1:
            return []
        return [rng.randrange(-2**40, 2**40) for _ in range(rng.randrange(1, 5))]

    blob = [bytes(rng.randrange(256) for _ in range(i % 13)) for i in range(n)]
    fixed = [bytes(rng.randrange(256) for _ in range(4)) for _ in range(n)]
    return pa.table({
        "text": pa.array(text, pa.string()),
        "maybe_text": pa.array(maybe, pa.string()),
        "i64": pa.array(i64, pa.int64()),
        "i32": pa.array(i32, pa.int32()),
        "f64": pa.array(f64, pa.float64()),
        "f32": pa.array(f32, pa.float32()),
        "flag": pa.array(flag, pa.bool_()),
        "positive": pa.array([string_list(i) for i in range(n)], pa.list_(pa.string())),
        "ids": pa.array([int_list(i) for i in range(n)], pa.list_(pa.int64())),
        "blob": pa.array(blob, pa.binary()),
        "fixed": pa.array(fixed, pa.binary(4)),
    })


def main():
    os.makedirs(EXPECTED, exist_ok=True)
    table = mixed_table()
    for codec in ["none", "snappy", "zstd"]:
        for dictionary in [True, False]:
            for version in ["1.0", "2.0"]:
                name = f"mixed_{codec}_{'dict' if dictionary else 'plain'}_v{version[0]}"
                write(name, table, compression=codec, use_dictionary=dictionary, data_page_version=version,
                      row_group_size=20, data_page_size=64, write_batch_size=4, write_statistics=False)

    n = 50_000
    rng = random.Random(11)
    vocabulary = [f"term {k} ✓" for k in range(40)]
    big = pa.table({
        "bucket": pa.array([i % 97 for i in range(n)], pa.int32()),
        "label": pa.array([vocabulary[rng.randrange(40)] for _ in range(n)], pa.string()),
        "negatives": pa.array([None if i % 10 == 0 else list(range(i % 4)) for i in range(n)], pa.list_(pa.int64())),
    })
    write("stream_50k", big, sample=lambda count: sorted({0, 1, count - 1} | set(range(0, count, 997))),
          compression="zstd", row_group_size=1000, write_statistics=False)

    nested = pa.table({
        "id": pa.array(range(6), pa.int64()),
        "matrix": pa.array([[[1, 2], [], None, [3]], None, [], [[None, 4]], [[5]], [None]], pa.list_(pa.list_(pa.int64()))),
    })
    write("nested_lists", nested, compression="snappy")

    unsupported = pa.table({
        "id": pa.array([1, 2, 3], pa.int64()),
        "stamp": pa.array([0, 10**15, None], pa.timestamp("us")),
        "pair": pa.array([{"a": 1, "b": "x"}, None, {"a": 3, "b": None}],
                         pa.struct([("a", pa.int64()), ("b", pa.string())])),
    })
    write("int96_struct", unsupported, use_deprecated_int96_timestamps=True, compression="none")
    write("gzip", pa.table({"id": pa.array([1, 2, 3], pa.int64())}), compression="gzip")


if __name__ == "__main__":
    main()
