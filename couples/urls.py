"""HTTP URL routes."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.templatetags.static import static
from django.urls import path
from django.views.generic import RedirectView

from couples.views import (
    account,
    app,
    assessments,
    boundaries,
    checkins,
    health,
    plans,
    practice,
    progress,
    reflections,
    rehearsals,
    repair_list,
    rituals,
    safety,
    sessions,
    soothing,
    space,
    therapy,
)

urlpatterns = [
    path("", space.home, name="home"),
    path("healthz", health.healthz, name="healthz"),
    path("manifest.webmanifest", app.manifest, name="manifest"),
    path("sw.js", app.service_worker, name="service_worker"),
    path("offline/", app.offline, name="offline"),
    path("favicon.ico", RedirectView.as_view(url=static("favicon.svg"), permanent=True)),
    path("signup/", account.signup, name="signup"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("login/link/", account.SignInLinkView.as_view(), name="login_link"),
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
    path("couple/", space.couple_create, name="couple_create"),
    path("couple/invitations/", space.invitation_create, name="invitation_create"),
    path("couple/repair-list/", repair_list.repair_list, name="repair_list"),
    path("calm/", soothing.soothing_practice, name="soothing_practice"),
    path("couple/plan/<int:item_id>/mark/", plans.plan_item_mark, name="plan_item_mark"),
    path("invitations/<str:token>/", space.invitation, name="invitation"),
    path("sessions/", sessions.session_start, name="session_start"),
    path("sessions/<uuid:public_id>/", sessions.session, name="session"),
    path(
        "sessions/<uuid:public_id>/transcript/",
        sessions.session_transcript,
        name="session_transcript",
    ),
    path(
        "sessions/<uuid:public_id>/keeping/",
        sessions.session_keeping,
        name="session_keeping",
    ),
    path("rituals/", rituals.ritual_list, name="ritual_list"),
    path("rituals/calendar.ics", rituals.ritual_calendar, name="ritual_calendar"),
    path("rituals/calendar/link/", rituals.calendar_feed_create, name="calendar_feed_create"),
    path(
        "rituals/calendar/link/revoke/",
        rituals.calendar_feed_revoke,
        name="calendar_feed_revoke",
    ),
    path("rituals/<uuid:public_id>/", rituals.ritual_edit, name="ritual_edit"),
    path("rituals/<uuid:public_id>/status/", rituals.ritual_status, name="ritual_status"),
    path("rituals/<uuid:public_id>/kept/", rituals.ritual_kept, name="ritual_kept"),
    path("calendar/<str:token>.ics", rituals.calendar_feed, name="calendar_feed"),
    path("couple/therapist/", therapy.couple_therapist, name="couple_therapist"),
    path("couple/therapist/invite/", therapy.therapist_invite, name="therapist_invite"),
    path(
        "couple/therapist/<int:link_id>/consent/",
        therapy.therapist_consent,
        name="therapist_consent",
    ),
    path("couple/therapist/<int:link_id>/end/", therapy.therapist_end, name="therapist_end"),
    path("couple/therapist/summaries/new/", therapy.summary_new, name="summary_new"),
    path(
        "couple/therapist/summaries/<uuid:public_id>/",
        therapy.summary_page,
        name="summary_page",
    ),
    path("therapist/", therapy.therapist_dashboard, name="therapist_dashboard"),
    path("therapist/caseload/rows/", therapy.therapist_caseload_rows, name="caseload_rows"),
    path(
        "therapist/links/<int:link_id>/end/",
        therapy.therapist_link_end,
        name="therapist_link_end",
    ),
    path(
        "therapist/couples/<uuid:couple_id>/sessions/<uuid:session_id>/hand-back/",
        therapy.therapist_hand_back,
        name="therapist_hand_back",
    ),
    path(
        "therapist/couples/<uuid:couple_id>/",
        therapy.therapist_couple,
        name="therapist_couple",
    ),
    path(
        "therapist/couples/<uuid:couple_id>/sessions/",
        therapy.therapist_session_start,
        name="therapist_session_start",
    ),
    path(
        "therapist/couples/<uuid:couple_id>/sessions/<uuid:session_id>/transcript/",
        therapy.therapist_transcript,
        name="therapist_transcript",
    ),
    path("reflections/", reflections.reflection_list, name="reflection_list"),
    path("reflections/new/", reflections.reflection_create, name="reflection_create"),
    path(
        "reflections/new/panel/",
        reflections.reflection_create_panel,
        name="reflection_create_panel",
    ),
    path("reflections/shared/", reflections.reflections_shared, name="reflections_shared"),
    path(
        "reflections/<uuid:public_id>/",
        reflections.reflection_detail,
        name="reflection_detail",
    ),
    path(
        "reflections/<uuid:public_id>/share/",
        reflections.reflection_share,
        name="reflection_share",
    ),
    path(
        "reflections/<uuid:public_id>/unshare/",
        reflections.reflection_unshare,
        name="reflection_unshare",
    ),
    path(
        "reflections/<uuid:public_id>/delete/",
        reflections.reflection_delete,
        name="reflection_delete",
    ),
    path("practice/soothing/", practice.practice_soothing, name="practice_soothing"),
    path("assessments/", assessments.assessment_list, name="assessment_list"),
    path("assessments/shared/", assessments.assessments_shared, name="assessments_shared"),
    path(
        "assessments/take/<str:kind>/", assessments.assessment_take, name="assessment_take"
    ),
    path(
        "assessments/<uuid:public_id>/",
        assessments.assessment_detail,
        name="assessment_detail",
    ),
    path(
        "assessments/<uuid:public_id>/share/",
        assessments.assessment_share,
        name="assessment_share",
    ),
    path(
        "assessments/<uuid:public_id>/unshare/",
        assessments.assessment_unshare,
        name="assessment_unshare",
    ),
    path(
        "assessments/<uuid:public_id>/delete/",
        assessments.assessment_delete,
        name="assessment_delete",
    ),
    path("check-in/", checkins.checkin_list, name="checkin_list"),
    path(
        "check-in/<uuid:public_id>/delete/", checkins.checkin_delete, name="checkin_delete"
    ),
    path("boundaries/", boundaries.boundary_list, name="boundary_list"),
    path("boundaries/<uuid:public_id>/", boundaries.boundary_detail, name="boundary_detail"),
    path(
        "boundaries/<uuid:public_id>/share/", boundaries.boundary_share, name="boundary_share"
    ),
    path(
        "boundaries/<uuid:public_id>/unshare/",
        boundaries.boundary_unshare,
        name="boundary_unshare",
    ),
    path(
        "boundaries/<uuid:public_id>/delete/",
        boundaries.boundary_delete,
        name="boundary_delete",
    ),
    path("rehearsals/", rehearsals.rehearsal_list, name="rehearsal_list"),
    path("rehearsals/<uuid:public_id>/", rehearsals.rehearsal_edit, name="rehearsal_edit"),
    path(
        "rehearsals/<uuid:public_id>/delete/",
        rehearsals.rehearsal_delete,
        name="rehearsal_delete",
    ),
    path("progress/", progress.progress, name="progress"),
    path("account/", account.account, name="account"),
    path("account/export.json", account.account_export_json, name="account_export_json"),
    path("account/export.md", account.account_export_markdown, name="account_export_md"),
    path("account/nudges/", account.account_nudges, name="account_nudges"),
    path("account/delete/", account.account_delete, name="account_delete"),
    path(
        "account/sign-out-everywhere/",
        account.account_sign_out_everywhere,
        name="account_sign_out_everywhere",
    ),
    path("account/deleted/", account.account_deleted, name="account_deleted"),
    path("safety/", safety.safety_resources, name="safety_resources"),
    path("safety/check-in/", safety.safety_check_in, name="safety_check_in"),
    path("safety/check-ins/", safety.safety_history, name="safety_history"),
    path(
        "safety/check-ins/<uuid:public_id>/delete/",
        safety.safety_check_delete,
        name="safety_check_delete",
    ),
    path(
        "safety/check-ins/delete/",
        safety.safety_checks_delete_all,
        name="safety_checks_delete_all",
    ),
    path("away/", safety.away, name="away"),
    path("admin/", admin.site.urls),
]
