from django.urls import path

from . import views

app_name = "consultations"

urlpatterns = [
    path("anfragen/", views.request_start, name="request_start"),
]
