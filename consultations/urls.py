from django.urls import path

from . import portal_views, staff_views, views

app_name = "consultations"

urlpatterns = [
    path("anfragen/", views.request_start, name="request_start"),
    path("kommunen/", views.municipality_search, name="municipality_search"),
    path("anfrage/<uuid:public_id>/", views.request_detail, name="request_detail"),
    path("anfrage/<uuid:public_id>/zurueckziehen/", views.request_withdraw, name="request_withdraw"),
    path("team/anfragen/", staff_views.staff_request_list, name="staff_request_list"),
    path("team/anfragen/<int:pk>/", staff_views.staff_request, name="staff_request"),
    path("team/anfragen/<int:pk>/vorschlagen/", staff_views.staff_propose, name="staff_propose"),
    path("team/anfragen/<int:pk>/stand/", staff_views.staff_move, name="staff_move"),
    path(
        "team/anfragen/<int:pk>/einsaetze/<int:assignment_pk>/zuruecknehmen/",
        staff_views.staff_withdraw_assignment,
        name="staff_withdraw_assignment",
    ),
    path("portal/einsaetze/<int:pk>/", portal_views.assignment_detail, name="assignment_detail"),
    path("portal/einsaetze/<int:pk>/antwort/", portal_views.assignment_answer, name="assignment_answer"),
]
