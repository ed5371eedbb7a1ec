from django.shortcuts import render


def call_list(request):
    return render(request, "pool/call_list.html")
