"""``python -m observatoire versions``: list the versions, restore one, or go back to the demo.

For the administrator of a server whose dashboard does not let anyone manage the data, and for
scripts. Same store as ``import`` (``--data-dir``, else the configured database, else the data
folder); same exit codes (0 done, 2 refused or another import holding the data, 1 failure).
"""

from __future__ import annotations

import argparse
import json
import sys

from observatoire import storage
from observatoire.importers.cli import EXIT_OK, _FrenchParser, _say, store_error_exit
from observatoire.importers.table import command_line_author


def build_parser() -> argparse.ArgumentParser:
    """Argument parser with French help."""
    parser = _FrenchParser(
        prog="python -m observatoire versions",
        description="Liste les versions des données (JSON), ou rend courante une version "
        "précédente, ou revient au jeu de démonstration ; chaque changement est lui-même une "
        "version de l'historique.",
        add_help=False,
    )
    parser._optionals.title = "options"
    parser.add_argument("-h", "--help", action="help", help="affiche cette aide")
    action = parser.add_mutually_exclusive_group()
    action.add_argument("--restaurer", metavar="VERSION", type=int, default=None,
                        help="rend courante la version VERSION")
    action.add_argument("--demonstration", action="store_true",
                        help="revient aux données de démonstration")
    parser.add_argument("--data-dir", metavar="DOSSIER", default=None,
                        help="dossier de la base SQLite")
    return parser


def main(argv: list[str] | None = None) -> int:
    """List, restore or go back to the demo; prints JSON on stdout."""
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    try:
        if args.data_dir is not None:
            storage.import_target_dir(args.data_dir)  # refuses the shipped demo folder
        store = storage.open_store(args.data_dir).prepare()
        if args.restaurer is not None:
            done = store.restore(args.restaurer, author=command_line_author())
        elif args.demonstration:
            done = store.back_to_demo(author=command_line_author())
        else:
            current = store.current()
            _say(sys.stdout, json.dumps({
                "current": current.id if current else None,
                "versions": [v.__dict__ for v in store.history()],
            }, ensure_ascii=False, indent=2))
            return EXIT_OK
    except storage.DataStoreError as exc:
        return store_error_exit(exc, "Opération impossible")
    _say(sys.stdout, json.dumps(done.__dict__, ensure_ascii=False, indent=2))
    return EXIT_OK
