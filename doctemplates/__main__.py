"""``python -m doctemplates`` runs the command line."""

from doctemplates.cli import main

main()
