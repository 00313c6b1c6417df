"""Loading the current version of N actors: former CSV files vs SQLite vs PostgreSQL.

    .venv/bin/python scripts/bench_store.py [--actors 100000] [--repeat 3] [--postgres URL]

Each measure runs in a fresh process (time of the load, peak RSS of that process, and the peak
of a process that only imports the same modules, to subtract). Without --postgres, a throwaway
PostgreSQL is started like the tests do (tests/pg.py: Debian package, temporary folder).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _peak_mb() -> float:
    # VmHWM: this process's own high-water mark (ru_maxrss can carry the parent's over exec)
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def worker(method: str, target: str, repeat: int) -> dict:
    """Load the actors `repeat` times in this process; best time and peak RSS."""
    from observatoire import storage
    from observatoire.validation import load_dataset

    base = _peak_mb()
    times, rows = [], 0
    for _ in range(repeat):
        start = time.perf_counter()
        if method == "csv":
            frame = load_dataset(Path(target) / "acteurs.csv", "acteurs")
        elif method == "rien":
            frame = []
        else:
            store = storage.Store(target) if method == "postgresql" else storage.open_store(target)
            version, frame, _ = store.snapshot()
        times.append(time.perf_counter() - start)
        rows = len(frame)
        del frame
    return {"method": method, "rows": rows, "best_s": min(times),
            "peak_mb": _peak_mb(), "modules_mb": base}


def _spawn(method: str, target: str, repeat: int) -> dict:
    done = subprocess.run(
        [sys.executable, __file__, "--worker", method, "--target", target,
         "--repeat", str(repeat)],
        capture_output=True, text=True, check=True, cwd=ROOT,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--actors", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--postgres", default=None, help="URL SQLAlchemy d'une base vide")
    parser.add_argument("--worker", default=None)
    parser.add_argument("--target", default=None)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(args.worker, args.target, args.repeat)))
        return 0

    from observatoire import storage
    from observatoire.build import demo

    server = None
    url = args.postgres
    if url is None:
        from tests.pg import PostgresServer

        server = PostgresServer()
        url = server.database("banc")
    try:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp) / "csv"
            folder.mkdir()
            acteurs, _ = demo.generate(args.actors, 10, seed=7, include_real=False)
            (folder / "acteurs.csv").write_bytes(demo.to_csv_bytes(acteurs))
            writes = {}
            for name, store in (("sqlite", storage.open_store(Path(tmp) / "sqlite")),
                                ("postgresql", storage.Store(url))):
                start = time.perf_counter()
                store.write("acteurs", lambda current, version: (acteurs, {"file_name": "banc"}),
                            author="banc")
                writes[name] = time.perf_counter() - start
            storage.dispose_engines()
            results = [
                _spawn("rien", "", 1),
                _spawn("csv", str(folder), args.repeat),
                _spawn("sqlite", str(Path(tmp) / "sqlite"), args.repeat),
                _spawn("postgresql", url, args.repeat),
            ]
            size = {"csv": (folder / "acteurs.csv").stat().st_size,
                    "sqlite": (Path(tmp) / "sqlite" / storage.DATABASE_FILE).stat().st_size}
    finally:
        if server is not None:
            server.stop()
    print(f"{args.actors} acteurs, meilleur de {args.repeat} chargements, un processus neuf "
          "par mesure")
    print("| Lecture | Durée | RSS max du processus | Écriture de la version |")
    print("|---|---|---|---|")
    labels = {"rien": "modules seuls (référence mémoire)", "csv": "CSV actuel (load_dataset)",
              "sqlite": "SQLite (WAL), version courante", "postgresql": "PostgreSQL 15, version courante"}
    for r in results:
        duration = "–" if r["method"] == "rien" else f"{r['best_s']:.2f} s"
        write = f"{writes[r['method']]:.1f} s" if r["method"] in writes else "–"
        print(f"| {labels[r['method']]} | {duration} | {r['peak_mb']:.0f} Mo | {write} |")
    print(f"Taille : CSV {size['csv'] / 1e6:.1f} Mo, base SQLite {size['sqlite'] / 1e6:.1f} Mo")
    return 0


if __name__ == "__main__":
    sys.exit(main())
