from django.urls import path

from . import views

app_name = "pool"

urlpatterns = [
    path("ausschreibungen/", views.call_list, name="call_list"),
]
