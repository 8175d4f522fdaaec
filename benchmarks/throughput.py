"""Throughput and memory of `vnextract run`, with peers measured in the same run.

Builds a corpus of at least ``--articles`` texts from ../shared/corpus (repeated when
smaller), runs the CLI with 1 worker and with every core (and, with ``--dask``, on a
local Dask cluster), and prints for each: articles/s, characters/s, characters/s per
core and the peak RSS of the whole process tree.  In the same run it times
underthesea's ``word_tokenize`` and ``ner`` over every sentence of a sample of the
same corpus and prints vnextract's speed as a ratio to each.  Figures are also
written as JSON (``--json``) so they can be compared across commits.

    python benchmarks/throughput.py --articles 2000 20000 --json benchmarks/results.json
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"
POLL_SECONDS = 0.25


def build_corpus(folder: Path, articles: int) -> int:
    """Copy corpus texts into ``folder`` until it holds ``articles`` files; return their characters."""
    texts = sorted(CORPUS.glob("*.txt"))
    if not texts:
        sys.exit(f"no corpus at {CORPUS}: the benchmark needs ../shared/corpus beside the repository")
    chars = 0
    for i in range(articles):
        source = texts[i % len(texts)]
        target = folder / f"{i // len(texts):03d}" / source.name
        target.parent.mkdir(exist_ok=True)
        shutil.copyfile(source, target)
        chars += len(source.read_text(encoding="utf-8", errors="replace"))
    return chars


def _descendants(pid: int) -> list[int]:
    """Return ``pid`` and every process below it."""
    found, stack = [], [pid]
    while stack:
        current = stack.pop()
        found.append(current)
        try:
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as children:
                    stack.extend(int(c) for c in children.read().split())
        except OSError:
            continue
    return found


def _memory_kb(pid: int, field: str) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as rollup:
            return next((int(line.split()[1]) for line in rollup if line.startswith(field + ":")), 0)
    except OSError:
        return 0


def tree_memory(pid: int) -> tuple[int, int]:
    """Return (RSS, PSS) in bytes of ``pid`` and its descendants.

    RSS counts a page shared by forked workers once per process (an upper bound);
    PSS divides it among them (what the tree really holds).
    """
    pids = _descendants(pid)
    return (sum(_memory_kb(p, "Rss") for p in pids) * 1024, sum(_memory_kb(p, "Pss") for p in pids) * 1024)


def timed_command(args: list[str]) -> tuple[float, int, int]:
    """Run ``args``; return (seconds, peak RSS, peak PSS of the process tree in bytes)."""
    start, peak_rss, peak_pss = time.perf_counter(), 0, 0
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    while process.poll() is None:
        rss, pss = tree_memory(process.pid)
        peak_rss, peak_pss = max(peak_rss, rss), max(peak_pss, pss)
        # Reading smaps_rollup walks the processes' page tables: sampled often, it steals
        # the CPU the workers are being timed on (20 ms sampling cut 2-worker runs by 25%).
        time.sleep(POLL_SECONDS)
    seconds = time.perf_counter() - start
    if process.returncode != 0:
        sys.exit(f"{' '.join(args)} failed:\n{process.stderr.read()}")
    return seconds, peak_rss, peak_pss


def figures(label: str, seconds: float, peak: int, peak_pss: int, articles: int, chars: int, cores: int) -> dict:
    return {
        "label": label, "seconds": round(seconds, 3), "articles_per_s": round(articles / seconds, 1),
        "chars_per_s": round(chars / seconds), "chars_per_s_per_core": round(chars / seconds / cores),
        "peak_rss_mb": round(peak / 2**20, 1), "peak_pss_mb": round(peak_pss / 2**20, 1), "cores": cores,
    }


def run_vnextract(corpus: Path, out: Path, workers: int, engine: str = "local") -> tuple[float, int, int]:
    shutil.rmtree(out, ignore_errors=True)
    args = [sys.executable, "-m", "vnextract.cli", "run", str(corpus), "--out", str(out),
            "--workers", str(workers), "--full", "--engine", engine]
    return timed_command(args)


def peer_speeds(corpus: Path, sample: int) -> dict[str, float]:
    """Return characters/s of underthesea's word_tokenize and ner over every sentence of a sample."""
    from underthesea import ner, sent_tokenize, word_tokenize

    texts = [p.read_text(encoding="utf-8", errors="replace") for p in sorted(corpus.rglob("*.txt"))[:sample]]
    sentences = [s for text in texts for line in text.splitlines() for s in sent_tokenize(line)]
    chars = sum(map(len, sentences))
    speeds = {}
    for name, function, share in (("word_tokenize", word_tokenize, 1.0), ("ner", ner, 0.1)):
        subset = sentences[: max(1, int(len(sentences) * share))]  # ner is slow: a tenth suffices
        start = time.perf_counter()
        for sentence in subset:
            function(sentence)
        speeds[name] = sum(map(len, subset)) / (time.perf_counter() - start)
    speeds["sample_chars"] = chars
    return speeds


def cold_extract_seconds() -> float:
    sample = next(iter(sorted((REPO / "data" / "raw").glob("*.txt"))))
    seconds, _, _ = timed_command([sys.executable, "-m", "vnextract.cli", "extract", str(sample)])
    return seconds


def time_runs(articles: int, cores: int, with_dask: bool, tmp: Path) -> dict:
    """Build a corpus of ``articles`` texts and time vnextract on it with 1 worker, all cores, Dask."""
    corpus = tmp / f"corpus-{articles}"
    corpus.mkdir()
    chars = build_corpus(corpus, articles)
    print(f"corpus: {articles} articles, {chars:,} characters, {cores} cores", flush=True)
    runs = [figures("1 worker", *run_vnextract(corpus, tmp / "out", 1), articles, chars, 1)]
    runs.append(figures(f"{cores} workers", *run_vnextract(corpus, tmp / "out", cores), articles, chars, cores))
    if with_dask:
        runs.append(figures(f"dask, {cores} workers", *run_vnextract(corpus, tmp / "out", cores, "dask"),
                            articles, chars, cores))
    shutil.rmtree(tmp / "out", ignore_errors=True)
    return {"articles": articles, "chars": chars, "runs": runs,
            "scaling": round(runs[1]["chars_per_s"] / runs[0]["chars_per_s"], 2), "corpus": corpus}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, nargs="+", default=[2000],
                        help="corpus sizes to time, e.g. 2000 20000 (default 2000)")
    parser.add_argument("--peer-sample", type=int, default=200, help="articles the peers are timed on")
    parser.add_argument("--no-dask", dest="dask", action="store_false",
                        help="skip the Dask engine (timed on a local cluster when dask is installed)")
    parser.add_argument("--json", type=Path, help="write the figures here as JSON")
    args = parser.parse_args()
    cores = len(os.sched_getaffinity(0))
    with_dask = args.dask and importlib.util.find_spec("distributed") is not None
    with tempfile.TemporaryDirectory(prefix="vnextract-bench-") as tmp:
        sizes = [time_runs(n, cores, with_dask, Path(tmp)) for n in args.articles]
        peers = peer_speeds(sizes[0].pop("corpus"), args.peer_sample)
        for size in sizes:
            size.pop("corpus", None)
    report = {"sizes": sizes, "peers": peers, "cold_extract_s": round(cold_extract_seconds(), 2)}
    print_report(report)
    if args.json:
        args.json.write_text(json.dumps(report, indent=2), encoding="utf-8")


def print_report(report: dict) -> None:
    print(f"\n{'articles':>9} {'run':<18}{'articles/s':>11}{'chars/s':>12}{'chars/s/core':>14}{'peak RSS MB':>13}{'peak PSS MB':>13}")
    for size in report["sizes"]:
        for r in size["runs"]:
            print(f"{size['articles']:>9} {r['label']:<18}{r['articles_per_s']:>11,.0f}{r['chars_per_s']:>12,}"
                  f"{r['chars_per_s_per_core']:>14,}{r['peak_rss_mb']:>13,.0f}{r['peak_pss_mb']:>13,.0f}")
        print(f"{size['articles']:>9} scaling, all cores / 1 worker: {size['scaling']:.2f}x")
    one = report["sizes"][0]["runs"][0]["chars_per_s"]
    for name in ("word_tokenize", "ner"):
        speed = report["peers"][name]
        print(f"peer underthesea.{name}: {speed:,.0f} chars/s; vnextract, 1 worker, end to end: {one / speed:,.1f}x")
    print(f"cold start of `vnextract extract` on one article: {report['cold_extract_s']:.2f} s")


if __name__ == "__main__":
    main()
