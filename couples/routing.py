"""WebSocket URL routes."""

from django.urls import path

from couples import consumers

websocket_urlpatterns = [
    path("ws/sessions/<uuid:public_id>/", consumers.PracticeSessionConsumer.as_asgi()),
    path("ws/couple/", consumers.CoupleSpaceConsumer.as_asgi()),
]
