from django.urls import path

from . import fee_staff_views, log_views, portal_views, staff_views, views

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
    path("portal/einsaetze/", portal_views.assignment_list, name="assignment_list"),
    path("portal/einsaetze/<int:pk>/", portal_views.assignment_detail, name="assignment_detail"),
    path("portal/einsaetze/<int:pk>/antwort/", portal_views.assignment_answer, name="assignment_answer"),
    path("portal/einsaetze/<int:pk>/protokoll/", log_views.case_log, name="case_log"),
    path("portal/einsaetze/<int:pk>/abschluss/", log_views.case_complete, name="case_complete"),
    path("portal/eintraege/<int:pk>/", log_views.entry_edit, name="entry_edit"),
    path("belege/<int:pk>/", log_views.receipt, name="receipt"),
    path("portal/abrechnungen/erstellen/", log_views.claim_prepare, name="claim_prepare"),
    path("portal/abrechnungen/<int:pk>/", log_views.claim_detail, name="claim_detail"),
    path("portal/abrechnungen/<int:pk>/einreichen/", log_views.claim_submit, name="claim_submit"),
    path("abrechnungen/<int:pk>/pdf/", log_views.claim_pdf_view, name="claim_pdf"),
    path("portal/bankverbindung/", log_views.bank_account, name="bank_account"),
    path("anfrage/<uuid:public_id>/rueckmeldung/", views.request_feedback, name="request_feedback"),
    path("team/freigaben/", fee_staff_views.queue, name="staff_queue"),
    path("team/eintraege/<int:pk>/pruefen/", fee_staff_views.entry_review, name="staff_entry_review"),
    path("team/abrechnungen/<int:pk>/", fee_staff_views.claim, name="staff_claim"),
    path("team/abrechnungen/<int:pk>/aktion/", fee_staff_views.claim_action, name="staff_claim_action"),
    path(
        "team/abrechnungen/<int:pk>/export.<str:fmt>",
        fee_staff_views.claim_export,
        name="staff_claim_export",
    ),
    path("team/rueckmeldungen/", fee_staff_views.feedback_list, name="staff_feedback"),
    path("team/zahlen/", fee_staff_views.figures, name="staff_figures"),
]
