"""``python -m i18n_pipeline`` runs the command-line interface."""

from .cli import main

main(prog_name="i18n-pipeline")
