"""Throughput and memory of `vnextract run`, with peers measured in the same run.

Builds a corpus of at least ``--articles`` texts from ../shared/corpus (repeated when
smaller), runs the CLI with 1 worker and with every core (and, with ``--dask``, on a
local Dask cluster), and prints for each: articles/s, characters/s, characters/s per
core and the peak RSS of the whole process tree.  In the same run it times
underthesea's ``word_tokenize`` and ``ner`` over every sentence of a sample of the
same corpus and prints vnextract's speed as a ratio to each.  Figures are also
written as JSON (``--json``) so they can be compared across commits.

    python benchmarks/throughput.py --articles 2000 --json benchmarks/results.json
"""

from __future__ import annotations

import argparse
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


def _tree_rss(pid: int) -> int:
    """Return the resident memory in bytes of ``pid`` and all its descendants."""
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        try:
            with open(f"/proc/{current}/status") as status:
                total += next((int(line.split()[1]) * 1024 for line in status if line.startswith("VmRSS:")), 0)
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as children:
                    stack.extend(int(c) for c in children.read().split())
        except (OSError, ValueError):
            continue
    return total


def timed_command(args: list[str]) -> tuple[float, int]:
    """Run ``args``; return (seconds, peak RSS of the process tree in bytes)."""
    start, peak = time.perf_counter(), 0
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    while process.poll() is None:
        peak = max(peak, _tree_rss(process.pid))
        time.sleep(0.02)
    seconds = time.perf_counter() - start
    if process.returncode != 0:
        sys.exit(f"{' '.join(args)} failed:\n{process.stderr.read()}")
    return seconds, peak


def figures(label: str, seconds: float, peak: int, articles: int, chars: int, cores: int) -> dict:
    return {
        "label": label, "seconds": round(seconds, 3), "articles_per_s": round(articles / seconds, 1),
        "chars_per_s": round(chars / seconds), "chars_per_s_per_core": round(chars / seconds / cores),
        "peak_rss_mb": round(peak / 2**20, 1), "cores": cores,
    }


def run_vnextract(corpus: Path, out: Path, workers: int, engine: str = "local") -> tuple[float, int]:
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
    seconds, _ = timed_command([sys.executable, "-m", "vnextract.cli", "extract", str(sample)])
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=2000, help="corpus size (default 2000)")
    parser.add_argument("--peer-sample", type=int, default=200, help="articles the peers are timed on")
    parser.add_argument("--dask", action="store_true", help="also time the Dask engine on a local cluster")
    parser.add_argument("--json", type=Path, help="write the figures here as JSON")
    args = parser.parse_args()
    cores = len(os.sched_getaffinity(0))
    with tempfile.TemporaryDirectory(prefix="vnextract-bench-") as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        chars = build_corpus(corpus, args.articles)
        print(f"corpus: {args.articles} articles, {chars:,} characters, {cores} cores")
        runs = [figures("1 worker", *run_vnextract(corpus, Path(tmp) / "o1", 1), args.articles, chars, 1)]
        runs.append(figures(f"{cores} workers", *run_vnextract(corpus, Path(tmp) / "on", cores), args.articles, chars, cores))
        if args.dask:
            runs.append(figures(f"dask {cores} workers", *run_vnextract(corpus, Path(tmp) / "od", cores, "dask"),
                                args.articles, chars, cores))
        peers = peer_speeds(corpus, args.peer_sample)
    report = {"articles": args.articles, "chars": chars, "runs": runs, "peers": peers,
              "scaling": round(runs[1]["chars_per_s"] / runs[0]["chars_per_s"], 2),
              "cold_extract_s": round(cold_extract_seconds(), 2)}
    print_report(report)
    if args.json:
        args.json.write_text(json.dumps(report, indent=2), encoding="utf-8")


def print_report(report: dict) -> None:
    print(f"{'run':<18}{'articles/s':>12}{'chars/s':>14}{'chars/s/core':>14}{'peak RSS MB':>13}")
    for r in report["runs"]:
        print(f"{r['label']:<18}{r['articles_per_s']:>12,.0f}{r['chars_per_s']:>14,}"
              f"{r['chars_per_s_per_core']:>14,}{r['peak_rss_mb']:>13,.0f}")
    one = report["runs"][0]["chars_per_s"]
    print(f"scaling, all cores / 1 worker: {report['scaling']:.2f}x")
    for name in ("word_tokenize", "ner"):
        speed = report["peers"][name]
        print(f"peer underthesea.{name}: {speed:,.0f} chars/s; vnextract (1 worker) is {one / speed:,.1f}x faster")
    print(f"cold start `vnextract extract` on one article: {report['cold_extract_s']:.2f} s")


if __name__ == "__main__":
    main()
