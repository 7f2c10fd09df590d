"""Installing Attune on a phone (issue #12 item 14): the manifest, the
service worker and the offline page, and the policy that lets them run."""

from __future__ import annotations

import json

from django.test import Client
from django.urls import reverse

from couples.views.app import CACHE_NAME


def policy(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return dict(d.strip().split(" ", 1) for d in header.split(";") if d.strip())


def test_the_manifest_names_attune_with_icons_and_our_colours(db):
    response = Client().get(reverse("manifest"))
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert (manifest["name"], manifest["start_url"], manifest["display"]) == (
        "Attune", "/", "standalone")
    assert (manifest["theme_color"], manifest["background_color"]) == ("#2f6f62", "#f6f4ef")
    assert {"192x192", "512x512", "any"} == {icon["sizes"] for icon in manifest["icons"]}


def test_every_page_links_the_manifest_and_allows_the_worker(partners):
    client = Client()
    client.force_login(partners[0])
    response = client.get(reverse("home"))
    assert f'rel="manifest" href="{reverse("manifest")}"' in response.content.decode()
    directives = policy(response)
    assert directives["worker-src"] == "'self'" and directives["manifest-src"] == "'self'"


def test_the_worker_is_never_cached_and_keeps_no_page_but_the_offline_one(partners):
    client = Client()
    client.force_login(partners[0])
    response = client.get(reverse("service_worker"))
    assert response["Content-Type"].startswith("text/javascript")
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    body = response.content.decode()
    settings = json.loads(body.split("const SETTINGS = ")[1].split(";\n")[0])
    assert settings["cache"] == CACHE_NAME
    pages = [url for url in settings["shell"] if not url.startswith(settings["static"])]
    assert pages == [reverse("offline")]
    assert set(settings["clearOn"]) == {reverse("away"), reverse("logout")}


def test_the_offline_page_is_the_same_for_everyone(partners):
    signed_in = Client()
    signed_in.force_login(partners[0])
    mine = signed_in.get(reverse("offline")).content
    assert mine == Client().get(reverse("offline")).content
    assert partners[0].display_name.encode() not in mine
    assert b"sent by itself when the connection comes back" in mine

