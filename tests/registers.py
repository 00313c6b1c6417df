"""Small files in the official layouts of SIRENE (INSEE) and the RNA (waldec), built by code.

Column names and order follow INSEE's "Description des fichiers de la base Sirene" (stock files
StockEtablissement / StockUniteLegale, UTF-8, `,`) and the RNA waldec layout (`;`, Windows-1252).
"""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

from observatoire.build import bench

# INSEE's layouts, declared once with the benchmark's generator (observatoire/build/bench.py)
ETAB_HEADER = list(bench.ETAB_COLUMNS)
UL_HEADER = list(bench.UL_COLUMNS)

RNA_HEADER = (
    "id;id_ex;siret;rup_mi;gestion;date_creat;date_decla;date_publi;date_disso;nature;"
    "groupement;titre;titre_court;objet;objet_social1;objet_social2;adrs_complement;"
    "adrs_numvoie;adrs_repetition;adrs_typevoie;adrs_libvoie;adrs_distrib;adrs_codeinsee;"
    "adrs_codepostal;adrs_libcommune;adrg_declarant;adrg_complemid;adrg_complemgeo;"
    "adrg_libvoie;adrg_distrib;adrg_codepostal;adrg_achemine;adrg_pays;dir_civilite;siteweb;"
    "publiweb;observation;position;maj_time"
).split(";")

# Lambert-93 of Lyon 1er (≈ 45.764 N, 4.8357 E) and of Clermont-Ferrand
LYON_L93 = ("842666.3", "6519924.1")
CLERMONT_L93 = ("706193.0", "6517580.0")


def siret_of(siren: str, nic: str = "00010") -> str:
    return siren + nic


def establishment(siren: str, commune: str, *, nic="00010", etat="A", naf="88.99B",
                  tranche="12", created="2012-05-03", lambert=("", ""), enseigne="",
                  usuelle="", nomenclature="NAFRev2", debut="2019-01-01") -> dict:
    """One StockEtablissement row (as a dict over ETAB_HEADER); `debut` starts its current
    period, its closure when `etat` is F."""
    row = dict.fromkeys(ETAB_HEADER, "")
    row |= {
        "siren": siren, "nic": nic, "siret": siren + nic, "statutDiffusionEtablissement": "O",
        "dateCreationEtablissement": created, "trancheEffectifsEtablissement": tranche,
        "anneeEffectifsEtablissement": "2022" if tranche not in ("", "NN") else "",
        "dateDernierTraitementEtablissement": "2024-03-01T02:03:04",
        "etablissementSiege": "true", "nombrePeriodesEtablissement": "2",
        "numeroVoieEtablissement": "12", "typeVoieEtablissement": "RUE",
        "libelleVoieEtablissement": "DE LA REPUBLIQUE", "codePostalEtablissement": commune[:2] + "000",
        "libelleCommuneEtablissement": "COMMUNE", "codeCommuneEtablissement": commune,
        "coordonneeLambertAbscisseEtablissement": lambert[0],
        "coordonneeLambertOrdonneeEtablissement": lambert[1],
        "dateDebut": debut, "etatAdministratifEtablissement": etat,
        "enseigne1Etablissement": enseigne, "denominationUsuelleEtablissement": usuelle,
        "activitePrincipaleEtablissement": naf,
        "nomenclatureActivitePrincipaleEtablissement": nomenclature,
        "caractereEmployeurEtablissement": "O",
    }
    return row


def legal_unit(siren: str, name: str, cj: str, *, ess="O", mission="N", naf="88.99B",
               sigle="") -> dict:
    """One StockUniteLegale row."""
    row = dict.fromkeys(UL_HEADER, "")
    row |= {
        "siren": siren, "statutDiffusionUniteLegale": "O", "dateCreationUniteLegale": "2010-01-01",
        "sigleUniteLegale": sigle, "trancheEffectifsUniteLegale": "12",
        "dateDebut": "2015-01-01", "etatAdministratifUniteLegale": "A",
        "denominationUniteLegale": name, "categorieJuridiqueUniteLegale": cj,
        "activitePrincipaleUniteLegale": naf, "nomenclatureActivitePrincipaleUniteLegale": "NAFRev2",
        "nicSiegeUniteLegale": "00010", "economieSocialeSolidaireUniteLegale": ess,
        "societeMissionUniteLegale": mission, "caractereEmployeurUniteLegale": "O",
    }
    return row


def csv_text(header: list[str], rows: list[dict], separator: str = ",") -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header, delimiter=separator, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def write(path: Path, text: str, encoding: str = "utf-8", zipped: bool = False) -> Path:
    """Write `text` to `path` (inside a zip of the same stem when `zipped`)."""
    path = Path(path)
    if zipped:
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(path.with_suffix(".csv").name, text.encode(encoding))
    else:
        path.write_bytes(text.encode(encoding))
    return path


# --- a small pair of files covering each rule ---------------------------------------------------

UNITS = [
    legal_unit("775649987", "ASSOCIATION LES AMIS DU QUARTIER", "9220", naf="88.99B"),
    legal_unit("402345678", "SCOP LES MENUISIERS", "5458", naf="16.23Z"),
    legal_unit("512345674", "RECYCLERIE DU PLATEAU", "5710", naf="47.79Z", mission="O"),
    legal_unit("300000001", "MUTUELLE DES MONTAGNES", "8210", naf="65.12Z"),
    legal_unit("300000002", "BANQUE ORDINAIRE SA", "5599", ess="N", naf="64.19Z"),
    legal_unit("300000003", "ASSOCIATION PARISIENNE", "9220"),
    legal_unit("300000004", "FONDATION DU SOIN", "9300", naf="86.10Z"),
]
ESTABLISHMENTS = [
    # line 2: association in Lyon 3e with coordinates
    establishment("775649987", "69383", lambert=LYON_L93, tranche="12", enseigne="MAISON DES AMIS"),
    # line 3: SCOP in Clermont, bracket 03
    establishment("402345678", "63113", naf="16.23Z", tranche="03", lambert=CLERMONT_L93),
    # line 4: establishment closed in 2019 (start of its closed period): kept, with that year
    establishment("402345678", "63113", nic="00028", etat="F"),
    # line 5: non-ESS bank: out of scope
    establishment("300000002", "69123", naf="64.19Z"),
    # line 6: ESS association in Paris: out of scope (region)
    establishment("300000003", "75056"),
    # line 7: SAS (ESS, mission) in Grenoble, bracket NN, no coordinates
    establishment("512345674", "38185", naf="47.79Z", tranche="NN"),
    # line 8: mutual in Chambéry, unknown NAF code -> sector left empty, warned
    establishment("300000001", "73065", naf="99.99Z", tranche="21"),
    # line 9: foundation in an unknown Ain code -> rejected with a reason
    establishment("300000004", "01999", naf="86.10Z", tranche=""),
    # line 10: closed establishment whose closure date is unknown: out of scope
    establishment("775649987", "69383", nic="00036", etat="F", debut=""),
]


def sirene_pair(directory: Path, zipped: bool = False) -> tuple[Path, Path]:
    """(StockEtablissement, StockUniteLegale) files of the small case."""
    suffix = ".zip" if zipped else ".csv"
    etab = write(Path(directory) / f"StockEtablissement{suffix}", csv_text(ETAB_HEADER, ESTABLISHMENTS),
                 zipped=zipped)
    units = write(Path(directory) / f"StockUniteLegale{suffix}", csv_text(UL_HEADER, UNITS),
                  zipped=zipped)
    return etab, units


def sirene_joined(directory: Path) -> Path:
    """One extract holding the columns of both files (a pre-joined export)."""
    by_siren = {u["siren"]: u for u in UNITS}
    # the legal unit's own period start is not the establishment's: one dateDebut, the latter's
    shared = {"siren", "dateDebut"}
    header = ETAB_HEADER + [c for c in UL_HEADER if c not in shared]
    rows = [e | {k: v for k, v in by_siren[e["siren"]].items() if k not in shared}
            for e in ESTABLISHMENTS]
    return write(Path(directory) / "extrait_sirene.csv", csv_text(header, rows, ";"))


def big_sirene(directory: Path, n_rows: int = 300_000, ess_every: int = 5
               ) -> tuple[Path, Path, int]:
    """A zipped establishments file of `n_rows`, its legal units, and the expected kept count.

    One legal unit in `ess_every` is an ESS unit; of their establishments, a fixed share is
    closed (1 in 7: half with their closure date, kept, half without) or outside the region
    (3 communes in 11). Written in one pass, row by row, straight into the zip.
    """
    aura = ["69123", "63113", "38185", "01053", "73065", "74010", "42218", "26362"]
    elsewhere = ["75056", "13055", "33063"]
    n_units = n_rows // 4
    units_path = Path(directory) / "StockUniteLegale.zip"
    with zipfile.ZipFile(units_path, "w", zipfile.ZIP_DEFLATED) as archive:
        with archive.open("StockUniteLegale_utf8.csv", "w") as raw:
            text = io.TextIOWrapper(raw, encoding="utf-8", newline="")
            writer = csv.writer(text, lineterminator="\n")
            writer.writerow(UL_HEADER)
            base = legal_unit("000000000", "", "9220")
            for i in range(n_units):
                siren = f"{100000000 + i:09d}"
                ess = "O" if i % ess_every == 0 else "N"
                row = base | {"siren": siren, "denominationUniteLegale": f"STRUCTURE {i}",
                              "categorieJuridiqueUniteLegale": "9220" if i % 2 else "5710",
                              "economieSocialeSolidaireUniteLegale": ess}
                writer.writerow([row[c] for c in UL_HEADER])
            text.flush()
            text.detach()
    etab_path = Path(directory) / "StockEtablissement.zip"
    expected = 0
    with zipfile.ZipFile(etab_path, "w", zipfile.ZIP_DEFLATED) as archive:
        with archive.open("StockEtablissement_utf8.csv", "w") as raw:
            text = io.TextIOWrapper(raw, encoding="utf-8", newline="")
            writer = csv.writer(text, lineterminator="\n")
            writer.writerow(ETAB_HEADER)
            base = establishment("000000000", "69123", lambert=LYON_L93)
            for i in range(n_rows):
                unit = i % n_units
                siren = f"{100000000 + unit:09d}"
                commune = (aura + elsewhere)[i % 11]
                # 1 in 14 closed with its date (kept), 1 in 14 closed without (out of scope)
                etat = "F" if i % 7 == 0 else "A"
                debut = "" if i % 14 == 7 else "2019-01-01"
                row = base | {
                    "siren": siren, "nic": f"{i // n_units + 10:05d}",
                    "siret": f"{siren}{i // n_units + 10:05d}",
                    "codeCommuneEtablissement": commune, "etatAdministratifEtablissement": etat,
                    "dateDebut": debut,
                    "coordonneeLambertAbscisseEtablissement": "" if commune != "69123" else LYON_L93[0],
                    "coordonneeLambertOrdonneeEtablissement": "" if commune != "69123" else LYON_L93[1],
                }
                if unit % ess_every == 0 and (etat == "A" or debut) and commune in aura:
                    expected += 1
                writer.writerow([row[c] for c in ETAB_HEADER])
            text.flush()
            text.detach()
    return etab_path, units_path, expected


# --- RNA ------------------------------------------------------------------------------------------


def association(rna_id: str, titre: str, commune: str, *, objet_social="011000",
                date_creat="2004-09-12", date_disso="0001-01-01", position="A", siret="",
                objet="Pratique du sport", siteweb="") -> dict:
    """One waldec row."""
    row = dict.fromkeys(RNA_HEADER, "")
    row |= {
        "id": rna_id, "id_ex": "0" + rna_id[1:4] + "012345", "siret": siret, "rup_mi": "",
        "gestion": commune[:2] + "1P", "date_creat": date_creat, "date_decla": "2019-06-01",
        "date_publi": "2004-10-02", "date_disso": date_disso, "nature": "D", "groupement": "S",
        "titre": titre, "titre_court": "", "objet": objet, "objet_social1": objet_social,
        "objet_social2": "000000", "adrs_numvoie": "3", "adrs_typevoie": "RUE",
        "adrs_libvoie": "des Écoles", "adrs_codeinsee": commune, "adrs_codepostal": commune,
        "adrs_libcommune": "Commune", "siteweb": siteweb, "publiweb": "0", "position": position,
        "maj_time": "2023-01-05 10:11:12",
    }
    return row


ASSOCIATIONS = [
    association("W691000001", "Club de randonnée des Monts d'Or", "69191", objet_social="011000",
                siret="77564998700010"),
    association("W631000002", "Théâtre en Auvergne", "63113", objet_social="006030",
                objet="Créer des spectacles;\nles diffuser", siteweb="www.theatre.example"),
    # dissolved in 2015: kept, with that closure year
    association("W691000003", "Ancienne amicale", "69123", date_disso="2015-04-01",
                position="D"),
    association("W751000004", "Association parisienne", "75056"),
    association("W381000005", "Épicerie solidaire <script>alert(1)</script>", "38185",
                objet_social="019000", date_creat="0001-01-01"),
    association("W011000006", "Sans commune", "", objet_social="999999", siret="123"),
    association("W691000007", "Amicale dissoute à une date inconnue", "69123", position="D"),
]


def rna_file(directory: Path, encoding: str = "cp1252", name: str = "rna_waldec_20240101_dpt_69.csv"
             ) -> Path:
    """A waldec file in Windows-1252 with `;`, as published per département."""
    return write(Path(directory) / name, csv_text(RNA_HEADER, ASSOCIATIONS, ";"), encoding)
