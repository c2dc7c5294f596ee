from django.urls import path

from einclusie.subsidies import views_apply, views_justify, views_programme, views_public, views_questions, views_review

app_name = "subsidies"

urlpatterns = [
    path("programma/oproepen/", views_programme.call_list, name="call_list"),
    path("programma/oproepen/nieuw/", views_programme.call_edit, name="call_create"),
    path("programma/oproepen/<int:call_id>/", views_programme.call_detail, name="call_detail"),
    path("programma/oproepen/<int:call_id>/bewerken/", views_programme.call_edit, name="call_edit"),
    path("programma/oproepen/<int:call_id>/uitstel/", views_programme.deadline_add, name="deadline_add"),
    path("programma/uitstel/<int:override_id>/verwijderen/", views_programme.deadline_remove, name="deadline_remove"),
    path("programma/oproepen/<int:call_id>/verdeelsleutels/nieuw/", views_programme.key_edit, name="key_create"),
    path("programma/verdeelsleutels/<int:key_id>/", views_programme.key_detail, name="key_detail"),
    path("programma/verdeelsleutels/<int:key_id>/bewerken/", views_programme.key_edit, name="key_edit"),
    path("programma/verdeelsleutels/<int:key_id>/berekenen/", views_programme.key_compute, name="key_compute"),
    path("programma/verdeelsleutels/<int:key_id>/publiceren/", views_programme.key_publish, name="key_publish"),
    path("programma/verdeelsleutels/<int:key_id>/nieuwe-versie/", views_programme.key_copy, name="key_copy"),
    path("programma/verdeelsleutels/<int:key_id>/inlezen/", views_programme.key_import, name="key_import"),
    path("programma/verdeelsleutels/<int:key_id>/vergelijken/", views_programme.key_compare, name="key_compare"),
    path("werk/subsidies/", views_apply.apply_home, name="apply_home"),
    path("werk/subsidies/aanvraag-beginnen/", views_apply.apply_start, name="apply_start"),
    path("werk/aanvragen/<int:application_id>/", views_apply.application_detail, name="application_detail"),
    path("werk/aanvragen/<int:application_id>/gegevens/", views_apply.application_edit, name="application_edit"),
    path("werk/aanvragen/<int:application_id>/acties/nieuw/", views_apply.action_edit, name="action_create"),
    path("werk/aanvragen/<int:application_id>/acties/<int:action_id>/", views_apply.action_edit, name="action_edit"),
    path(
        "werk/aanvragen/<int:application_id>/acties/<int:action_id>/schrappen/",
        views_apply.action_delete,
        name="action_delete",
    ),
    path("werk/aanvragen/<int:application_id>/indienen/", views_apply.application_submit, name="application_submit"),
    path(
        "werk/aanvragen/<int:application_id>/ontvangstbewijs.pdf",
        views_apply.application_receipt,
        name="application_receipt",
    ),
    path("werk/aanvragen/<int:application_id>/besluit.pdf", views_apply.application_letter, name="application_letter"),
    path(
        "werk/aanvragen/<int:application_id>/bankbrief.pdf",
        views_apply.application_bank_letter,
        name="application_bank_letter",
    ),
    path(
        "werk/aanvragen/<int:application_id>/verantwoording/",
        views_justify.justification_detail,
        name="justification_detail",
    ),
    path(
        "werk/aanvragen/<int:application_id>/verantwoording/acties/<int:action_id>/",
        views_justify.report_edit,
        name="report_edit",
    ),
    path(
        "werk/aanvragen/<int:application_id>/verantwoording/uitgaven/nieuw/",
        views_justify.expense_add,
        name="expense_add",
    ),
    path(
        "werk/aanvragen/<int:application_id>/verantwoording/uitgaven/<int:expense_id>/schrappen/",
        views_justify.expense_remove,
        name="expense_remove",
    ),
    path(
        "werk/aanvragen/<int:application_id>/verantwoording/uitgaven/<int:expense_id>/bewijsstuk/",
        views_justify.expense_attachment,
        name="expense_attachment",
    ),
    path(
        "werk/aanvragen/<int:application_id>/verantwoording/vragen/",
        views_questions.answers_edit,
        name="answers_edit",
    ),
    path("programma/oproepen/<int:call_id>/vragen/nieuw/", views_questions.question_edit, name="question_create"),
    path("programma/vragen/<int:question_id>/", views_questions.question_edit, name="question_edit"),
    path("programma/vragen/<int:question_id>/verwijderen/", views_questions.question_remove, name="question_remove"),
    path(
        "werk/aanvragen/<int:application_id>/verantwoording/indienen/",
        views_justify.justification_submit,
        name="justification_submit",
    ),
    path(
        "programma/aanvragen/<int:application_id>/verantwoording/",
        views_justify.review_justification,
        name="review_justification",
    ),
    path(
        "programma/aanvragen/<int:application_id>/verantwoording/beslissen/",
        views_justify.review_justification_decide,
        name="review_justification_decide",
    ),
    path("programma/oproepen/<int:call_id>/aanvragen/", views_review.review_list, name="review_list"),
    path(
        "programma/oproepen/<int:call_id>/aanvragen/goedkeuren/",
        views_review.review_bulk_approve,
        name="review_bulk_approve",
    ),
    path("programma/aanvragen/<int:application_id>/", views_review.review_detail, name="review_detail"),
    path("programma/aanvragen/<int:application_id>/beslissen/", views_review.review_decide, name="review_decide"),
    path("programma/oproepen/<int:call_id>/overzicht/", views_review.call_overview, name="call_overview"),
    path("programma/oproepen/<int:call_id>/schijven/", views_review.tranche_list, name="tranche_list"),
    path("programma/schijven/<int:tranche_id>/betaald/", views_review.tranche_paid, name="tranche_paid"),
    path("subsidies/<slug:slug>/", views_public.call_public, name="call_public"),
    path(
        "subsidies/<slug:slug>/trekkingsrecht/<str:nis_code>/",
        views_public.drawing_right_explained,
        name="drawing_right_explained",
    ),
]
