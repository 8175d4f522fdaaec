"""The ``vnextract`` command line: thin commands over functions a notebook can call."""

from __future__ import annotations

import enum
import json
import logging
import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from vnextract import __version__

app = typer.Typer(
    help="Facts from Vietnamese ward-level news, as validated Parquet tables.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


class Engine(str, enum.Enum):
    local = "local"
    dask = "dask"


def _cpu_count() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


@app.command()
def run(
    input_dir: Annotated[Path, typer.Argument(help="Folder of scraped articles.")] = Path("data/raw"),
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder for the tables.")] = Path("data/out"),
    workers: Annotated[int, typer.Option("--workers", "-w", help="Worker processes (0 = all cores).")] = 1,
    strict: Annotated[bool, typer.Option(help="Exit with code 3 when any input or record was rejected.")] = False,
    full: Annotated[bool, typer.Option("--full", help="Process every file again, even unchanged ones.")] = False,
    engine: Annotated[Engine, typer.Option(
        help="local processes, or a Dask cluster (needs: pip install 'vnextract\\[dask]').",
    )] = Engine.local,
    scheduler: Annotated[str | None, typer.Option(
        help="Address of a running Dask scheduler (default: start a local cluster).",
    )] = None,
) -> None:
    """Run the pipeline over a folder and write the tables.

    Example: vnextract run data/raw --out data/out --workers 2
    """
    from vnextract.pipeline import run as run_pipeline
    from vnextract.pipeline.dask_engine import EngineUnavailable, run_dask
    from vnextract.pipeline.lock import OutputLocked

    if not input_dir.is_dir():
        _fail(f"{input_dir} is not a folder")
    n_workers = workers or _cpu_count()
    try:
        if engine is Engine.dask:
            summary = run_dask(input_dir, out, scheduler=scheduler, n_workers=n_workers)
        else:
            summary = run_pipeline(input_dir, out, workers=n_workers, progress=sys.stderr.isatty(), incremental=not full)
    except (OutputLocked, EngineUnavailable) as exc:
        _fail(str(exc))
    _print_summary(summary)
    if strict and summary.rejected:
        raise typer.Exit(code=3)


def _fail(message: str, code: int = 2) -> None:
    """Print an error for people (no traceback) and exit."""
    typer.echo(f"Error: {message}", err=True)
    raise typer.Exit(code=code)


def _print_summary(summary) -> None:
    if summary.nothing_needed_work:
        typer.echo(f"Nothing needed work: {summary.inputs} input files unchanged since the last run "
                   f"({summary.out_dir}).")
    else:
        typer.echo(f"{summary.inputs} input files: {summary.processed} processed, {summary.skipped} unchanged, "
                   f"{summary.removed} removed -> {summary.out_dir} in {summary.seconds:.2f} s")
    for name, count in summary.rows.items():
        typer.echo(f"  {name:<11} {count:>8} rows")


@app.command()
def extract(
    file: Annotated[str, typer.Argument(help="A text file, or - for standard input.")],
) -> None:
    """Print one article's extractions as JSON.

    Example: vnextract extract data/raw/000_1e85e24bf16e20a7.txt
    """
    from vnextract.pipeline import extract_text

    if file == "-":
        text, source = sys.stdin.read(), "-"
    else:
        path = Path(file)
        if not path.is_file():
            _fail(f"{file} is not a file")
        text, source = path.read_text(encoding="utf-8", errors="replace"), path.name
    rows = extract_text(text, source=source)
    typer.echo(json.dumps(rows, ensure_ascii=False, indent=2, default=str))


@app.command()
def schema() -> None:
    """Print the tables and their columns with a one-line meaning each.

    Example: vnextract schema
    """
    from vnextract.schemas.tables import TABLES, describe

    for name, table_schema in TABLES.items():
        table_help = (table_schema.metadata or {}).get(b"description", b"").decode()
        typer.echo(f"{name}.parquet  ({table_help})")
        for column, kind, meaning in describe(table_schema):
            typer.echo(f"  {column:<15} {kind:<22} {meaning}")
        typer.echo("")


@app.command()
def report(
    out: Annotated[Path, typer.Argument(help="Folder of tables written by `vnextract run`.")] = Path("data/out"),
    html: Annotated[Path | None, typer.Option("--html", help="Page to write (default: OUT/report.html).")] = None,
    limit: Annotated[int | None, typer.Option("--limit", help="Show only the first N articles.")] = None,
) -> None:
    """Write one self-contained HTML page with every extraction highlighted in its article.

    Example: vnextract report data/out --html report.html
    """
    from vnextract.analysis import OutputNotFound
    from vnextract.report import write_report

    try:
        page = write_report(out, html, limit)
    except OutputNotFound as exc:
        raise typer.BadParameter(str(exc), param_hint="OUT") from exc
    typer.echo(f"review page -> {page}")


@app.command()
def evaluate(
    gold: Annotated[Path, typer.Argument(help="Gold file: JSON lines, one annotated article per line.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON instead of a table.")] = False,
    errors: Annotated[int, typer.Option(
        "--errors", metavar="N", help="Also print up to N missed/spurious items per kind per article (to stderr with --json).",
    )] = 0,
    peers: Annotated[bool, typer.Option(
        "--peers", help="Also score dateparser (dates) and underthesea NER (official names).",
    )] = False,
) -> None:
    """Score the pipeline against a gold file: precision, recall, F1 per kind, and the accuracies.

    Each gold text is run as the file <id>.txt and the tables are scored as
    ../shared/gold/SCORING.md says. GOLD has one JSON object per line with every key:
    id, source, text, title, byline, event_date ("YYYY-MM-DD" or null),
    dates (["2023-02-02", "2023-Q2", "2020/2025", ...]),
    officials ([{"name", "positions": [{"position", "organization"}]}]),
    wards ([{"name", "district", "province"}]), primary_ward,
    indicators ([{"evidence" (verbatim in text), "subject", "value", "unit",
    "denominator", "comparator" (= >= > < <= ~), "kind" (actual|target)}]).

    Example: vnextract evaluate ../shared/gold/dev.jsonl --errors 5 --peers
    """
    from vnextract.evaluate import GoldError, PeerUnavailable, evaluate_file, figures_json, format_errors, format_table

    try:
        evaluation = evaluate_file(gold, peers=peers)
    except (GoldError, PeerUnavailable) as exc:
        typer.echo(f"Error: {exc}", err=True)
        raise typer.Exit(code=2) from None
    typer.echo(json.dumps(figures_json(evaluation), ensure_ascii=False, indent=2) if as_json else format_table(evaluation))
    if errors > 0:  # with --json the errors go to stderr, so stdout stays one JSON document
        typer.echo("\n" + format_errors(evaluation, errors), err=as_json)


@app.command()
def version() -> None:
    """Print the version."""
    typer.echo(__version__)


def main() -> None:
    """The ``vnextract`` console command: ``app``, then an exit that skips tearing the
    interpreter down.

    By then every table is committed and closed and the workers are gone; freeing the
    extractors' lexicons and the imported modules object by object would only add
    about 0.07 s to every run (a tenth of a 2-worker run over 2,000 articles).  In
    process (``typer.testing.CliRunner``, a notebook) ``app`` is called directly and
    nothing of this applies.
    """
    try:
        app()
    except SystemExit as done:
        code = done.code
    else:
        code = 0
    if isinstance(code, str):  # sys.exit("message")
        print(code, file=sys.stderr)
        code = 1
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe ("vnextract run | head -1"): nothing left to say
            pass
    os._exit(code or 0)


if __name__ == "__main__":
    main()
