from django.shortcuts import render


def request_start(request):
    return render(request, "consultations/request_start.html")
