from django.urls import path

from einclusie.organisations import views, views_manage

app_name = "organisations"

urlpatterns = [
    path("werk/", views.home, name="home"),
    path("werk/organisatie-kiezen/", views.switch, name="switch"),
    path("werk/leden/", views.members, name="members"),
    path("werk/leden/uitnodigen/", views.invite, name="invite"),
    path("werk/leden/<int:membership_id>/verwijderen/", views.member_remove, name="member_remove"),
    path(
        "werk/uitnodigingen/<int:invitation_id>/intrekken/",
        views.invitation_withdraw,
        name="invitation_withdraw",
    ),
    path("uitnodiging/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("beheer/organisaties/", views_manage.organisation_list, name="manage_list"),
    path("beheer/organisaties/nieuw/", views_manage.organisation_create, name="manage_create"),
    path("beheer/organisaties/<int:organisation_id>/", views_manage.organisation_detail, name="manage_detail"),
    path(
        "beheer/organisaties/<int:organisation_id>/bewerken/",
        views_manage.organisation_edit,
        name="manage_edit",
    ),
    path(
        "beheer/lidmaatschappen/<int:membership_id>/rol/",
        views_manage.membership_change_role,
        name="manage_change_role",
    ),
    path(
        "beheer/lidmaatschappen/<int:membership_id>/verwijderen/",
        views_manage.membership_remove,
        name="manage_remove",
    ),
]
