"""healthz and the demo command."""

from __future__ import annotations

import json
from io import StringIO
from urllib.parse import urlparse

import pytest
from django.core.management import call_command
from django.test import override_settings

from couples.models import Couple, User

pytestmark = pytest.mark.django_db(transaction=True)


def test_healthz_reports_both_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "channel_layer": "ok"}


@override_settings(CHANNEL_LAYERS={"default": {
    "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
    "CONFIG": {"hosts": ["redis://127.0.0.1:1/0"]}}})
def test_healthz_names_an_unreachable_channel_layer(client):
    from channels.layers import channel_layers
    channel_layers.backends.clear()
    try:
        response = client.get("/healthz")
    finally:
        channel_layers.backends.clear()
    assert response.status_code == 503
    body = response.json()
    assert body["database"] == "ok" and body["channel_layer"].startswith("error")


def demo_json() -> dict:
    out = StringIO()
    call_command("demo", "--json", "--base-url", "http://testserver", stdout=out)
    return json.loads(out.getvalue())


def test_demo_creates_the_couple_and_therapist_once():
    first = demo_json()
    demo_json()
    assert [p["name"] for p in first["partners"]] == ["Alex", "Sam"]
    assert first["therapist"]["name"] == "Dr. Rivera"
    assert Couple.objects.count() == 1 and User.objects.count() == 3


def test_a_demo_link_signs_in_once(client):
    link = demo_json()["partners"][1]["login_url"]
    path = urlparse(link).path + "?" + urlparse(link).query
    response = client.get(path)
    assert response.status_code == 302
    assert client.get("/").context["user"].display_name == "Sam"
    client.logout()
    client.get(path)
    assert not client.get("/").context["user"].is_authenticated
