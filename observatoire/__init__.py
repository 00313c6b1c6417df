"""Observatoire de l'innovation sociale en Auvergne-Rhône-Alpes: domain package."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GEO_DIR = ROOT / "geo"
DEMO_DATA_DIR = ROOT / "data"
