"""HTTP URL routes."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.templatetags.static import static
from django.urls import path
from django.views.generic import RedirectView
from sesame.views import LoginView as LinkLoginView

from couples import (
    account_views,
    reflection_views,
    ritual_views,
    safety_views,
    therapy_views,
    views,
)

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", RedirectView.as_view(url=static("favicon.svg"), permanent=True)),
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
    path("rituals/", ritual_views.ritual_list, name="ritual_list"),
    path("rituals/calendar.ics", ritual_views.ritual_calendar, name="ritual_calendar"),
    path("rituals/calendar/link/", ritual_views.calendar_feed_create, name="calendar_feed_create"),
    path(
        "rituals/calendar/link/revoke/",
        ritual_views.calendar_feed_revoke,
        name="calendar_feed_revoke",
    ),
    path("rituals/<uuid:public_id>/", ritual_views.ritual_edit, name="ritual_edit"),
    path("rituals/<uuid:public_id>/status/", ritual_views.ritual_status, name="ritual_status"),
    path("calendar/<str:token>.ics", ritual_views.calendar_feed, name="calendar_feed"),
    path("couple/therapist/", therapy_views.couple_therapist, name="couple_therapist"),
    path("couple/therapist/invite/", therapy_views.therapist_invite, name="therapist_invite"),
    path(
        "couple/therapist/<int:link_id>/consent/",
        therapy_views.therapist_consent,
        name="therapist_consent",
    ),
    path("couple/therapist/<int:link_id>/end/", therapy_views.therapist_end, name="therapist_end"),
    path("therapist/", therapy_views.therapist_dashboard, name="therapist_dashboard"),
    path(
        "therapist/couples/<uuid:couple_id>/",
        therapy_views.therapist_couple,
        name="therapist_couple",
    ),
    path(
        "therapist/couples/<uuid:couple_id>/sessions/",
        therapy_views.therapist_session_start,
        name="therapist_session_start",
    ),
    path(
        "therapist/couples/<uuid:couple_id>/sessions/<uuid:session_id>/transcript/",
        therapy_views.therapist_transcript,
        name="therapist_transcript",
    ),
    path("reflections/", reflection_views.reflection_list, name="reflection_list"),
    path("reflections/new/", reflection_views.reflection_create, name="reflection_create"),
    path("reflections/shared/", reflection_views.reflections_shared, name="reflections_shared"),
    path(
        "reflections/<uuid:public_id>/",
        reflection_views.reflection_detail,
        name="reflection_detail",
    ),
    path(
        "reflections/<uuid:public_id>/share/",
        reflection_views.reflection_share,
        name="reflection_share",
    ),
    path(
        "reflections/<uuid:public_id>/unshare/",
        reflection_views.reflection_unshare,
        name="reflection_unshare",
    ),
    path(
        "reflections/<uuid:public_id>/delete/",
        reflection_views.reflection_delete,
        name="reflection_delete",
    ),
    path("account/", account_views.account, name="account"),
    path("account/export.json", account_views.account_export_json, name="account_export_json"),
    path("account/export.md", account_views.account_export_markdown, name="account_export_md"),
    path("account/delete/", account_views.account_delete, name="account_delete"),
    path("account/deleted/", account_views.account_deleted, name="account_deleted"),
    path("safety/", safety_views.safety_resources, name="safety_resources"),
    path("safety/check-in/", safety_views.safety_check_in, name="safety_check_in"),
    path("safety/check-ins/", safety_views.safety_history, name="safety_history"),
    path(
        "safety/check-ins/<uuid:public_id>/delete/",
        safety_views.safety_check_delete,
        name="safety_check_delete",
    ),
    path(
        "safety/check-ins/delete/",
        safety_views.safety_checks_delete_all,
        name="safety_checks_delete_all",
    ),
    path("away/", safety_views.away, name="away"),
    path("admin/", admin.site.urls),
]
