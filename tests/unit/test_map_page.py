"""The Carte page's decisions: which layer, which territories, what a click selects."""

import pytest

from observatoire import dataset, map_page, leaflet, territories
from observatoire.filters import Filters, apply_actors


@pytest.fixture(scope="module")
def data():
    return dataset.load()


@pytest.fixture(scope="module")
def layers():
    return {level: territories.load_layer(level) for level in ("departements", "epci", "communes")}


@pytest.mark.parametrize(
    "level, filters, expected_level, notice",
    [
        ("departements", Filters(), "departements", False),
        ("epci", Filters(), "epci", False),
        ("communes", Filters(), "epci", True),
        ("communes", Filters(departements=("15",)), "communes", False),
        ("communes", Filters(epci=("200046977",)), "communes", False),
        ("communes", Filters(communes=("69123",)), "communes", False),
        ("communes", Filters(secteurs=("sante",)), "epci", True),
    ],
)
def test_the_region_wide_view_never_ships_the_commune_layer(level, filters, expected_level, notice):
    drawn, message = map_page.effective_level(level, filters)
    assert drawn == expected_level
    assert (message is not None) is notice


def test_scope_keeps_the_territories_of_the_chosen_area(layers):
    communes = layers["communes"]
    metropole = set(communes.loc[communes["code_epci"] == "200046977", "code"])
    assert len(map_page.scope(layers["departements"], "departements", Filters(departements=("38",)))) == 13
    by_departement = map_page.scope(communes, "communes", Filters(departements=("69M",)))
    by_epci = map_page.scope(communes, "communes", Filters(epci=("200046977",)))
    assert set(by_departement["code"]) == set(by_epci["code"]) == metropole
    assert "69123" in metropole


def test_scope_of_epci_for_a_departement_keeps_those_touching_it(layers):
    shown = map_page.scope(layers["epci"], "epci", Filters(departements=("15",)))
    assert len(shown) > 5
    assert all("15" in deps.split(",") for deps in shown["departements"])


def test_a_chosen_commune_is_shown_with_the_communes_of_its_epci(layers):
    shown = map_page.scope(layers["communes"], "communes", Filters(communes=("15014",)))
    epci = layers["communes"].set_index("code").loc["15014", "code_epci"]
    assert "15014" in set(shown["code"])
    assert set(shown["code_epci"]) == {epci}


@pytest.mark.parametrize(
    "level, before, code, after",
    [
        ("departements", Filters(), "38", Filters(departements=("38",))),
        (
            "departements",
            Filters(departements=("01",), epci=("200069193",), secteurs=("sante",)),
            "69M",
            Filters(departements=("69M",), secteurs=("sante",)),
        ),
        ("epci", Filters(departements=("69M",)), "200046977",
         Filters(departements=("69M",), epci=("200046977",))),
        ("communes", Filters(epci=("200046977",)), "69123",
         Filters(epci=("200046977",), communes=("69123",))),
    ],
)
def test_a_click_selects_the_clicked_territory_at_the_level_drawn(level, before, code, after):
    result = {"last_active_drawing": {"type": "Feature", "properties": {"code": code}}}
    assert map_page.clicked_filters(result, level, before) == after


@pytest.mark.parametrize(
    "result",
    [None, {}, {"last_active_drawing": None}, {"last_active_drawing": {"properties": {}}},
     {"last_active_drawing": {"properties": {"code": 38}}}],
)
def test_nothing_clicked_changes_nothing(result):
    assert map_page.clicked_filters(result, "departements", Filters()) is None


def test_clicking_the_territory_already_selected_does_not_rerun():
    f = Filters(departements=("38",))
    result = {"last_active_drawing": {"properties": {"code": "38"}}}
    assert map_page.clicked_filters(result, "departements", f) is None


def test_the_view_counts_what_pandas_counts_and_zooms_on_the_selection(data, layers):
    f = Filters(departements=("26",))
    acteurs = apply_actors(data.acteurs, f)
    view = map_page.build("communes", "acteurs", f, acteurs, data.projets, layers)
    assert view.level == "communes" and view.notice is None
    expected = acteurs["code_commune"].value_counts()
    table = view.table.set_index("code")["acteurs"]
    assert int(table.sum()) == int(expected.sum())
    assert all(int(table[code]) == int(n) for code, n in expected.items())
    html = leaflet.to_html(view.map)
    assert leaflet.remote_assets(view.map) == []
    assert "fitBounds" in html


def test_the_view_key_changes_with_the_filters_so_the_map_refits(data, layers):
    one = map_page.build("departements", "acteurs", Filters(), data.acteurs, data.projets, layers)
    two = map_page.build(
        "departements", "acteurs", Filters(departements=("38",)), data.acteurs, data.projets, layers
    )
    assert one.key != two.key


def test_actor_points_label_names_the_actor_its_sector_and_commune(data):
    points = map_page.actor_points(data.acteurs[data.acteurs["nom"] == "Groupe Archer"])
    assert points["label"].tolist() == ["Groupe Archer — Emploi et insertion — Romans-sur-Isère"]
