"""``python -m observatoire import FICHIER --type acteurs|projets``: the JSON report on stdout."""

from __future__ import annotations

import argparse
import json
import sys

from observatoire.storage import DATABASE_ENV_VAR, ENV_VAR, DataStoreError, WriteError
from observatoire.importers.merge import MODES
from observatoire.importers.table import FORMATS, KINDS, import_file
from observatoire.reading import ReadError

EXIT_OK = 0
EXIT_FAILED = 1  # the file was fine but writing failed, or an unexpected error
EXIT_UNUSABLE = 2  # bad arguments, unusable file, refused data folder


class _FrenchParser(argparse.ArgumentParser):
    def error(self, message: str):
        self.print_usage(sys.stderr)
        self.exit(EXIT_UNUSABLE, f"Arguments invalides : {message}\n(aide : --help)\n")


def build_parser() -> argparse.ArgumentParser:
    """Argument parser with French help."""
    parser = _FrenchParser(
        prog="python -m observatoire import",
        description=(
            "Importe un fichier CSV ou XLSX d'acteurs ou de projets, ou un registre publié "
            "(SIRENE, RNA). Le fichier remplace le jeu de données ou y est fusionné ; chaque "
            "import crée une version (les précédentes restent restaurables). Affiche un rapport "
            "JSON (lignes acceptées, rejetées et pourquoi) ; la progression des gros fichiers "
            "s'affiche sur stderr."
        ),
        epilog=(
            f"Base de données : la base SQLite de --data-dir, sinon la base de la variable "
            f"{DATABASE_ENV_VAR} (PostgreSQL), sinon la base SQLite du dossier de la variable "
            f"{ENV_VAR} ou du dossier de données de l'utilisateur. Le dossier data/ livré "
            "(démonstration) est refusé. Codes de sortie : 0 fichier lu, 2 fichier inutilisable "
            "ou autre import en cours (rien n'est modifié), 1 écriture impossible."
        ),
        add_help=False,
    )
    parser._positionals.title = "argument"
    parser._optionals.title = "options"
    parser.add_argument("-h", "--help", action="help", help="affiche cette aide")
    parser.add_argument("fichier", metavar="FICHIER", help="fichier CSV ou XLSX à importer")
    parser.add_argument(
        "--type", dest="kind", required=True, choices=KINDS, help="nature des lignes du fichier"
    )
    parser.add_argument(
        "--format", dest="fmt", default="modele", choices=FORMATS,
        help="modele (notre tableau, par défaut), sirene (fichiers de l'INSEE) ou rna "
        "(fichiers waldec du répertoire des associations)",
    )
    parser.add_argument(
        "--mode", default="remplacer", choices=MODES,
        help="remplacer le jeu de données (par défaut) ou fusionner le fichier avec lui",
    )
    parser.add_argument(
        "--unites-legales", metavar="FICHIER", default=None,
        help="format sirene : fichier StockUniteLegale (CSV ou zip) à joindre aux établissements",
    )
    parser.add_argument(
        "--data-dir", metavar="DOSSIER", default=None, help="dossier où écrire les données"
    )
    parser.add_argument(
        "--dry-run", action="store_true", help="vérifie et affiche le rapport sans rien écrire"
    )
    return parser


def _say(stream, text: str) -> None:
    # bytes, so a non-UTF-8 console locale never turns a French message into a traceback
    stream.flush()
    buffer = getattr(stream, "buffer", None)
    if buffer is not None:
        buffer.write((text + "\n").encode("utf-8"))
        buffer.flush()
    else:
        stream.write(text + "\n")


def store_error_exit(exc: DataStoreError, what: str) -> int:
    """Say a store error in French on stderr (« Import impossible : … »); its exit code: 1 when
    writing failed, 2 when refused or another import holds the data. Shared by the commands."""
    _say(sys.stderr, f"{what} : {exc.message_fr}")
    return EXIT_FAILED if isinstance(exc, WriteError) else EXIT_UNUSABLE


def main(argv: list[str] | None = None) -> int:
    """Run one import; 0 when the file was read, 2 when unusable, 1 when writing failed."""
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    try:
        report = import_file(
            args.fichier, args.kind, args.data_dir, args.dry_run, fmt=args.fmt, mode=args.mode,
            unites_legales=args.unites_legales, progress=lambda text: _say(sys.stderr, text),
        )
    except ReadError as exc:
        _say(sys.stderr, f"Import impossible : {exc.message_fr}")
        return EXIT_UNUSABLE
    except DataStoreError as exc:
        return store_error_exit(exc, "Import impossible")
    except KeyboardInterrupt:
        _say(sys.stderr, "Import interrompu : les données n'ont pas été modifiées.")
        return 130
    except Exception as exc:  # the boundary: a person gets a sentence, never a traceback
        _say(
            sys.stderr,
            "Erreur inattendue pendant l'import, les données n'ont pas été modifiées "
            f"({exc.__class__.__name__} : {exc}).",
        )
        return EXIT_FAILED
    _say(sys.stdout, json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    return EXIT_OK
