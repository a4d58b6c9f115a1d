"""The command line: argv in; output on stdout, problems on stderr, an exit code out.

A thin shell over the public API. Only this package knows flag names: library errors name
parameters, and `_errors` translates them.
"""
