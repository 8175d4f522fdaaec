"""vnextract: facts from Vietnamese ward-level news as validated Parquet tables.

The repository's top-level folders are the parts of this package:
``pipeline`` (the stages), ``extractors`` (one per kind of fact) and
``schemas`` (record models and Arrow schemas).
"""

__version__ = "0.1.0"
