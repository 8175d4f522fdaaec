"""Throughput and memory of `vnextract run`, with peers measured in the same run.

Builds a corpus of at least ``--articles`` texts from ../shared/corpus (repeated when
smaller), runs the CLI with 1 worker and with every core (and, with ``--dask``, on a
local Dask cluster), and prints for each: articles/s, characters/s, characters/s per
core and the peak RSS of the whole process tree (measured in a run of its own: reading
memory takes CPU from the run being timed).  In the same run it times
underthesea's ``word_tokenize`` and ``ner`` over every sentence of a sample of the
same corpus and prints vnextract's speed as a ratio to each.  It also times the ceiling
of scaling: one 1-worker run per core at once, each on its share of the files, as if
the work were split for free; each still pays its own start-up.  Figures are also
written as JSON (``--json``) so they can be compared across commits.

    python benchmarks/throughput.py --articles 2000 20000 --json benchmarks/results.json
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"
POLL_SECONDS = 0.05
PSS_EVERY = 20  # one PSS reading a second
PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024


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


def _rss_kb(pid: int) -> int:
    # statm reads the kernel's counters: cheap enough to sample often
    try:
        with open(f"/proc/{pid}/statm") as statm:
            return int(statm.read().split()[1]) * PAGE_KB
    except (OSError, IndexError, ValueError):
        return 0


def _pss_kb(pid: int) -> int:
    # smaps_rollup walks the page tables under the process's memory lock: sampled often, it
    # stalls the workers being timed (every 20 ms it cost a 2-worker run a quarter of its speed)
    try:
        with open(f"/proc/{pid}/smaps_rollup") as rollup:
            return next((int(line.split()[1]) for line in rollup if line.startswith("Pss:")), 0)
    except OSError:
        return 0


def tree_rss(pid: int) -> int:
    """Return the RSS in bytes of ``pid`` and its descendants (a page shared by forked
    workers counts once per process: an upper bound)."""
    return sum(_rss_kb(p) for p in _descendants(pid)) * 1024


def tree_pss(pid: int) -> int:
    """Return the PSS in bytes of ``pid`` and its descendants (shared pages divided among them)."""
    return sum(_pss_kb(p) for p in _descendants(pid)) * 1024


def timed_seconds(args: list[str]) -> float:
    """Run ``args`` and return its wall-clock seconds (nothing else runs meanwhile)."""
    start = time.perf_counter()
    process = subprocess.run(args, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    seconds = time.perf_counter() - start
    if process.returncode != 0:
        sys.exit(f"{' '.join(args)} failed:\n{process.stderr}")
    return seconds


def timed_together(commands: list[list[str]]) -> float:
    """Start ``commands`` at once and return the wall-clock seconds until the last ends."""
    start = time.perf_counter()
    processes = [subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True) for args in commands]
    failed = [(args, p.communicate()[1]) for args, p in zip(commands, processes) if p.wait() != 0]
    seconds = time.perf_counter() - start
    if failed:
        sys.exit(f"{' '.join(failed[0][0])} failed:\n{failed[0][1]}")
    return seconds


def split_corpus(corpus: Path, parts: int) -> list[Path]:
    """Return ``parts`` folders beside ``corpus`` sharing its files round robin (hard links)."""
    folders = [corpus.with_name(f"{corpus.name}-part{k}") for k in range(parts)]
    for i, source in enumerate(sorted(corpus.rglob("*.txt"))):
        target = folders[i % parts] / source.relative_to(corpus)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.link(source, target)
    return folders


def ceiling_seconds(corpus: Path, tmp: Path, cores: int, repeat: int) -> float:
    """Return the median seconds of ``cores`` 1-worker runs at once, each on its share of the files."""
    commands = [_run_args(part, tmp / f"out-part{k}", 1, "local") for k, part in enumerate(split_corpus(corpus, cores))]
    timings = []
    for _ in range(repeat):
        for k in range(cores):
            shutil.rmtree(tmp / f"out-part{k}", ignore_errors=True)
        timings.append(timed_together(commands))
    return statistics.median(timings)


def peak_memory(args: list[str]) -> tuple[int, int]:
    """Run ``args``; return the peak RSS and peak PSS of its process tree in bytes.

    RSS is sampled every ``POLL_SECONDS``, PSS (costlier to read) every ``PSS_EVERY``
    samples.  Sampling takes CPU from the run, so this run is not timed."""
    peak_rss, peak_pss, samples = 0, 0, 0
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    while process.poll() is None:
        peak_rss = max(peak_rss, tree_rss(process.pid))
        if samples % PSS_EVERY == 0:
            peak_pss = max(peak_pss, tree_pss(process.pid))
        samples += 1
        time.sleep(POLL_SECONDS)
    if process.returncode != 0:
        sys.exit(f"{' '.join(args)} failed:\n{process.stderr.read()}")
    return peak_rss, peak_pss


def figures(label: str, seconds: float, peak: int, peak_pss: int, articles: int, chars: int, cores: int) -> dict:
    return {
        "label": label, "seconds": round(seconds, 3), "articles_per_s": round(articles / seconds, 1),
        "chars_per_s": round(chars / seconds), "chars_per_s_per_core": round(chars / seconds / cores),
        "peak_rss_mb": round(peak / 2**20, 1), "peak_pss_mb": round(peak_pss / 2**20, 1), "cores": cores,
    }


def run_vnextract(corpus: Path, out: Path, workers: int, engine: str = "local", repeat: int = 1) -> tuple[float, int, int]:
    """Time ``vnextract run`` ``repeat`` times, then measure its memory in one more run;
    return the median seconds, the peak RSS and the peak PSS."""
    args = _run_args(corpus, out, workers, engine)
    timings = []
    for _ in range(repeat):
        shutil.rmtree(out, ignore_errors=True)
        timings.append(timed_seconds(args))
    shutil.rmtree(out, ignore_errors=True)
    return statistics.median(timings), *peak_memory(args)


def _run_args(corpus: Path, out: Path, workers: int, engine: str) -> list[str]:
    return [sys.executable, "-m", "vnextract.cli", "run", str(corpus), "--out", str(out),
            "--workers", str(workers), "--full", "--engine", engine]


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


def compile_package() -> None:
    """Byte-compile vnextract's modules, as pip does when it installs a package.

    An editable install is not compiled, and where PYTHONDONTWRITEBYTECODE is set every
    run would compile each module again (~50 ms of start-up that no installed copy pays).
    """
    import compileall

    for folder in importlib.util.find_spec("vnextract").submodule_search_locations:
        compileall.compile_dir(folder, quiet=1, rx=re.compile(r"[/\\](?:\.venv|\.git|tests|benchmarks)[/\\]"))


def cold_extract_seconds() -> float:
    sample = next(iter(sorted((REPO / "data" / "raw").glob("*.txt"))))
    seconds = timed_seconds([sys.executable, "-m", "vnextract.cli", "extract", str(sample)])
    return seconds


def time_runs(articles: int, cores: int, with_dask: bool, tmp: Path, repeat: int) -> dict:
    """Build a corpus of ``articles`` texts and time vnextract on it with 1 worker, all cores, Dask
    (each the median of ``repeat`` runs)."""
    corpus = tmp / f"corpus-{articles}"
    corpus.mkdir()
    chars = build_corpus(corpus, articles)
    print(f"corpus: {articles} articles, {chars:,} characters, {cores} cores", flush=True)
    out = tmp / "out"
    runs = [figures("1 worker", *run_vnextract(corpus, out, 1, repeat=repeat), articles, chars, 1)]
    runs.append(figures(f"{cores} workers", *run_vnextract(corpus, out, cores, repeat=repeat), articles, chars, cores))
    if with_dask:
        runs.append(figures(f"dask, {cores} workers", *run_vnextract(corpus, out, cores, "dask", repeat),
                            articles, chars, cores))
    ceiling = runs[0]["seconds"] / ceiling_seconds(corpus, tmp, cores, repeat) if cores > 1 else 1.0
    shutil.rmtree(tmp / "out", ignore_errors=True)
    return {"articles": articles, "chars": chars, "runs": runs,
            "scaling": round(runs[1]["chars_per_s"] / runs[0]["chars_per_s"], 2),
            "scaling_ceiling": round(ceiling, 2), "corpus": corpus}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, nargs="+", default=[2000],
                        help="corpus sizes to time, e.g. 2000 20000 (default 2000)")
    parser.add_argument("--peer-sample", type=int, default=200, help="articles the peers are timed on")
    parser.add_argument("--no-dask", dest="dask", action="store_false",
                        help="skip the Dask engine (timed on a local cluster when dask is installed)")
    parser.add_argument("--repeat", type=int, default=3,
                        help="runs per configuration; the median time is reported (default 3)")
    parser.add_argument("--json", type=Path, help="write the figures here as JSON")
    args = parser.parse_args()
    cores = len(os.sched_getaffinity(0))
    with_dask = args.dask and importlib.util.find_spec("distributed") is not None
    compile_package()
    with tempfile.TemporaryDirectory(prefix="vnextract-bench-") as tmp:
        sizes = [time_runs(n, cores, with_dask, Path(tmp), args.repeat) for n in args.articles]
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
        print(f"{size['articles']:>9} scaling, all cores / 1 worker: {size['scaling']:.2f}x "
              f"(ceiling, one 1-worker run per core on its share at once: {size['scaling_ceiling']:.2f}x)")
    one = report["sizes"][0]["runs"][0]["chars_per_s"]
    for name in ("word_tokenize", "ner"):
        speed = report["peers"][name]
        print(f"peer underthesea.{name}: {speed:,.0f} chars/s; vnextract, 1 worker, end to end: {one / speed:,.1f}x")
    print(f"cold start of `vnextract extract` on one article: {report['cold_extract_s']:.2f} s")


if __name__ == "__main__":
    main()
