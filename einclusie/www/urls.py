from django.urls import path

from einclusie.www import views

app_name = "www"

urlpatterns = [
    path("", views.home, name="home"),
    path("over/", views.about, name="about"),
    path("toegankelijkheid/", views.accessibility, name="accessibility"),
    path("privacy/", views.privacy, name="privacy"),
]
