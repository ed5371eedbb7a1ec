from django.urls import path

from . import views
from .views import advisor, staff

app_name = "seminars"

urlpatterns = [
    path("", views.index, name="index"),
    path("team/", staff.seminar_list, name="seminar_list"),
    path("team/neu/", staff.seminar_create, name="seminar_create"),
    path("team/<int:pk>/", staff.seminar_detail, name="seminar_detail"),
    path("team/<int:pk>/bearbeiten/", staff.seminar_edit, name="seminar_edit"),
    path("team/<int:pk>/einladen/", staff.seminar_invite, name="seminar_invite"),
    path("team/<int:pk>/material/", staff.material_upload, name="material_upload"),
    path("team/<int:pk>/teilnahme/", staff.attendance, name="attendance"),
    path("team/matrix/<int:curriculum_pk>/", staff.matrix, name="matrix"),
    path("team/matrix/<int:curriculum_pk>/nachholung/", staff.catch_up_create, name="catch_up_create"),
    path("meine/", advisor.my_seminars, name="my_seminars"),
    path("meine/<int:pk>/antwort/", advisor.answer, name="answer"),
    path("meine/kalender/erneuern/", advisor.renew_feed, name="renew_feed"),
    path("kalender/<str:token>/seminare.ics", advisor.calendar_feed, name="calendar_feed"),
    path("material/<int:pk>/", advisor.material_download, name="material_download"),
    path("zertifikat/<int:advisor_pk>/", advisor.certificate_download, name="certificate"),
    path("zertifikat/pruefen/", advisor.verify, name="verify"),
]
