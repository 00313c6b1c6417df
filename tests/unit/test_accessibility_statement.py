"""The accessibility statement follows the RGAA model and says the truth about the maps."""

from observatoire import sources


def test_the_statement_has_every_section_of_the_rgaa_model():
    text = sources.accessibility_statement()
    for section in ("État de conformité", "Contenus non accessibles", "Établissement de cette "
                    "déclaration", "Retour d'information et contact", "Voies de recours"):
        assert section in text
    assert "partiellement conforme" in text and "RGAA" in text and "4.1" in text
    assert "Défenseur des droits" in text


def test_each_known_non_conformity_names_its_alternative():
    text = sources.accessibility_statement()
    non_conformities = text.split("**Non-conformités**")[1].split("**Dérogations")[0]
    items = [line for line in non_conformities.splitlines() if line.startswith("- ")]
    assert len(items) >= 4
    assert all("*Alternative*" in item for item in items if "Langue" not in item)
    assert any("Cartes interactives" in item and "tableau jumeau" in item for item in items)
