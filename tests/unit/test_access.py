"""Who may manage the data: the decision table, without Streamlit."""

from __future__ import annotations

import pytest

from observatoire import access

POLICY = access.policy_from_secrets({"gestion": {
    "gestionnaires": ["Donnees@Region.fr", "agent@collectivite.fr"],
    "groupes": "observatoire-gestion, dsi",
}})
MANAGER = access.viewer_from_claims({"is_logged_in": True, "email": "donnees@region.fr"})
BY_GROUP = access.viewer_from_claims(
    {"is_logged_in": True, "email": "x@region.fr", "groups": ["lecteurs", "dsi"]})
READER = access.viewer_from_claims({"is_logged_in": True, "email": "lecteur@region.fr"})
ANONYMOUS = access.viewer_from_claims({"is_logged_in": False})


@pytest.mark.parametrize(
    ("address", "expected"),
    [("127.0.0.1", True), ("127.0.0.2", True), ("::1", True), ("localhost", True),
     ("", False), (None, False), ("0.0.0.0", False), ("192.168.1.10", False), ("::", False),
     ("mon-serveur", False)],
)
def test_loopback_addresses_are_recognised(address, expected):
    assert access.is_loopback(address) is expected


@pytest.mark.parametrize(
    ("address", "viewer", "sign_in", "allowed", "author"),
    [
        # a personal machine, no sign-in configured: the local user manages, as before
        ("127.0.0.1", ANONYMOUS, False, True, "poste local"),
        # served to the network without sign-in: nobody manages from the browser
        ("0.0.0.0", ANONYMOUS, False, False, None),
        ("", ANONYMOUS, False, False, None),
        # sign-in configured: managers only, whatever the address (a proxy may be on loopback)
        ("0.0.0.0", MANAGER, True, True, "donnees@region.fr"),
        ("0.0.0.0", BY_GROUP, True, True, "x@region.fr"),
        ("0.0.0.0", READER, True, False, None),
        ("0.0.0.0", ANONYMOUS, True, False, None),
        ("127.0.0.1", ANONYMOUS, True, False, None),
        ("127.0.0.1", READER, True, False, None),
    ],
)
def test_who_may_manage(address, viewer, sign_in, allowed, author):
    decision = access.decide(address, viewer, POLICY, sign_in)
    assert (decision.allowed, decision.author) == (allowed, author)
    if not allowed:
        assert "consultation est libre" in decision.message_fr


def test_an_anonymous_visitor_is_offered_to_sign_in_but_a_reader_is_not():
    assert access.decide("0.0.0.0", ANONYMOUS, POLICY, True).can_sign_in
    refused = access.decide("0.0.0.0", READER, POLICY, True)
    assert not refused.can_sign_in and "lecteur@region.fr" in refused.message_fr


def test_local_management_can_be_closed_for_a_server_behind_a_proxy():
    policy = access.policy_from_secrets({"gestion": {"poste_local": False}})
    assert not access.decide("127.0.0.1", ANONYMOUS, policy, False).allowed


def test_a_custom_group_claim_is_read():
    policy = access.policy_from_secrets({"gestion": {"groupes": ["gestion"],
                                                     "revendication_groupes": "roles"}})
    viewer = access.viewer_from_claims({"is_logged_in": True, "email": "a@b.fr",
                                        "roles": ["gestion"]}, policy.groups_claim)
    assert access.is_manager(viewer, policy)


@pytest.mark.parametrize(
    ("secrets", "expected"),
    [({}, False), ({"auth": {"redirect_uri": "x"}}, False),
     ({"auth": {"client_id": "observatoire"}}, True),
     ({"auth": {"keycloak": {"client_id": "observatoire"}}}, True)],
)
def test_sign_in_is_configured_by_an_auth_section_with_a_client(secrets, expected):
    assert access.auth_configured(secrets) is expected
