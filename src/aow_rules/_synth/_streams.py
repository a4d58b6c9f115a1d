"""The random streams of a synthetic sample: one per purpose, named by text.

Every random draw comes from a `random.Random` seeded with text built from the seed and a
purpose (never the global generator, never ``hash()``), so the output depends only on the
criteria, the profile, the sizes and the seed: not on the process, the hash seed or the
platform.
"""

from __future__ import annotations

import random

__all__ = ["stream"]


def stream(seed: int, *purpose: object) -> random.Random:
    """The generator for one purpose of one seeded sample (``stream(7, "facts", "P-0001")``)."""
    # Text seeds are hashed with SHA-512 by `random`, so each purpose gets its own stream
    # and adding a draw to one purpose leaves every other stream unchanged.
    return random.Random("/".join(["aow-synth", str(seed), *map(str, purpose)]))
