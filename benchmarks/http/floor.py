"""The floor: what bare Django does on this machine with the same middleware, database and server.

One query and a 20-row template, nothing else. Every page's throughput is reported as a ratio to it,
measured alternately in the same run, so the goals hold on any machine and under any background load.
"""

from django.contrib.auth.models import Permission
from django.shortcuts import render


def floor(request):
    rows = list(Permission.objects.order_by("pk").values_list("pk", "codename", "name")[:20])
    return render(request, "bench/floor.html", {"rows": rows})
