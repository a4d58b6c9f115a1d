"""The command line: argv in; output on stdout, problems on stderr, an exit code out.

A thin shell over the public API: one module per verb (``evaluate.py``, ``report.py``, ...),
each with its arguments and a ``run`` that calls the library and writes what it returns.
Only this package knows flag names: library errors name parameters, and `_errors` translates
them and maps every error to its exit code. `_main` parses argv and runs one verb.
"""
