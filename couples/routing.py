"""WebSocket URL routes."""

from django.urls import path, re_path

from couples.live.consumers import (
    CaseloadConsumer,
    CoupleSpaceConsumer,
    NoSuchSocketConsumer,
    PracticeSessionConsumer,
)

websocket_urlpatterns = [
    path("ws/sessions/<uuid:public_id>/", PracticeSessionConsumer.as_asgi()),
    path("ws/couple/", CoupleSpaceConsumer.as_asgi()),
    path("ws/therapist/caseload/", CaseloadConsumer.as_asgi()),
    # Last: any other path (a malformed session id too) is refused with 4403.
    re_path(r"", NoSuchSocketConsumer.as_asgi()),
]
