"""Filters: URL round trips, hostile URLs, application to frames, French description."""

from __future__ import annotations

import random
from pathlib import Path

import pandas as pd
import pytest

from observatoire import schema
from observatoire.filters import (
    ECHO_CHARS,
    MAX_VALUES,
    Filters,
    apply_actors,
    apply_projects,
    describe,
)

ROOT = Path(__file__).resolve().parents[2]
KNOWN_EPCI = {"200040715", "200046977", "243800604"}
KNOWN_COMMUNES = {"38185", "69123", "69029", "01004", "73065"}


def acteurs_frame() -> pd.DataFrame:
    rows = [
        # id, type, forme, secteur, commune, dep, epci, annee, dispositifs
        ("a1", "structure", "association", "emploi-insertion", "38185", "38", "200040715", 2010, "fiso|feder"),
        ("a2", "ptce", "scic", "economie-circulaire", "69123", "69M", "200046977", 2018, ""),
        ("a3", "structure", "scop", "emploi-insertion", "69029", "69D", "243800604", None, "ronalpia"),
        ("a4", "incubateur", "association", "numerique", "01004", "01", "240100883", 2021, "1d-cube|fiso"),
        ("a5", "structure", "association", "sante", "", None, None, 2015, None),
        ("a6", "financeur", "societe-esus", "emploi-insertion", "69123", "69M", "200046977", 2005, "feder"),
    ]
    df = pd.DataFrame(
        rows,
        columns=["id", "type_acteur", "forme_juridique", "secteur", "code_commune",
                 "code_departement", "code_epci", "annee_creation", "dispositifs"],
    )
    df["annee_creation"] = df["annee_creation"].astype("Int64")
    return df


def projets_frame() -> pd.DataFrame:
    rows = [
        ("p1", "a1", "emploi-insertion", "38185", "38", "200040715", 2019, "fiso"),
        ("p2", "a2", "economie-circulaire", "69123", "69M", "200046977", 2022, "feder"),
        ("p3", "a3", "emploi-insertion", "69029", "69D", "243800604", None, "ronalpia"),
        ("p4", "a6", "emploi-insertion", "69123", "69M", "200046977", 2020, "fiso"),
        ("p5", None, "emploi-insertion", "", None, None, 2021, "fiso"),
    ]
    df = pd.DataFrame(
        rows,
        columns=["id", "porteur_id", "secteur", "code_commune", "code_departement",
                 "code_epci", "annee_debut", "dispositif"],
    )
    df["annee_debut"] = df["annee_debut"].astype("Int64")
    return df


def ids(df: pd.DataFrame) -> list[str]:
    return sorted(df["id"])


# --- URL round trip ----------------------------------------------------------------------


def random_filters(rng: random.Random) -> Filters:
    def pick(codes):
        return tuple(rng.sample(sorted(codes), rng.randint(0, min(4, len(codes)))))

    first, last = schema.filter_year_range()  # years a link may carry
    low = rng.choice([None, rng.randint(first, last)])
    high = rng.choice([None, rng.randint(low or first, last)])
    return Filters(
        departements=pick(schema.DEPARTEMENTS),
        epci=pick(KNOWN_EPCI),
        communes=pick(KNOWN_COMMUNES),
        secteurs=pick(schema.SECTEURS),
        types_acteur=pick(schema.TYPES_ACTEUR),
        formes_juridiques=pick(schema.FORMES_JURIDIQUES),
        dispositifs=pick(schema.DISPOSITIFS),
        annee_min=low,
        annee_max=high,
    )


def test_three_hundred_random_filters_survive_the_url_round_trip_without_notice():
    rng = random.Random(0)
    for _ in range(300):
        f = random_filters(rng)
        back, notices = Filters.from_query_params(
            f.to_query_params(), known_epci=KNOWN_EPCI, known_communes=KNOWN_COMMUNES
        )
        assert back == f
        assert notices == []


def test_round_trip_also_holds_when_params_come_as_lists_of_one_value():
    rng = random.Random(1)
    for _ in range(100):
        f = random_filters(rng)
        params = {k: [v] for k, v in f.to_query_params().items()}
        back, _ = Filters.from_query_params(params, KNOWN_EPCI, KNOWN_COMMUNES)
        assert back == f


def test_query_params_hold_only_non_empty_keys_in_a_stable_order():
    f = Filters(secteurs=("sante",), departements=("69M", "38"), annee_max=2020)
    assert list(f.to_query_params().items()) == [
        ("departement", "69M,38"),
        ("secteur", "sante"),
        ("annee_max", "2020"),
    ]
    assert Filters().to_query_params() == {}


def test_empty_filters_are_empty_and_lists_become_tuples():
    assert Filters().is_empty
    f = Filters(departements=["38", "38", "69M"])
    assert f.departements == ("38", "69M")
    assert not f.is_empty
    assert hash(f) == hash(Filters(departements=("38", "69M")))


def test_example_url_from_the_brief_is_read_as_expected():
    f, notices = Filters.from_query_params({"departement": "38,69M", "secteur": "emploi-insertion"})
    assert f == Filters(departements=("38", "69M"), secteurs=("emploi-insertion",))
    assert notices == []


def test_rhone_and_metropole_de_lyon_are_distinct_codes():
    f, _ = Filters.from_query_params({"departement": "69D"})
    g, _ = Filters.from_query_params({"departement": "69M"})
    assert f.departements == ("69D",) and g.departements == ("69M",)
    assert ids(apply_actors(acteurs_frame(), f)) == ["a3"]
    assert ids(apply_actors(acteurs_frame(), g)) == ["a2", "a6"]
    bare, notices = Filters.from_query_params({"departement": "69"})
    assert bare.departements == ()
    assert notices == ["Département inconnu ignoré : 69"]


@pytest.mark.parametrize(
    "params, expected_notice",
    [
        ({"departement": "99"}, "Département inconnu ignoré : 99"),
        ({"departement": "99,2A"}, "Départements inconnus ignorés : 99, 2A"),
        ({"secteur": "peche"}, "Secteur inconnu ignoré : peche"),
        ({"type": "banque"}, "Type d'acteur inconnu ignoré : banque"),
        ({"forme": "sarl"}, "Forme juridique inconnue ignorée : sarl"),
        ({"dispositif": "x"}, "Dispositif inconnu ignoré : x"),
        ({"epci": "123456789"}, "EPCI inconnu ignoré : 123456789"),
        ({"commune": "75056"}, "Commune inconnue ignorée : 75056"),
        ({"annee_min": "deux mille"}, "Année minimale invalide ignorée : deux mille"),
        ({"annee_max": "3000"}, "Année maximale invalide ignorée : 3000"),
        ({"annee_min": "2020", "annee_max": "2010"}, "Années inversées : période lue de 2010 à 2020"),
    ],
)
def test_each_rejected_value_gives_a_french_notice(params, expected_notice):
    f, notices = Filters.from_query_params(params, KNOWN_EPCI, KNOWN_COMMUNES)
    assert expected_notice in notices
    assert isinstance(f, Filters)


def test_non_ascii_digits_are_not_read_as_a_year():
    f, notices = Filters.from_query_params({"annee_min": "２０２０"})
    assert f.annee_min is None and len(notices) == 1


def test_reversed_years_are_swapped():
    f, _ = Filters.from_query_params({"annee_min": "2020", "annee_max": "2010"})
    assert (f.annee_min, f.annee_max) == (2010, 2020)


def test_codes_are_tolerant_of_letter_case_but_stored_canonically():
    f, notices = Filters.from_query_params({"departement": "69m", "secteur": "SANTE"})
    assert f == Filters(departements=("69M",), secteurs=("sante",))
    assert notices == []


def test_unknown_keys_are_left_to_the_pages_without_notice():
    f, notices = Filters.from_query_params({"territoire": "38185", "page": "carte"})
    assert f.is_empty and notices == []


def test_without_known_sets_epci_and_commune_codes_are_checked_by_shape():
    f, notices = Filters.from_query_params({"epci": "200046977,abc", "commune": "38185,3818"})
    assert f.epci == ("200046977",) and f.communes == ("38185",)
    assert len(notices) == 2


FUZZ = [
    "<script>alert(1)</script>",
    "' OR 1=1; DROP TABLE acteurs; --",
    "," * 10_000,
    "x" * 2_000_000,
    "38," * 50_000,
    "\x00\x1b[31m\u2028\ud800",
    "%00%27%22",
    "=cmd|' /C calc'!A0",
    "２０２０",
    "-1",
    "99999999999999999999999999999999999",
    "",
    " , ,38 , ",
]


@pytest.mark.parametrize("value", FUZZ, ids=range(len(FUZZ)))
@pytest.mark.parametrize("key", ["departement", "epci", "commune", "secteur", "type",
                                 "forme", "dispositif", "annee_min", "annee_max"])
def test_fuzzed_query_values_never_raise_and_notices_stay_short(key, value):
    f, notices = Filters.from_query_params({key: value}, KNOWN_EPCI, KNOWN_COMMUNES)
    assert isinstance(f, Filters)
    for notice in notices:
        assert len(notice) < 400
        assert "\x00" not in notice
    for field in ("departements", "epci", "communes", "secteurs"):
        assert len(getattr(f, field)) <= MAX_VALUES
    # Anything kept is a valid code: the round trip is clean.
    assert Filters.from_query_params(f.to_query_params(), KNOWN_EPCI, KNOWN_COMMUNES) == (f, [])


def test_hostile_values_are_reported_but_truncated():
    _, notices = Filters.from_query_params({"secteur": "A" * 5000 + "," + "<script>"})
    assert len(notices) == 1
    assert "<script>" in notices[0]
    assert "A" * (ECHO_CHARS + 1) not in notices[0]


def test_many_unknown_values_are_summarised_in_one_notice():
    _, notices = Filters.from_query_params({"departement": ",".join(str(i) for i in range(100, 200))})
    assert notices == ["Départements inconnus ignorés : 100, 101, 102, 103, 104 et 95 autres"]


def test_a_broken_mapping_gives_empty_filters_and_a_notice():
    class Broken(dict):
        def items(self):
            raise RuntimeError("boom")

    f, notices = Filters.from_query_params(Broken())
    assert f.is_empty and notices


def test_non_string_values_in_params_do_not_raise():
    f, notices = Filters.from_query_params({"departement": None, "annee_min": 2020, "secteur": [None, "sante"]})
    assert f.annee_min == 2020 and f.secteurs == ("sante",)


# --- Application to frames ----------------------------------------------------------------


@pytest.mark.parametrize(
    "f, expected",
    [
        (Filters(), ["a1", "a2", "a3", "a4", "a5", "a6"]),
        (Filters(departements=("38", "69M")), ["a1", "a2", "a6"]),
        (Filters(departements=("69M",), secteurs=("emploi-insertion",)), ["a6"]),
        (Filters(departements=("69M", "69D"), epci=("200046977",)), ["a2", "a6"]),
        (Filters(departements=("38",), communes=("69123",)), []),
        (Filters(communes=("69123", "01004")), ["a2", "a4", "a6"]),
        (Filters(types_acteur=("structure",), formes_juridiques=("association",)), ["a1", "a5"]),
        (Filters(dispositifs=("fiso",)), ["a1", "a4"]),
        (Filters(dispositifs=("feder", "ronalpia")), ["a1", "a3", "a6"]),
        (Filters(annee_min=2010), ["a1", "a2", "a4", "a5"]),
        (Filters(annee_max=2015), ["a1", "a5", "a6"]),
        (Filters(annee_min=2010, annee_max=2018), ["a1", "a2", "a5"]),
    ],
)
def test_apply_actors_keeps_the_expected_rows(f, expected):
    assert ids(apply_actors(acteurs_frame(), f)) == expected


def test_apply_actors_matches_a_plain_pandas_expectation():
    df = acteurs_frame()
    f = Filters(departements=("69M", "38"), secteurs=("emploi-insertion",), annee_min=2000)
    expected = df[
        df["code_departement"].isin(["69M", "38"])
        & (df["secteur"] == "emploi-insertion")
        & (df["annee_creation"].fillna(0) >= 2000)
    ]
    pd.testing.assert_frame_equal(apply_actors(df, f), expected)


def test_rows_with_unknown_year_are_kept_when_no_year_bound_is_set():
    assert "a3" in ids(apply_actors(acteurs_frame(), Filters(secteurs=("emploi-insertion",))))
    assert "a3" not in ids(apply_actors(acteurs_frame(), Filters(annee_max=2100)))


@pytest.mark.parametrize(
    "f, with_actors, expected",
    [
        (Filters(), False, ["p1", "p2", "p3", "p4", "p5"]),
        (Filters(departements=("69M",)), False, ["p2", "p4"]),
        (Filters(secteurs=("emploi-insertion",), annee_min=2020), False, ["p4", "p5"]),
        (Filters(dispositifs=("fiso",)), False, ["p1", "p4", "p5"]),
        (Filters(types_acteur=("structure",)), True, ["p1", "p3"]),
        (Filters(formes_juridiques=("societe-esus", "scic")), True, ["p2", "p4"]),
        # Without actors, type and forme cannot be applied to projects: they are not.
        (Filters(types_acteur=("structure",)), False, ["p1", "p2", "p3", "p4", "p5"]),
        (Filters(types_acteur=("structure",), departements=("69D",)), True, ["p3"]),
    ],
)
def test_apply_projects_keeps_the_expected_rows(f, with_actors, expected):
    acteurs = acteurs_frame() if with_actors else None
    assert ids(apply_projects(projets_frame(), f, acteurs)) == expected


def test_a_territory_filter_on_a_frame_without_territory_columns_says_which_is_missing():
    with pytest.raises(KeyError, match="code_departement"):
        apply_actors(acteurs_frame().drop(columns="code_departement"), Filters(departements=("38",)))


# --- Description -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "f, expected",
    [
        (Filters(), "Aucun filtre"),
        (
            Filters(departements=("38", "69M"), secteurs=("emploi-insertion",)),
            "Départements : Isère, Métropole de Lyon · Secteur : Emploi et insertion",
        ),
        (Filters(departements=("69D",)), "Département : Rhône"),
        (Filters(annee_min=2010, annee_max=2020), "Années : de 2010 à 2020"),
        (Filters(annee_min=2010), "Années : à partir de 2010"),
        (Filters(annee_max=2020), "Années : jusqu'à 2020"),
        (Filters(types_acteur=("ptce",), dispositifs=("fiso", "feder")),
         "Type d'acteur : Pôle territorial de coopération économique (PTCE) · "
         "Dispositifs : FISO – Fonds d'innovation sociale, FEDER (fonds européen de développement régional)"),
    ],
)
def test_describe_says_in_french_what_is_filtered(f, expected):
    assert describe(f) == expected


def test_describe_names_epci_and_communes_when_names_are_given():
    f = Filters(epci=("200046977",), communes=("38185", "99999"))
    text = describe(f, epci_names={"200046977": "Métropole de Lyon"}, commune_names={"38185": "Grenoble"})
    assert text == "EPCI : Métropole de Lyon · Communes : Grenoble, 99999"


def test_describe_summarises_long_selections():
    f = Filters(communes=tuple(f"{i:05d}" for i in range(1000, 1100)))
    assert describe(f).endswith("et 80 autres")


# --- Real files --------------------------------------------------------------------------

COMMUNES = ROOT / "geo" / "communes.parquet"
EPCI = ROOT / "geo" / "epci.parquet"


@pytest.mark.skipif(not (COMMUNES.exists() and EPCI.exists()), reason="référentiel absent")
def test_real_commune_and_epci_codes_round_trip_through_the_url():
    communes = pd.read_parquet(COMMUNES, columns=["code"])["code"].tolist()
    epci = pd.read_parquet(EPCI, columns=["code"])["code"].tolist()
    rng = random.Random(0)
    for _ in range(50):
        f = Filters(communes=tuple(rng.sample(communes, 30)), epci=tuple(rng.sample(epci, 5)))
        assert Filters.from_query_params(f.to_query_params(), epci, communes) == (f, [])


def test_a_huge_selection_is_capped_with_a_notice():
    known = {f"{i:05d}" for i in range(10_000, 12_000)}
    params = {"commune": ",".join(sorted(known)[:1_500])}
    f, notices = Filters.from_query_params(params, known_communes=known)
    assert len(f.communes) == MAX_VALUES
    assert notices == [f"Communes : seules les {MAX_VALUES} premières valeurs sont retenues"]
