"""URLs of the letters benchmark's server: the project's, plus the two baselines and the entry
the intake API will use, under ``/bench/``. Only ``letters_bench_settings`` mounts them."""

from __future__ import annotations

import random
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from danvan.letters.choices import Channel
from danvan.letters.services import intake
from danvan.organizations.models import Unit, Ward
from danvan.urls import handler400, handler403, handler404, handler500  # noqa: F401
from danvan.urls import urlpatterns as project_urlpatterns

#: The table the one-INSERT baseline writes to (created by the benchmark, not a model).
PING_TABLE = "letters_bench_ping"
_units: list[tuple[int, str]] = []


def bare(request: HttpRequest) -> HttpResponse:
    """Baseline 1: the whole stack (gunicorn, middleware) and a tiny response."""
    return HttpResponse(b"ok", content_type="text/plain")


@csrf_exempt
def one_insert(request: HttpRequest) -> HttpResponse:
    """Baseline 2: one INSERT, committed, into the database the letters live in."""
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {PING_TABLE} (at, note) VALUES (now(), %s)", ["http"])  # noqa: S608
    return HttpResponse(b"ok", content_type="text/plain")


@csrf_exempt
def api_intake(request: HttpRequest) -> HttpResponse:
    """A letter from a connected system, registered as the intake API will register it:
    ``intake.letter_receive`` with the API channel and the public as the actor."""
    if not _units:
        _units.extend(
            Unit.objects.filter(code__startswith="bench-", ward__isnull=False).values_list(
                "pk", "ward_id"
            )
        )
    unit_id, ward_code = random.choice(_units)
    post: Any = request.POST
    data = intake.LetterInput(
        unit=Unit.objects.get(pk=unit_id),
        channel=Channel.API,
        kind=post.get("kind", "feedback"),
        subject=post.get("subject", ""),
        content=post.get("content", ""),
        ward=Ward.objects.select_related("province").get(pk=ward_code),
        place=post.get("place", ""),
        signers=[
            intake.SignerInput(
                full_name=post.get("full_name", ""),
                phone=post.get("phone", ""),
                address=post.get("address", ""),
            )
        ],
    )
    try:
        result = intake.letter_receive(data=data, actor=AnonymousUser(), request=request)
    except intake.IntakeError as exc:
        return JsonResponse({"problems": [str(p.message) for p in exc.problems]}, status=400)
    return JsonResponse({"tracking_code": result.tracking_code}, status=201)


urlpatterns = [
    path("bench/bare/", bare),
    path("bench/insert/", one_insert),
    path("bench/api-intake/", api_intake),
    *project_urlpatterns,
]
