from django.urls import path

from einclusie.devices import (
    views_connectivity,
    views_inventory,
    views_loans,
    views_public,
    views_rights,
    views_settings,
)

app_name = "devices"

urlpatterns = [
    path("toestel-lenen/", views_public.check_index, name="public_index"),
    path("toestel-lenen/<str:nis_code>/", views_public.check, name="public_check"),
    path("werk/toestellen/", views_inventory.home, name="home"),
    path("werk/toestellen/lijst/", views_inventory.device_list, name="list"),
    path("werk/toestellen/nieuw/", views_inventory.device_create, name="create"),
    path("werk/toestellen/partij/", views_inventory.batch_create, name="batch_create"),
    path("werk/toestellen/partijen/<int:batch_id>/", views_inventory.batch_detail, name="batch"),
    path("werk/toestellen/<int:device_id>/", views_inventory.device_detail, name="detail"),
    path("werk/toestellen/<int:device_id>/bewerken/", views_inventory.device_edit, name="edit"),
    path("werk/toestellen/<int:device_id>/wissen/", views_inventory.wipe, name="wipe"),
    path("werk/toestellen/<int:device_id>/stap/", views_inventory.step, name="step"),
    path("werk/toestellen/<int:device_id>/reserveren/", views_loans.reserve, name="reserve"),
    path("werk/toestellen/<int:device_id>/meegeven/", views_loans.handover, name="handover"),
    path("werk/toestellen/<int:device_id>/overeenkomst.pdf", views_loans.agreement_preview, name="agreement_preview"),
    path("werk/toestellen/wissingen/<int:wipe_id>/certificaat/", views_inventory.certificate, name="certificate"),
    path("werk/toestellen/mensen/", views_loans.beneficiary_list, name="beneficiaries"),
    path("werk/toestellen/mensen/nieuw/", views_loans.beneficiary_form, name="beneficiary_create"),
    path("werk/toestellen/mensen/<int:beneficiary_id>/", views_loans.beneficiary_detail, name="beneficiary"),
    path(
        "werk/toestellen/mensen/<int:beneficiary_id>/bewerken/", views_loans.beneficiary_form, name="beneficiary_edit"
    ),
    path(
        "werk/toestellen/mensen/<int:beneficiary_id>/sociaal-internet/",
        views_loans.social_internet,
        name="social_internet",
    ),
    path("werk/toestellen/mensen/<int:beneficiary_id>/gegevens.json", views_rights.export_json, name="export_json"),
    path("werk/toestellen/mensen/<int:beneficiary_id>/gegevens.pdf", views_rights.export_pdf, name="export_pdf"),
    path("werk/toestellen/mensen/<int:beneficiary_id>/wissen/", views_rights.erase, name="erase"),
    path("werk/toestellen/leningen/", views_loans.loan_list, name="loans"),
    path("werk/toestellen/leningen/herinneren/", views_loans.loans_remind, name="loans_remind"),
    path("werk/toestellen/leningen/<int:loan_id>/", views_loans.loan_detail, name="loan"),
    path("werk/toestellen/leningen/<int:loan_id>/verlengen/", views_loans.loan_extend, name="loan_extend"),
    path("werk/toestellen/leningen/<int:loan_id>/terugbrengen/", views_loans.loan_return, name="loan_return"),
    path("werk/toestellen/leningen/<int:loan_id>/schenken/", views_loans.loan_gift, name="loan_gift"),
    path("werk/toestellen/leningen/<int:loan_id>/herinneren/", views_loans.loan_remind, name="loan_remind"),
    path("werk/toestellen/leningen/<int:loan_id>/annuleren/", views_loans.loan_cancel, name="loan_cancel"),
    path("werk/toestellen/leningen/<int:loan_id>/overeenkomst.pdf", views_loans.agreement, name="agreement"),
    path("werk/toestellen/internet/", views_connectivity.item_list, name="connectivity"),
    path("werk/toestellen/internet/nieuw/", views_connectivity.item_add, name="connectivity_add"),
    path("werk/toestellen/internet/<int:item_id>/meegeven/", views_connectivity.item_hand_out, name="hand_out"),
    path("werk/toestellen/instellingen/", views_settings.bank_settings, name="settings"),
    path("werk/toestellen/gronden/", views_settings.ground_list, name="grounds"),
    path("werk/toestellen/gronden/nieuw/", views_settings.ground_form, name="ground_create"),
    path("werk/toestellen/gronden/<int:ground_id>/", views_settings.ground_form, name="ground_edit"),
    path("werk/toestellen/cijfers/", views_settings.figures, name="figures"),
]
