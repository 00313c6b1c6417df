"""Command line: ``python -m observatoire <command> ...``."""

from __future__ import annotations

import importlib
import sys

# command -> (module, one-line French help); each module exposes main(argv) -> int
COMMANDS = {
    "serve": ("observatoire.serve", "lance le tableau de bord (options de streamlit run)"),
    "build-geo": ("observatoire.build.geo", "construit le référentiel territorial dans geo/"),
    "demo": ("observatoire.build.demo", "régénère le jeu de démonstration dans data/"),
    "import": ("observatoire.importers.cli", "importe un fichier d'acteurs ou de projets"),
    "versions": ("observatoire.versions_cli", "liste, restaure les versions des données"),
    "bench": ("observatoire.build.bench", "banc de performance"),
}


def usage() -> str:
    lines = ["usage : python -m observatoire COMMANDE [options]", "", "Commandes :"]
    lines += [f"  {name:<10} {help_}" for name, (_, help_) in COMMANDS.items()]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if not argv or argv[0] in {"-h", "--help"}:
        print(usage())
        return 0 if argv else 2
    name, rest = argv[0], argv[1:]
    if name not in COMMANDS:
        print(f"Commande inconnue : {name}\n\n{usage()}", file=sys.stderr)
        return 2
    module = importlib.import_module(COMMANDS[name][0])
    return module.main(rest)


if __name__ == "__main__":
    sys.exit(main())
