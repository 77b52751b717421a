"""``python -m treaty``: the `treaty` command (git runs the merge driver this way)."""

from .cli import main

main()
