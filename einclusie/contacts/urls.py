from django.urls import path

from einclusie.contacts import views

app_name = "contacts"

urlpatterns = [
    path("werk/contacten/", views.log, name="log"),
    path("werk/contacten/zoals-vorige/", views.repeat, name="repeat"),
    path("werk/contacten/ongedaan-maken/", views.undo, name="undo"),
    path("werk/contacten/overzicht/", views.summary, name="summary"),
]
