"""HTTP URL routes."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import path
from sesame.views import LoginView as LinkLoginView

from couples import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("signup/", views.signup, name="signup"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("login/link/", LinkLoginView.as_view(), name="login_link"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password-reset/", auth_views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("couple/", views.couple_create, name="couple_create"),
    path("couple/invitations/", views.invitation_create, name="invitation_create"),
    path("invitations/<str:token>/", views.invitation, name="invitation"),
    path("sessions/", views.session_start, name="session_start"),
    path("sessions/<uuid:public_id>/", views.session, name="session"),
    path(
        "sessions/<uuid:public_id>/transcript/",
        views.session_transcript,
        name="session_transcript",
    ),
    path("admin/", admin.site.urls),
]
