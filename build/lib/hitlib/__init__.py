"""hitlib: the small helper package behind the "Hit or Flop?" book.

Each helper's docstring names the chapter that introduces it.
"""

__version__ = "0.1.0"
