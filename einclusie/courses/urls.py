from django.urls import path

from einclusie.courses import views_manage, views_public, views_skills

app_name = "courses"

urlpatterns = [
    path("cursussen/", views_public.course_list, name="public_list"),
    path("cursussen/<uuid:course_uuid>/", views_public.course_detail, name="public_detail"),
    path("cursussen/<uuid:course_uuid>/ingeschreven/", views_public.signed_up, name="signed_up"),
    path("vaardigheden/", views_skills.skills_check, name="skills_check"),
    path("vaardigheden/klaar/", views_skills.skills_done, name="skills_done"),
    path("werk/cursussen/", views_manage.course_list, name="list"),
    path("werk/cursussen/nieuw/", views_manage.course_form, name="create"),
    path("werk/cursussen/<int:course_id>/", views_manage.course_detail, name="detail"),
    path("werk/cursussen/<int:course_id>/bewerken/", views_manage.course_form, name="edit"),
    path("werk/cursussen/<int:course_id>/sessies/", views_manage.sessions, name="sessions"),
    path("werk/cursussen/<int:course_id>/publiceren/", views_manage.publish, name="publish"),
    path("werk/cursussen/<int:course_id>/annuleren/", views_manage.cancel, name="cancel"),
    path("werk/cursussen/<int:course_id>/inschrijven/", views_manage.enrol, name="enrol"),
    path("werk/cursussen/<int:course_id>/aanwezigheid/", views_manage.attendance_list, name="attendance_list"),
    path("werk/cursussen/<int:course_id>/afgerond/", views_manage.completion, name="completion"),
    path("werk/cursussen/<int:course_id>/vaardigheden/", views_skills.skills_results, name="skills_results"),
    path("werk/cursussen/sessies/<int:session_id>/aanwezigheid/", views_manage.attendance, name="attendance"),
    path("werk/cursussen/sessies/<int:session_id>/verwijderen/", views_manage.session_delete, name="session_delete"),
    path(
        "werk/cursussen/inschrijvingen/<int:enrolment_id>/schrappen/",
        views_manage.enrolment_cancel,
        name="enrolment_cancel",
    ),
]
