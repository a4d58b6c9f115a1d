"""Criteria versions side by side: what changed between two of them."""

from ._diff import Change, Diff, diff

__all__ = ["Change", "Diff", "diff"]
