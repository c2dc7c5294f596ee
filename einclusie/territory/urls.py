from django.urls import path

from einclusie.territory import views

app_name = "territory"

urlpatterns = [
    path("gemeenten/", views.municipality_list, name="municipality_list"),
    path("gemeenten/<str:nis_code>/", views.municipality_detail, name="municipality_detail"),
]
