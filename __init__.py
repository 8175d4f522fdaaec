"""vnextract: facts from Vietnamese ward-level news as validated Parquet tables.

The repository's top-level folders are the parts of this package:
``pipeline`` (the stages), ``extractors`` (one per kind of fact) and
``schemas`` (record models and Arrow schemas).
"""

__version__ = "0.1.0"


def load(out_dir="data/out"):
    """Return the tables of a run as pandas DataFrames, with the joins analysts need.

    See ``vnextract.analysis.load``; imported on first use so that ``import vnextract``
    stays cheap for the pipeline's worker processes.
    """
    from vnextract.analysis import load as _load

    return _load(out_dir)
