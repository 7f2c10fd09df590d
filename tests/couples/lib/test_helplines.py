"""The operator's helplines setting is checked before anyone sees it."""

from __future__ import annotations

import pytest

from couples.lib.helplines import helplines_from, tel_href


def test_a_complete_entry_is_kept_stripped_and_empty_fields_dropped():
    lines = helplines_from([{"name": " Line ", "phone": "+44 808 2000 247", "hours": ""}])
    assert lines == [{"name": "Line", "phone": "+44 808 2000 247"}]


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        ({"name": "x"}, "must be a JSON list"),
        (["x"], "entry 1 must be an object"),
        ([{"name": "A", "phone": "1"}, {"phone": "2"}], "entry 2 needs a name"),
        ([{"name": "A"}], "needs a phone, text or url"),
        ([{"name": "A", "fax": "1"}], "unknown keys: fax"),
        ([{"name": "A", "phone": 112}], "phone must be text"),
        ([{"name": "A", "url": "javascript:alert(1)"}], "url must start with https://"),
        ([{"name": "A" * 201, "phone": "1"}], "over 200 characters"),
    ],
)
def test_a_mistake_names_the_entry_and_the_problem(raw, problem):
    with pytest.raises(ValueError, match=problem):
        helplines_from(raw)


def test_a_phone_link_keeps_only_what_a_phone_dials():
    assert tel_href("+44 (0)808 2000-247") == "tel:+4408082000247"
