#!/usr/bin/env python3
"""Checks that MTEB itself reads every result file of an evalbench results folder.

    python3 scripts/check_mteb_interop.py RESULTS_DIR [--strict-model-meta]

RESULTS_DIR is the folder given to `evalbench run --output` (the one holding ORG__MODEL/REVISION/...).
The result files are the ones evalbench's leaderboard reads: every *.json under RESULTS_DIR except
model_meta.json, leaderboard*, hidden files and anything under a details/ folder. The script

1. loads each of them with `mteb.results.TaskResult.from_disk`;
2. loads the whole folder with `mteb.cache.ResultCache(cache_path=...).load_results(...)`. ResultCache
   reads `<cache_path>/results/`, so a temporary cache folder with a `results` symlink to RESULTS_DIR is
   used. The call is `load_results(include_remote=False, require_model_meta=False,
   load_experiments="match_name")`: the default `load_experiments="match_kwargs"` drops every
   experiments/<name>/ result when no ModelMeta is given, and `require_model_meta=False` lets mteb log
   its "No model_meta.json in experiment folder ... skipping" warning instead of dropping those files
   silently (a folder without model_meta.json is still reported, since mteb's default
   `require_model_meta=True` drops it);
3. compares what mteb loaded, per (model folder, revision folder, experiment folder), with the files.

It exits 1, listing the files, when a file fails to load, is skipped, lands under another model,
revision or experiment name than its folder (mteb takes these from model_meta.json: `name`, `revision`,
and `experiment_kwargs` serialised with sorted keys), is a result file outside mteb's layout, or when the
counts differ. mteb's warnings (logging records of WARNING and above from the `mteb` loggers, and Python
warnings) raised while loading count as failures. With --strict-model-meta, every model_meta.json must
also pass mteb's strict `ModelMeta.model_validate_json_resolved` (what `ResultCache.submit_results`
uses). On success it prints "N result files loaded by mteb X.Y.Z" and exits 0.

mteb's own dependencies pull torch (with CUDA on Linux); reading results needs none of that. Install the
pinned set into its own virtual environment, without dependency resolution:

    python3 -m venv /tmp/mteb-venv
    /tmp/mteb-venv/bin/pip install --no-deps -r scripts/requirements-mteb.txt
    /tmp/mteb-venv/bin/python scripts/check_mteb_interop.py Results

(equivalently: `pip install --no-deps mteb==2.26.24` and then `pip install numpy typing-extensions
pydantic huggingface_hub datasets scikit-learn requests pytrec-eval-terrier polars`, the modules
`mteb.cache.ResultCache` and `mteb.results.TaskResult` import; `pip check` then lists torch,
transformers, sentence-transformers and rich as missing, which is expected.)
"""
from __future__ import annotations

import argparse
import collections
import logging
import os
import sys
import tempfile
import warnings
from pathlib import Path

EXPERIMENTS = "experiments"


def is_result_file(rel: Path) -> bool:
    """The files evalbench's leaderboard reads (README: model_meta.json, leaderboard*, hidden files and
    details/ are skipped)."""
    if rel.suffix != ".json" or rel.name == "model_meta.json" or rel.name.startswith("leaderboard"):
        return False
    return not any(part.startswith(".") or part == "details" for part in rel.parts)


def folder_key(rel: Path) -> tuple[str, str, str | None] | None:
    """(model folder, revision folder, experiment folder or None) for a file in mteb's layout
    (ResultCache.get_cache_paths globs */*/*.json and */*/experiments/*/*.json), else None."""
    parts = rel.parts
    if len(parts) == 3:
        return parts[0], parts[1], None
    if len(parts) == 5 and parts[2] == EXPERIMENTS:
        return parts[0], parts[1], parts[3]
    return None


class Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(f"{record.name}: {record.getMessage()}")


def main() -> int:  # noqa: C901, PLR0912, PLR0915
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("results_dir", type=Path)
    parser.add_argument(
        "--strict-model-meta",
        action="store_true",
        help="also require every model_meta.json to pass ModelMeta.model_validate_json_resolved",
    )
    args = parser.parse_args()
    root = args.results_dir.resolve()
    if not root.is_dir():
        print(f"not a folder: {args.results_dir}", file=sys.stderr)
        return 2

    capture = Capture()
    mteb_logger = logging.getLogger("mteb")
    mteb_logger.addHandler(capture)
    if mteb_logger.getEffectiveLevel() > logging.WARNING:
        mteb_logger.setLevel(logging.WARNING)

    import mteb
    from mteb.cache import ResultCache
    from mteb.models.model_meta import ModelMeta
    from mteb.results import TaskResult

    version = getattr(mteb, "__version__", "unknown")
    failures: list[str] = []  # one line per file or folder, printed sorted
    notes: list[str] = []  # mteb's own warnings (each one is also a failure), printed as they came

    files = sorted(
        p.relative_to(root) for p in root.rglob("*.json") if is_result_file(p.relative_to(root))
    )
    expected: dict[tuple[str, str, str | None], collections.Counter] = collections.defaultdict(
        collections.Counter
    )
    for rel in files:
        key = folder_key(rel)
        if key is None:
            failures.append(f"{rel}: outside mteb's layout ORG__MODEL/REVISION/[experiments/NAME/]TASK.json")
            continue
        expected[key][rel.stem] += 1
        if not (root / rel).parent.joinpath("model_meta.json").exists():
            failures.append(
                f"{rel.parent}/: no model_meta.json (load_results' default require_model_meta=True drops its files)"
            )

    # files mteb's glob takes for results (ResultCache.get_cache_paths) that evalbench does not count
    for pattern in ("*/*/*.json", f"*/*/{EXPERIMENTS}/*/*.json"):
        for p in sorted(root.glob(pattern)):
            rel = p.relative_to(root)
            if rel.name != "model_meta.json" and not is_result_file(rel):
                failures.append(f"{rel}: mteb reads it as a task result (leaderboard*/hidden files must not be here)")

    # 1. every file on its own
    for rel in files:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                result = TaskResult.from_disk(root / rel)
            except Exception as e:  # noqa: BLE001 -- any failure is reported
                first = str(e).strip().splitlines()[0] if str(e).strip() else ""
                failures.append(f"{rel}: TaskResult.from_disk failed: {type(e).__name__}: {first}")
                continue
        for w in caught:
            failures.append(f"{rel}: warning in TaskResult.from_disk: {w.message}")
        if result.task_name != rel.stem:
            failures.append(
                f"{rel}: task_name {result.task_name!r} differs from the file name (mteb filters tasks by file name)"
            )

    if args.strict_model_meta:
        for meta in sorted(root.rglob("model_meta.json")):
            rel = meta.relative_to(root)
            if any(part.startswith(".") or part == "details" for part in rel.parts):
                continue
            try:
                ModelMeta.model_validate_json_resolved(meta.read_text(encoding="utf-8"))
            except Exception as e:  # noqa: BLE001
                errors = [line for line in str(e).splitlines() if line and not line.startswith(" ")]
                failures.append(f"{rel}: strict ModelMeta validation failed: {'; '.join(errors[1:]) or e}")

    # 2. the whole folder through ResultCache
    loaded: dict[tuple[str, str, str | None], collections.Counter] = collections.defaultdict(
        collections.Counter
    )
    with tempfile.TemporaryDirectory(prefix="mteb-interop-") as tmp:
        cache_dir = Path(tmp)
        os.symlink(root, cache_dir / "results")
        capture.messages.clear()
        # identities are memoised per folder path; start clean so every warning is emitted
        clear = getattr(ResultCache._get_model_name_and_revision_from_path, "cache_clear", None)
        if clear is not None:
            clear()
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                benchmark = ResultCache(cache_path=cache_dir).load_results(
                    include_remote=False,
                    require_model_meta=False,
                    load_experiments="match_name",
                )
            except Exception as e:  # noqa: BLE001
                first = str(e).strip().splitlines()[0] if str(e).strip() else ""
                failures.append(f"ResultCache.load_results failed: {type(e).__name__}: {first}")
                benchmark = None
        messages = list(capture.messages) + [
            f"warning ({w.category.__name__}): {w.message}" for w in caught
        ]
        prefix = str(cache_dir / "results") + os.sep
        skipped_files: set[Path] = set()
        for message in messages:
            message = message.replace(prefix, "")
            skipped = [
                rel for rel in files if folder_key(rel) and f"{rel.parent}" in message.split(" ")
            ]
            notes.append(f"mteb said: {message}")
            failures.extend(f"{rel}: skipped by ResultCache.load_results" for rel in skipped)
            skipped_files.update(skipped)

    if benchmark is not None:
        for model_result in benchmark.model_results:
            key = (
                model_result.model_name.replace("/", "__").replace(" ", "_"),
                model_result.model_revision,
                model_result.experiment_name,
            )
            for task_result in model_result.task_results:
                loaded[key][task_result.task_name] += 1

        for key in sorted(set(expected) | set(loaded), key=str):
            want, got = expected.get(key, collections.Counter()), loaded.get(key, collections.Counter())
            where = f"{key[0]}/{key[1]}" + (f"/{EXPERIMENTS}/{key[2]}" if key[2] else "")
            for task, n in sorted((want - got).items()):
                if Path(where, f"{task}.json") not in skipped_files:
                    failures.append(f"{where}/{task}.json: not loaded by ResultCache.load_results ({n} missing)")
            for task, n in sorted((got - want).items()):
                failures.append(
                    f"{where}/{task}.json: mteb loaded {n} result(s) more under this model/revision/experiment "
                    "than there are files here (a model_meta.json's name, revision or experiment_kwargs do not "
                    "match its folder names, or mteb read a file evalbench does not count)"
                )

    n_files = len(files)
    n_loaded = sum(sum(c.values()) for c in loaded.values())
    if n_loaded != n_files:
        failures.append(f"counts differ: {n_files} result files, {n_loaded} loaded by ResultCache.load_results")

    if failures or notes:
        print(f"mteb {version} does not read {args.results_dir} completely:")
        for line in sorted(set(failures), key=lambda x: (x.startswith("counts differ"), x)):
            print(f"  {line}")
        for line in notes:
            print(f"  {line}")
        return 1
    print(f"{n_files} result files loaded by mteb {version}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
