from django.urls import path

from einclusie.operation import views_assessment, views_plan, views_programme, views_toolkit

app_name = "operation"

urlpatterns = [
    path("werk/werking/", views_assessment.home, name="home"),
    path("werk/werking/zelfevaluatie/starten/", views_assessment.assessment_start, name="assessment_start"),
    path(
        "werk/werking/zelfevaluatie/<int:assessment_id>/", views_assessment.assessment_result, name="assessment_result"
    ),
    path(
        "werk/werking/zelfevaluatie/<int:assessment_id>/invullen/",
        views_assessment.assessment_edit,
        name="assessment_edit",
    ),
    path(
        "werk/werking/zelfevaluatie/<int:assessment_id>/afronden/",
        views_assessment.assessment_complete,
        name="assessment_complete",
    ),
    path("werk/werking/partners/", views_plan.partners, name="partners"),
    path("werk/werking/partners/nieuw/", views_plan.partner_edit, name="partner_create"),
    path("werk/werking/partners/<int:partner_id>/bewerken/", views_plan.partner_edit, name="partner_edit"),
    path("werk/werking/partners/<int:partner_id>/beeindigen/", views_plan.partner_end, name="partner_end"),
    path("werk/werking/actieplan/nieuw/", views_plan.plan_edit, name="plan_create"),
    path("werk/werking/actieplan/<int:plan_id>/", views_plan.plan_detail, name="plan_detail"),
    path("werk/werking/actieplan/<int:plan_id>/bewerken/", views_plan.plan_edit, name="plan_edit"),
    path("werk/werking/actieplan/<int:plan_id>/actieplan.pdf", views_plan.plan_pdf, name="plan_pdf"),
    path("werk/werking/actieplan/<int:plan_id>/acties/nieuw/", views_plan.plan_action_edit, name="plan_action_create"),
    path(
        "werk/werking/actieplan/<int:plan_id>/acties/<int:plan_action_id>/bewerken/",
        views_plan.plan_action_edit,
        name="plan_action_edit",
    ),
    path(
        "werk/werking/actieplan/<int:plan_id>/uit-zelfevaluatie/",
        views_plan.plan_from_assessment,
        name="plan_from_assessment",
    ),
    path("programma/werking/", views_programme.programme_status, name="programme_status"),
    path("programma/werking/doelstelling/", views_programme.goal_edit, name="goal_edit"),
    path("toolkit/", views_toolkit.toolkit, name="toolkit"),
    path("toolkit/bestanden/<int:toolkit_file_id>/", views_toolkit.toolkit_file, name="toolkit_file"),
    path(
        "programma/toolkit/<int:toolkit_item_id>/bestanden/nieuw/",
        views_toolkit.toolkit_file_add,
        name="toolkit_file_add",
    ),
    path(
        "programma/toolkit/bestanden/<int:toolkit_file_id>/verwijderen/",
        views_toolkit.toolkit_file_remove,
        name="toolkit_file_remove",
    ),
    path("toolkit/<int:toolkit_item_id>/", views_toolkit.toolkit_item, name="toolkit_item"),
    path("toolkit/<int:toolkit_item_id>/gebruikt/", views_toolkit.toolkit_use, name="toolkit_use"),
    path("programma/toolkit/nieuw/", views_toolkit.toolkit_item_edit, name="toolkit_item_create"),
    path(
        "programma/toolkit/<int:toolkit_item_id>/bewerken/", views_toolkit.toolkit_item_edit, name="toolkit_item_edit"
    ),
]
