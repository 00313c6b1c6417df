"""Benchmark of issue 10's computations at 100,000 actors, each against a naive baseline.

    .venv/bin/python scripts/bench_indicators.py [--actors 100000] [--repeat 3]

Figures (median of --repeat runs, same process, same data): zones blanches for the 4,025 AURA
communes (STRtree vs a double loop over communes x structures, the latter timed on a sample of
communes and scaled up, marked "estimé"); and what a filter change adds (ESS families, the two
evolution series, the reliability notes and the flagged classes) against row-by-row / year-by-year
versions. Prints a table and one JSON line per figure.
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import pandas as pd  # noqa: E402

from observatoire import coverage, dataset, evolution, indicators, schema, territories  # noqa: E402
from observatoire.build import demo  # noqa: E402
from observatoire.filters import Filters, apply_actors, apply_projects  # noqa: E402


def timed(function, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def naive_distances(points, structures, sample: int) -> float:
    """Seconds per commune of measuring every pair, on `sample` communes."""
    xy = [(p.x, p.y) for p in structures["geometry"]]
    start = time.perf_counter()
    for p in points[:sample]:
        min(math.hypot(p.x - x, p.y - y) for x, y in xy)
    return (time.perf_counter() - start) / sample


def naive_families(acteurs: pd.DataFrame) -> pd.Series:
    return acteurs.apply(
        lambda row: schema.FAMILLE_DE_FORME.get(row["forme_juridique"], schema.HORS_FAMILLES),
        axis=1,
    ).value_counts()


def naive_yearly(acteurs: pd.DataFrame, projets: pd.DataFrame, first: int) -> list:
    created = pd.to_numeric(acteurs["annee_creation"], errors="coerce")
    started = pd.to_numeric(projets["annee_debut"], errors="coerce")
    jobs = pd.to_numeric(acteurs["emplois"], errors="coerce").fillna(0)
    return [((created <= y).sum(), (created == y).sum(), (started == y).sum(),
             jobs[created <= y].sum()) for y in range(first, schema.current_year() + 1)]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--actors", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--sample", type=int, default=40, help="communes of the naive loop")
    args = parser.parse_args()

    layer = territories.load_layer("communes")
    acteurs, projets = demo.generate(args.actors, int(args.actors * 0.4),
                                     communes=layer)
    communes = dataset.commune_table()
    acteurs = dataset.with_family(dataset.enrich(acteurs, communes))
    projets = dataset.enrich(projets, communes)
    f = Filters(departements=("38",), secteurs=("emploi-insertion",))
    kept_a, kept_p = apply_actors(acteurs, f), apply_projects(projets, f, acteurs)
    region_a, region_p = apply_actors(acteurs, f.without_territory()), apply_projects(
        projets, f.without_territory(), acteurs)
    reference = pd.DataFrame(territories.load_layer("epci").drop(columns="geometry"))
    figures = []

    structures = coverage.support_structures(acteurs)
    points = coverage.commune_points(layer)
    ours = timed(lambda: coverage.distances(layer, acteurs, points=points), args.repeat)
    with_points = timed(lambda: coverage.distances(layer, acteurs), args.repeat)
    naive = naive_distances(points, structures, args.sample) * len(layer)
    figures.append(("Zones blanches : distances des 4 025 communes (points déjà projetés)",
                    ours, naive, f"estimé sur {args.sample} communes"))
    figures.append(("Zones blanches : distances, projection des communes comprise",
                    with_points, naive, f"estimé sur {args.sample} communes"))

    ours = timed(lambda: apply_actors(acteurs, Filters(familles=("cooperatives",))), args.repeat)
    naive = timed(lambda: acteurs[acteurs.apply(
        lambda r: schema.FAMILLE_DE_FORME.get(r["forme_juridique"]) == "cooperatives", axis=1)],
        1)
    figures.append(("Filtre par famille de l'ESS", ours, naive, "mesuré"))
    ours = timed(lambda: indicators.family_mix(kept_a), args.repeat)
    naive = timed(lambda: naive_families(kept_a), 1)
    figures.append(("Répartition par famille (acteurs filtrés)", ours, naive, "mesuré"))

    def evolution_both():
        evolution.yearly(kept_a, kept_p, 2000)
        evolution.yearly(region_a, region_p, 2000)

    ours = timed(evolution_both, args.repeat)
    naive = timed(lambda: (naive_yearly(kept_a, kept_p, 2000),
                           naive_yearly(region_a, region_p, 2000)), 1)
    figures.append(("Évolution : territoire et région depuis 2000", ours, naive, "mesuré"))

    table = indicators.territory_table("taux_acteurs", region_a, region_p, reference, "epci")
    flagged = indicators.small_population(table["population"])
    ours = timed(lambda: (indicators.reliability_notes(reference),
                          indicators.classify(table["taux_acteurs"], flagged=flagged)),
                 args.repeat)
    naive = timed(lambda: indicators.classify(table["taux_acteurs"]), args.repeat)
    figures.append(("Taux fiables : remarques et classes avec effectifs faibles (EPCI)",
                    ours, naive, "référence : classes sans signalement"))

    communes_ref = pd.DataFrame(layer.drop(columns="geometry"))
    ours = timed(lambda: indicators.territory_table("taux_acteurs_lisse", region_a, region_p,
                                                    communes_ref, "communes"), args.repeat)
    naive = timed(lambda: indicators.territory_table("taux_acteurs", region_a, region_p,
                                                     communes_ref, "communes"), args.repeat)
    figures.append(("Taux lissé des 4 025 communes (référence : taux brut)", ours, naive,
                    "référence : taux brut"))

    added = sum(f[1] for f in figures[2:])
    print(f"{'Chiffre':<72} {'nous (s)':>10} {'naïf (s)':>10} {'rapport':>8}")
    for name, ours, naive, note in figures:
        ratio = naive / ours if ours else float("inf")
        print(f"{name:<72} {ours:>10.4f} {naive:>10.4f} {ratio:>7.1f}x  {note}")
    print(f"Ajout par changement de filtre (familles, évolution, taux fiables, taux lissé : "
          f"majorant, le taux lissé n'est calculé que s'il est choisi) : {added:.3f} s")
    for name, ours, naive, note in figures:
        print(json.dumps({"figure": name, "size": args.actors, "ours": round(ours, 5),
                          "naive": round(naive, 5), "unit": "s", "note": note},
                         ensure_ascii=False))
    print(json.dumps({"figure": "ajout par changement de filtre", "size": args.actors,
                      "ours": round(added, 5), "unit": "s"}, ensure_ascii=False))


if __name__ == "__main__":
    main()
