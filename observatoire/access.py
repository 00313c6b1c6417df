"""Who may change the data from the dashboard. Reading is open to everyone; managing is not.

Rules, in order:
1. sign-in configured (``[auth]`` in ``.streamlit/secrets.toml``): only a signed-in manager,
   listed by e-mail or by a group of the OIDC token (``[gestion]``); the server may then sit
   behind a reverse proxy on loopback without opening management to every visitor;
2. otherwise, a server listening on loopback only (a personal machine): the local user;
3. otherwise (served to the network without sign-in): nobody, from the dashboard; the command
   line stays available to whoever administers the server.
Never imports streamlit: ``ui.data_manager`` feeds it the server address, the secrets and the
signed-in user.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from dataclasses import dataclass

LOCAL_AUTHOR = "poste local"
DEFAULT_GROUPS_CLAIM = "groups"


@dataclass(frozen=True)
class Viewer:
    """The person in front of the dashboard, as the OIDC provider describes them."""

    signed_in: bool = False
    email: str | None = None
    name: str | None = None
    groups: tuple[str, ...] = ()


@dataclass(frozen=True)
class Policy:
    """Managers by e-mail and by group, from ``[gestion]`` of the secrets."""

    emails: frozenset[str] = frozenset()
    groups: frozenset[str] = frozenset()
    groups_claim: str = DEFAULT_GROUPS_CLAIM
    local_management: bool = True  # ``poste_local = false`` closes rule 2 (e.g. behind a proxy)


@dataclass(frozen=True)
class Decision:
    """Whether this viewer may manage the data, as whom, and what to tell the others."""

    allowed: bool
    author: str | None
    message_fr: str
    can_sign_in: bool = False


def is_loopback(address: str | None) -> bool:
    """Whether a Streamlit ``server.address`` listens on this machine only (unset: all)."""
    if not address:
        return False
    if address.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(address.strip().strip("[]")).is_loopback
    except ValueError:
        return False


def _strings(value) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [part.strip() for part in value.replace(";", ",").split(",") if part.strip()]
    return [str(v).strip() for v in value if str(v).strip()]


def policy_from_secrets(secrets: Mapping) -> Policy:
    """The managers of ``[gestion]``: gestionnaires (e-mails), groupes, revendication_groupes."""
    section = secrets.get("gestion") or {}
    return Policy(
        emails=frozenset(e.lower() for e in _strings(section.get("gestionnaires"))),
        groups=frozenset(_strings(section.get("groupes"))),
        groups_claim=str(section.get("revendication_groupes") or DEFAULT_GROUPS_CLAIM),
        local_management=bool(section.get("poste_local", True)),
    )


def auth_configured(secrets: Mapping) -> bool:
    """Whether ``st.login`` has a provider to talk to."""
    auth = secrets.get("auth") or {}
    return bool(auth.get("client_id") or any(isinstance(v, Mapping) and v.get("client_id")
                                             for v in auth.values()))


def viewer_from_claims(claims: Mapping, groups_claim: str = DEFAULT_GROUPS_CLAIM) -> Viewer:
    """A Viewer from ``st.user`` (the ID token's claims)."""
    if not claims.get("is_logged_in"):
        return Viewer()
    return Viewer(
        signed_in=True,
        email=(str(claims.get("email") or "").strip().lower() or None),
        name=claims.get("name"),
        groups=tuple(_strings(claims.get(groups_claim))),
    )


def is_manager(viewer: Viewer, policy: Policy) -> bool:
    """A signed-in viewer listed by e-mail or belonging to a manager group."""
    if not viewer.signed_in:
        return False
    if viewer.email and viewer.email.lower() in policy.emails:
        return True
    return bool(policy.groups & set(viewer.groups))


def decide(address: str | None, viewer: Viewer, policy: Policy, sign_in: bool) -> Decision:
    """Apply the three rules of this module to one viewer."""
    who = who_may_manage(policy, sign_in)
    if sign_in:
        if is_manager(viewer, policy):
            return Decision(True, viewer.email or viewer.name or "compte connecté",
                            f"Connecté en tant que gestionnaire des données ({viewer.email}).")
        if viewer.signed_in:
            return Decision(False, None, f"Votre compte ({viewer.email or viewer.name}) n'est "
                            f"pas gestionnaire des données. {who}", can_sign_in=False)
        return Decision(False, None, who, can_sign_in=True)
    if policy.local_management and is_loopback(address):
        return Decision(True, LOCAL_AUTHOR, "Tableau de bord local : vous gérez les données.")
    return Decision(False, None, who)


def who_may_manage(policy: Policy, sign_in: bool) -> str:
    """The sentence shown where the import controls would be."""
    if sign_in:
        return (
            "La consultation est libre ; l'import, la fusion, la restauration et le retour aux "
            "données de démonstration sont réservés aux gestionnaires des données, après "
            "connexion avec leur compte (ProConnect ou compte de la Région)."
        )
    return (
        "La consultation est libre ; ce tableau de bord est servi sur le réseau sans connexion "
        "configurée, donc personne ne peut modifier les données depuis le navigateur. "
        "L'administrateur du serveur importe avec « python -m observatoire import », ou "
        "configure la connexion des gestionnaires (section [auth] de .streamlit/secrets.toml, "
        "voir le README)."
    )
