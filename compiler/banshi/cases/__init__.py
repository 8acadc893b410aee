"""The hall's own figures: cases (办件) and evaluations (好差评) measured against the promises.

``files`` reads an export (encodings, header rows, workbooks); ``store`` keeps cases and
evaluations in DuckDB; ``releases`` says which release of the catalog was in force on a day;
``catalog`` is the one module that resolves a release; ``measure`` measures each case against
its promise and calendar; ``figures`` sums the period's figures; ``report`` writes them.
"""
