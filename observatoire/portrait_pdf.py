"""The portrait of a territory as a PDF to attach to a note: built on the server with ReportLab.

Its content comes from the same functions as the page (``portrait.figures_table``,
``portrait.sector_comparison``, ``portrait.rank_sentence``); the map is a static image drawn with
matplotlib from the commune layer. Tables are turned so that they never run off the page
(indicators in rows, échelons in columns), may break only between rows with their header
repeated, and every heading stays with what follows it. Every page carries the territory, the
export date and « page n sur N ».
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping
from pathlib import Path

import geopandas as gpd
import pandas as pd

from observatoire import indicators, portrait, tables
from observatoire.formatting import MISSING, Unit, fmt_int, fmt_value

TITLE = "Portrait de territoire"
PUBLISHER = "Observatoire de l'innovation sociale en Auvergne-Rhône-Alpes"
# matplotlib ships DejaVu Sans: the PDF then writes every character of French typography
# (U+202F in numbers, « », œ, €), which the 14 standard PDF fonts do not all have
FONT, FONT_BOLD = "DejaVuSans", "DejaVuSans-Bold"
MAP_COLOURS = ("#ffffd9", "#c7e9b4", "#7fcdbb", "#41b6c4", "#1d91c0", "#225ea8")


def _register_fonts() -> None:
    import matplotlib
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    folder = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    pdfmetrics.registerFont(TTFont(FONT, str(folder / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, str(folder / "DejaVuSans-Bold.ttf")))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD)


# --- Static map ----------------------------------------------------------------------------


def map_png(communes: gpd.GeoDataFrame, acteurs: pd.DataFrame, level: str, code: str) -> bytes:
    """The communes of the territory coloured by their number of actors (PNG, 150 dpi)."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt
    from matplotlib.patches import Patch

    shown = portrait.map_scope(communes, level, code).to_crs(2154)
    counts = acteurs["code_commune"].value_counts()
    values = shown["code"].map(counts).fillna(0).astype(int)
    top = int(values.max()) if len(values) else 0
    bounds = _class_bounds(top)
    colour = values.map(lambda v: MAP_COLOURS[_class_of(v, bounds)])

    fig, ax = plt.subplots(figsize=(6.4, 4.6), dpi=150)
    shown.plot(ax=ax, color=colour.tolist(), edgecolor="#6b6b6b", linewidth=0.25)
    if level == "communes":
        shown[shown["code"] == code].boundary.plot(ax=ax, color="#b2182b", linewidth=1.6)
    else:
        shown.dissolve().boundary.plot(ax=ax, color="#333333", linewidth=0.9)
    ax.set_axis_off()
    ax.set_aspect("equal")
    handles = [Patch(facecolor=MAP_COLOURS[i], edgecolor="#6b6b6b", label=label)
               for i, label in enumerate(_class_labels(bounds))]
    ax.legend(handles=handles, title="Acteurs par commune", loc="lower left", fontsize=7,
              title_fontsize=7, frameon=True, framealpha=0.9, bbox_to_anchor=(1.0, 0.0))
    fig.tight_layout()
    out = io.BytesIO()
    fig.savefig(out, format="png", bbox_inches="tight")
    plt.close(fig)
    return out.getvalue()


def _class_bounds(top: int) -> list[int]:
    """Upper bounds of the classes after 0: at most five, whole numbers."""
    if top <= 0:
        return []
    if top <= 5:
        return list(range(1, top + 1))
    step = top / 5
    bounds = sorted({max(1, round(step * i)) for i in range(1, 6)})
    bounds[-1] = top
    return bounds


def _class_of(value: int, bounds: list[int]) -> int:
    if value <= 0:
        return 0
    for i, bound in enumerate(bounds):
        if value <= bound:
            return i + 1
    return len(bounds)


def _class_labels(bounds: list[int]) -> list[str]:
    labels, low = ["0"], 1
    for bound in bounds:
        labels.append(fmt_int(bound) if low == bound else f"{fmt_int(low)} à {fmt_int(bound)}")
        low = bound + 1
    return labels


# --- Tables --------------------------------------------------------------------------------


def figures_rows(figures: pd.DataFrame) -> list[list[str]]:
    """The key figures turned: one row per indicator, one column per échelon (French text)."""
    header = ["Indicateur"] + [f"{e}\n{t}" for e, t in zip(figures["Échelon"], figures["Territoire"])]
    rows = [header, ["Population"] + [fmt_int(v) for v in figures["Population"]]]
    for column in figures.columns[3:]:
        unit = tables.INDICATOR_UNITS.get(column, Unit.COUNT)
        rows.append([column] + [fmt_value(v, unit) for v in figures[column]])
    return rows


def sector_rows(sectors: pd.DataFrame, category: str = "Secteur") -> list[list[str]]:
    """The sectors (or ESS families) of the territory and of the region (French text)."""
    rows = [[category, "Acteurs du territoire", "Part (%)", "Acteurs de la région", "Part (%)"]]
    for _, r in sectors.iterrows():
        rows.append([
            str(r[category]),
            fmt_int(r["Acteurs du territoire"]),
            _pct(r[portrait.SHARE_COLUMNS[0]]),
            fmt_int(r["Acteurs de la région"]),
            _pct(r[portrait.SHARE_COLUMNS[1]]),
        ])
    return rows


def _pct(value) -> str:
    return MISSING if pd.isna(value) else fmt_value(float(value) / 100, Unit.SHARE)


# --- Document ------------------------------------------------------------------------------


def build(
    *,
    territory: str,
    level_label: str,
    rank: str,
    figures: pd.DataFrame,
    sectors: pd.DataFrame | None,
    provenance: Mapping[str, str],
    map_image: bytes | None = None,
    made: dt.datetime | None = None,
    families: pd.DataFrame | None = None,
) -> bytes:
    """The portrait as PDF bytes."""
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_LEFT
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import cm
    from reportlab.platypus import (
        Image, KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle,
    )

    _register_fonts()
    made = made or dt.datetime.now().replace(microsecond=0)
    date_text = made.strftime("%d/%m/%Y à %H:%M")
    body = ParagraphStyle("corps", fontName=FONT, fontSize=9.5, leading=12.5, alignment=TA_LEFT)
    small = ParagraphStyle("petit", parent=body, fontSize=8, leading=10.5,
                           textColor=colors.HexColor("#3d3d3d"))
    h1 = ParagraphStyle("titre", parent=body, fontName=FONT_BOLD, fontSize=17, leading=21,
                        spaceAfter=4)
    # keepWithNext: a heading never ends a page alone
    h2 = ParagraphStyle("section", parent=body, fontName=FONT_BOLD, fontSize=12, leading=15,
                        spaceBefore=10, spaceAfter=5, keepWithNext=1)
    cell = ParagraphStyle("cellule", parent=body, fontSize=8.5, leading=10.5)
    cell_bold = ParagraphStyle("entete", parent=cell, fontName=FONT_BOLD)

    def esc(text: object) -> str:
        return (str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                .replace("\n", "<br/>"))

    def table(rows: list[list[str]], widths: list[float]) -> Table:
        data = [[Paragraph(esc(v), cell_bold if i == 0 or j == 0 else cell)
                 for j, v in enumerate(row)] for i, row in enumerate(rows)]
        t = Table(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
        t.setStyle(TableStyle([
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8edf3")),
            ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#9aa3ad")),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#f6f7f9")]),
        ]))
        return t

    width = A4[0] - 3.6 * cm
    map_caption = (
        "Communes de l'intercommunalité selon leur nombre d'acteurs ; la commune est entourée "
        "de rouge." if level_label == "Commune"
        else "Communes du territoire selon leur nombre d'acteurs."
    )

    def make_story() -> list:
        story = [
            Paragraph(esc(f"{TITLE} : {territory}"), h1),
            Paragraph(esc(f"{level_label} · exporté le {date_text} · {PUBLISHER}"), small),
            Spacer(1, 4),
            Paragraph(esc(f"Filtres appliqués : {provenance.get('Filtres', '')}"), body),
            Paragraph(esc(rank), body),
            Paragraph("Chiffres clés comparés", h2),
        ]
        fig_rows = figures_rows(figures)
        first = 0.31 * width
        story.append(table(fig_rows, [first] + [(width - first) / (len(fig_rows[0]) - 1)]
                           * (len(fig_rows[0]) - 1)))
        story.append(Paragraph("Secteurs : part dans le territoire et dans la région", h2))
        if sectors is None or sectors.empty:
            story.append(Paragraph("Aucun acteur dans ce territoire pour les filtres choisis.", body))
        else:
            story.append(table(sector_rows(sectors), [0.36 * width] + [0.16 * width] * 4))
        if families is not None and not families.empty:
            story.append(Paragraph("Familles de l'ESS : part dans le territoire et dans la région",
                                   h2))
            story.append(table(sector_rows(families, "Famille"),
                               [0.36 * width] + [0.16 * width] * 4))
        if map_image:
            picture = Image(io.BytesIO(map_image))
            scale = min(width / picture.imageWidth, 11 * cm / picture.imageHeight)
            picture.drawWidth, picture.drawHeight = picture.imageWidth * scale, picture.imageHeight * scale
            story.append(KeepTogether([
                Paragraph("Carte", h2),
                Paragraph(esc(map_caption), small),
                picture,
            ]))
        story.append(KeepTogether([
            Paragraph("Sources et provenance", h2),
            *[Paragraph(esc(f"{k} : {v}"), small) for k, v in provenance.items()],
            Paragraph(esc("Définitions des indicateurs : page « Données et méthode » du tableau de "
                          "bord."), small),
        ]))
        return story

    def footer(canvas, doc_, total: int) -> None:
        canvas.saveState()
        canvas.setFont(FONT, 7.5)
        canvas.setFillColor(colors.HexColor("#3d3d3d"))
        canvas.drawString(1.8 * cm, 1.1 * cm, f"{TITLE} : {territory} · {date_text}")
        canvas.drawRightString(A4[0] - 1.8 * cm, 1.1 * cm,
                               f"Page {canvas.getPageNumber()} sur {total}")
        canvas.restoreState()

    def render(total: int) -> tuple[bytes, int]:
        out = io.BytesIO()
        doc = SimpleDocTemplate(
            out, pagesize=A4, leftMargin=1.8 * cm, rightMargin=1.8 * cm, topMargin=1.6 * cm,
            bottomMargin=1.8 * cm, title=f"{TITLE} : {territory}", author=PUBLISHER,
            subject=f"Filtres : {provenance.get('Filtres', '')}", lang="fr-FR",
            creator=PUBLISHER,
        )
        doc.build(make_story(), onFirstPage=lambda c, d: footer(c, d, total),
                  onLaterPages=lambda c, d: footer(c, d, total))
        return out.getvalue(), doc.page

    # the number of pages is known once built: build, then build again with it
    pdf, pages = render(0)
    pdf, pages_again = render(pages)
    assert pages_again == pages
    return pdf


def portrait_bytes(
    *, communes: gpd.GeoDataFrame, acteurs: pd.DataFrame, projets: pd.DataFrame, level: str,
    code: str, territories: Mapping[str, pd.DataFrame], level_label: str,
    provenance: Mapping[str, str], made: dt.datetime | None = None,
) -> bytes:
    """The PDF of a territory from the region's actors and projects (non-territory filters
    already applied), as the page computes it."""
    from observatoire import levels

    compared = indicators.compare(acteurs, projets, level, code, territories)
    figures = portrait.figures_table(compared, level)
    mine = portrait.in_territory(acteurs, level, code)
    sectors = portrait.sector_comparison(mine, acteurs) if len(mine) else None
    families = portrait.family_comparison(mine, acteurs) if len(mine) else None
    reference = territories[level]
    rank = portrait.rank_sentence(portrait.rank(acteurs, reference, level, code), level)
    name = portrait.territory_name(reference, code)
    return build(
        territory=f"{name} ({code})", level_label=level_label or levels.get(level).singular,
        rank=rank, figures=figures, sectors=sectors, provenance=provenance,
        map_image=map_png(communes, acteurs, level, code), made=made, families=families,
    )
