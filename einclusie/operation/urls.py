from django.urls import path

from einclusie.operation import views_assessment, views_toolkit

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
    path("toolkit/", views_toolkit.toolkit, name="toolkit"),
    path("toolkit/<int:toolkit_item_id>/", views_toolkit.toolkit_item, name="toolkit_item"),
    path("toolkit/<int:toolkit_item_id>/gebruikt/", views_toolkit.toolkit_use, name="toolkit_use"),
    path("programma/toolkit/nieuw/", views_toolkit.toolkit_item_edit, name="toolkit_item_create"),
    path(
        "programma/toolkit/<int:toolkit_item_id>/bewerken/", views_toolkit.toolkit_item_edit, name="toolkit_item_edit"
    ),
]
