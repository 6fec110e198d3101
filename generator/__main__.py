"""``python -m generator`` runs the ciso-course command line."""

from .cli import main

main()
