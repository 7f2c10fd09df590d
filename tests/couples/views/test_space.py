"""Sign-up, sign-in, password reset, couple spaces and invitations over HTTP."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from couples.models import Invitation, Membership, User
from couples.services.space import INVITATION_SALT, invitation_accept, invitation_create
from tests.factories import PASSWORD, CoupleFactory, UserFactory

pytestmark = pytest.mark.django_db


def sign_up(client, name="Robin", email="robin@example.test", next_url=None):
    data = {"display_name": name, "email": email, "password1": PASSWORD, "password2": PASSWORD}
    if next_url:
        data["next"] = next_url
    return client.post(reverse("signup"), data)


def test_sign_up_creates_an_account_and_signs_in(client):
    response = sign_up(client)
    assert response.status_code == 302
    assert User.objects.get(email="robin@example.test").display_name == "Robin"
    assert "Invite a partner" in client.get("/").content.decode()


def test_sign_up_refuses_a_taken_email_with_a_clear_message(client):
    UserFactory(email="robin@example.test")
    response = sign_up(client, email="Robin@Example.test")
    assert response.status_code == 200
    assert "already exists" in response.content.decode()
    assert User.objects.filter(email__iexact="robin@example.test").count() == 1


def test_sign_up_refuses_mismatched_passwords(client):
    response = client.post(reverse("signup"), {"display_name": "R", "email": "r@example.test",
                                               "password1": PASSWORD, "password2": PASSWORD + "x"})
    assert response.status_code == 200 and not User.objects.filter(email="r@example.test").exists()


def test_sign_in_and_sign_out(client):
    user = UserFactory(email="kim@example.test")
    response = client.post(reverse("login"), {"username": "kim@example.test", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/").context["user"] == user
    client.post(reverse("logout"))
    assert not client.get("/").context["user"].is_authenticated


def test_wrong_password_is_refused_with_a_message(client):
    UserFactory(email="kim@example.test")
    response = client.post(reverse("login"), {"username": "kim@example.test", "password": "nope"})
    assert response.status_code == 200 and "correct" in response.content.decode()


def test_password_reset_sends_a_link_that_sets_a_new_password(client):
    UserFactory(email="kim@example.test")
    client.post(reverse("password_reset"), {"email": "kim@example.test"})
    assert len(mail.outbox) == 1
    link = re.search(r"http://\S+/password-reset/\S+/", mail.outbox[0].body).group(0)
    form_page = client.get(link, follow=True)
    new = "another-quiet-morning-7"
    client.post(form_page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert client.login(username="kim@example.test", password=new)


def test_a_partner_creates_a_couple_space(client):
    user = UserFactory()
    client.force_login(user)
    client.post(reverse("couple_create"), {"name": "Kim & Lee"})
    assert Membership.objects.get(user=user).couple.name == "Kim & Lee"


def invite(client, couple):
    inviter = couple.memberships.first().user
    client.force_login(inviter)
    client.post(reverse("invitation_create"))
    page = client.get("/").content.decode()
    url = re.search(r'value="(http://[^"]+/invitations/[^"]+/)"', page).group(1)
    client.logout()
    return url.split("testserver", 1)[1]


def test_the_invited_partner_signs_up_through_the_link_and_joins(client):
    couple = CoupleFactory(partners=1)
    path = invite(client, couple)
    landing = client.get(path)
    assert "invited you" in landing.content.decode()
    sign_up(client, name="Lee", email="lee@example.test", next_url=path)
    client.post(path)
    assert couple.memberships.count() == 2
    assert "You and" in client.get("/").content.decode()


def test_an_existing_user_signs_in_through_the_link_and_joins(client):
    couple = CoupleFactory(partners=1)
    path = invite(client, couple)
    lee = UserFactory()
    client.force_login(lee)
    response = client.post(path)
    assert response.status_code == 302 and Membership.objects.get(user=lee).couple == couple


def test_a_used_invitation_gets_a_clear_page(client):
    couple = CoupleFactory(partners=1)
    path = invite(client, couple)
    client.force_login(UserFactory())
    client.post(path)
    client.force_login(UserFactory())
    response = client.post(path)
    assert response.status_code == 410
    assert "already been used" in response.content.decode()


def test_an_expired_invitation_gets_a_clear_page(client):
    couple = CoupleFactory(partners=1)
    path = invite(client, couple)
    Invitation.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    client.force_login(UserFactory())
    response = client.post(path)
    assert response.status_code == 410 and "expired" in response.content.decode()
    assert couple.memberships.count() == 1


def test_an_edited_invitation_link_is_refused(client):
    response = client.get("/invitations/not-a-real-token/")
    assert response.status_code == 410 and "not valid" in response.content.decode()


def test_a_third_partner_cannot_join(client):
    couple = CoupleFactory(partners=1)
    _, first = invitation_create(couple=couple, created_by=couple.memberships.first().user)
    invitation_accept(signed_token=first, user=UserFactory())
    # An invitation issued before the couple filled up cannot add a third.
    stale = Invitation.objects.create(couple=couple, token="stale-token",
                                      expires_at=timezone.now() + timedelta(days=1))
    from django.core import signing
    path = f"/invitations/{signing.dumps(stale.token, salt=INVITATION_SALT)}/"
    client.force_login(UserFactory())
    response = client.post(path)
    assert response.status_code == 409 and "already has two partners" in response.content.decode()
    assert couple.memberships.count() == 2


def test_a_full_couple_cannot_make_new_invitations(client):
    couple = CoupleFactory()
    client.force_login(couple.memberships.first().user)
    client.post(reverse("invitation_create"), follow=True)
    assert not Invitation.objects.filter(couple=couple).exists()


def test_a_new_invitation_revokes_the_previous_link(client):
    couple = CoupleFactory(partners=1)
    old = invite(client, couple)
    invite(client, couple)
    client.force_login(UserFactory())
    assert client.post(old).status_code == 410


def test_a_therapist_invitation_speaks_to_a_therapist_and_makes_a_therapist_account(client):
    couple = CoupleFactory()
    inviter = couple.memberships.first().user
    _, token = invitation_create(couple=couple, created_by=inviter, role="therapist")
    path = reverse("invitation", kwargs={"token": token})
    landing = client.get(path).content.decode()
    assert "to be the therapist of" in landing
    assert "Create a therapist account" in landing
    assert "You and your partner" not in landing
    form = client.get(reverse("signup") + f"?next={path}").content.decode()
    assert "Create your therapist account" in form
    sign_up(client, name="Dr. Ames", email="ames@example.test", next_url=path)
    accepted = client.post(path, follow=True)
    therapist = User.objects.get(email="ames@example.test")
    assert therapist.is_therapist
    assert couple.therapist_links.filter(therapist=therapist, ended_at=None).exists()
    page = accepted.content.decode()
    assert "You are linked to" in page
    assert "your partner now share" not in page


def test_a_partner_invitation_never_makes_a_therapist_account(client):
    couple = CoupleFactory(partners=1)
    path = invite(client, couple)
    client.logout()
    sign_up(client, name="Lee", email="lee@example.test", next_url=path)
    assert not User.objects.get(email="lee@example.test").is_therapist


def test_the_couple_address_typed_in_a_browser_leads_home_not_to_an_error(client):
    couple = CoupleFactory(partners=1)
    client.force_login(couple.memberships.first().user)
    response = client.get(reverse("couple_create"))
    assert (response.status_code, response["Location"]) == (302, reverse("home"))


def test_every_field_description_a_screen_reader_is_pointed_at_is_on_the_page(client):
    # Found in a couple's trial: the password's aria-describedby named a help
    # text id the page did not have, so its rules were never read out.
    page = client.get(reverse("signup")).content.decode()
    described = re.findall(r'aria-describedby="([^"]+)"', page)
    assert described
    for ids in described:
        for id_ in ids.split():
            assert f'id="{id_}"' in page, id_
