from django.urls import path

from einclusie.contacts import views, views_spreadsheets

app_name = "contacts"

urlpatterns = [
    path("werk/contacten/", views.log, name="log"),
    path("werk/contacten/zoals-vorige/", views.repeat, name="repeat"),
    path("werk/contacten/ongedaan-maken/", views.undo, name="undo"),
    path("werk/contacten/overzicht/", views.summary, name="summary"),
    path("werk/contacten/importeren/", views_spreadsheets.import_view, name="import"),
    path("werk/contacten/importeren/bevestigen/", views_spreadsheets.import_confirm, name="import_confirm"),
    path("werk/contacten/importeren/sjabloon/", views_spreadsheets.import_template, name="import_template"),
    path("werk/contacten/exporteren/", views_spreadsheets.export, name="export"),
]
