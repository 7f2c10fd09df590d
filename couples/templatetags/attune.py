"""Template helpers."""

from django import template

register = template.Library()


@register.filter
def get_item(mapping: dict, key: str) -> object:
    """``{{ names|get_item:pid }}``: ``mapping[key]``, or "" when absent."""
    return mapping.get(key, "") if hasattr(mapping, "get") else ""
