"""WebSocket URL routes."""

from django.urls import path

from couples.live.consumers import CoupleSpaceConsumer, PracticeSessionConsumer

websocket_urlpatterns = [
    path("ws/sessions/<uuid:public_id>/", PracticeSessionConsumer.as_asgi()),
    path("ws/couple/", CoupleSpaceConsumer.as_asgi()),
]
