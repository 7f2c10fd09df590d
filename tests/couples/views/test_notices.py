"""Notices (Django messages) do not stack up (issue #12 item 11): the latest
is shown in the status region, earlier ones fold behind one line."""

from __future__ import annotations

import re

from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.template.loader import render_to_string


def notices(*texts: str) -> str:
    page = render_to_string("base.html", {"messages": [Message(constants.SUCCESS, t)
                                                       for t in texts]})
    return page.split('<main id="main" tabindex="-1">')[1].split("</main>")[0]


def test_only_the_latest_notice_is_shown_and_the_rest_fold():
    html = notices("Saved.", "Shared with your partner.", "No longer shared.")
    shown = html.split("<details")[0]
    assert "No longer shared." in shown and "Saved." not in shown
    folded = html.split("<details")[1]
    assert re.search(r"<summary>2 earlier notices</summary>", folded)
    assert "Saved." in folded and "Shared with your partner." in folded
    assert 'role="status"' in html


def test_a_single_notice_has_nothing_folded():
    html = notices("Saved.")
    assert "Saved." in html and "<details" not in html
