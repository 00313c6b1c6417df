"""Portrait de territoire: one territory's figures against its département and the region."""

import streamlit as st

from observatoire import (
    charts, coverage, dataset, formatting, indicators, levels, portrait, tables, ui,
)
from observatoire.formatting import Unit

ui.page_header(
    "Portrait de territoire",
    "Un territoire comparé à son département et à la région. Les filtres de secteur, type, "
    "forme, famille, dispositif et années s'appliquent ; le territoire choisi ici remplace celui des "
    "filtres.",
)
ui.print_friendly()

default_level, default_code = portrait.default_choice(ui.current_filters())
choices_of_level = list(levels.TERRITORIAL)
c1, c2 = st.columns([1, 2])
ui.view_choice("portrait-niveau", choices_of_level, default_level, "niveau du portrait")
level = c1.radio(
    "Niveau", choices_of_level,
    format_func=lambda k: levels.get(k).singular, key="portrait-niveau", horizontal=True,
    on_change=ui.forget, args=("portrait-territoire",),
)
reference = ui.reference(level)
choices = portrait.options(reference, level)
codes = list(choices)
ui.view_choice("portrait-territoire", codes, default_code, "territoire du portrait")
code = c2.selectbox(
    levels.get(level).singular, codes, format_func=choices.get,
    key="portrait-territoire", help="Tapez quelques lettres du nom ou le code.",
)

data = ui.dataset()
acteurs, projets = portrait.region_frames(data.acteurs, data.projets, ui.current_filters())
mine_a = portrait.in_territory(acteurs, level, code)
mine_p = portrait.in_territory(projets, level, code)
ui.portrait_pdf_button(acteurs, projets, level, code)
st.caption("Le PDF reprend les chiffres clés, les secteurs, une carte et les sources, avec la "
           "date et les filtres. L'impression du navigateur (Ctrl+P) donne aussi une page propre.")

st.header(choices[code])
compared = indicators.compare(
    acteurs, projets, level, code,
    {lvl: ui.reference(lvl) for lvl in levels.TERRITORIAL},
)
figures = portrait.figures_table(compared, level)
c1, c2, c3, c4 = st.columns(4)
c1.metric("Acteurs", formatting.fmt_int(len(mine_a)))
c2.metric("Projets", formatting.fmt_int(len(mine_p)))
c3.metric("Emplois (acteurs)", formatting.fmt_int(compared["emplois"].iloc[0]))
c4.metric("Population", formatting.fmt_int(compared["population"].iloc[0]))
st.markdown("**Accompagnement**")
st.text(coverage.sentence(
    coverage.in_territory(ui.support_distances(coverage.SUPPORT_TYPES), level, code),
    coverage.DEFAULT_THRESHOLD_KM,
))
st.markdown("**Rang**")
st.text(portrait.rank_sentence(portrait.rank(acteurs, reference, level, code), level))

st.subheader("Chiffres clés comparés")
st.dataframe(
    tables.styled(figures),
    hide_index=True, width="stretch",
)

st.subheader("Secteurs : part dans le territoire et dans la région")
if mine_a.empty:
    st.info("Aucun acteur dans ce territoire pour les filtres choisis.", icon="ℹ️")
else:
    sectors = portrait.sector_comparison(mine_a, acteurs)
    left, right = st.columns([3, 2])
    with left:
        st.altair_chart(
            charts.sector_comparison(portrait.sector_chart_data(sectors)), width="stretch"
        )
    with right:
        st.dataframe(
            tables.styled(sectors, units=dict.fromkeys(portrait.SHARE_COLUMNS, Unit.RATE)),
            hide_index=True, width="stretch", height=520,
        )

st.subheader("Familles de l'ESS : part dans le territoire et dans la région")
families = portrait.family_comparison(mine_a, acteurs)
left, right = st.columns([3, 2])
with left:
    st.altair_chart(
        charts.sector_comparison(portrait.sector_chart_data(families, "Famille")),
        width="stretch",
    )
with right:
    st.dataframe(
        tables.styled(families, units=dict.fromkeys(portrait.SHARE_COLUMNS, Unit.RATE)),
        hide_index=True, width="stretch",
    )

st.subheader("Carte")
st.caption(
    "Communes du territoire selon leur nombre d'acteurs, et points des acteurs"
    + (" ; la commune choisie est entourée, avec les autres communes de son intercommunalité."
       if level == "communes" else ".")
)
ui.show_map(
    portrait.territory_map(ui.layer("communes"), acteurs, level, code),
    key=f"portrait-carte-{level}-{code}", height=480,
)

st.subheader(f"Acteurs ({formatting.fmt_int(len(mine_a))})")
if mine_a.empty:
    st.info("Aucun acteur dans ce territoire pour les filtres choisis.", icon="ℹ️")
else:
    st.dataframe(
        tables.styled(tables.display_table(mine_a, tables.ACTOR_COLUMNS)),
        hide_index=True, width="stretch",
    )

st.subheader(f"Projets ({formatting.fmt_int(len(mine_p))})")
if mine_p.empty:
    st.info("Aucun projet dans ce territoire pour les filtres choisis.", icon="ℹ️")
else:
    st.dataframe(
        tables.styled(tables.display_table(
            dataset.with_carrier(mine_p, data.acteurs), tables.PROJECT_COLUMNS
        )),
        hide_index=True, width="stretch",
    )

st.subheader("Télécharger le portrait")
st.caption("Chiffres clés comparés")
ui.download_buttons(figures, f"portrait_{code}_chiffres", key="portrait-chiffres")
st.caption("Liste des acteurs du territoire")
ui.download_buttons(mine_a, f"portrait_{code}_acteurs", key="portrait-acteurs")
