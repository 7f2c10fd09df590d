"""Floor 5, the HTTP doors: one module per area, forms beside their view.
A view parses the request, checks access, calls a service or selector and
renders ``templates/<area>/``. The floors: docs/architecture.md.
"""
