""" "Download my data": everything the applicant gave us and what happened to it, as JSON plus the CV file."""

import io
import json
import zipfile

from django.utils import timezone

from miglobe.core.models import OutboxMessage


def _moment(value):
    return timezone.localtime(value).isoformat() if value else None


def personal_data(application) -> dict:
    """The application as the person sees it, including the special-category data (it is their own)."""
    return {
        "exported_at": _moment(timezone.now()),
        "call": {"title": application.call.title, "address": application.call.get_absolute_url()},
        "reference": application.reference,
        "status": application.status,
        "status_label": str(application.get_status_display()),
        "language": application.language,
        "first_name": application.first_name,
        "last_name": application.last_name,
        "email": application.email,
        "phone": application.phone,
        "home_region": application.home_region,
        "home_region_label": str(application.get_home_region_display()) if application.home_region else "",
        "languages": [
            {"name": lang.name, "level": lang.level, "level_label": str(lang.get_level_display())}
            for lang in application.languages.all()
        ],
        "topics": [str(topic) for topic in application.topics.all()],
        "expertise_regions": application.expertise_regions,
        "engagement": application.engagement,
        "municipal_experience": application.municipal_experience,
        "motivation": application.motivation,
        "availability_days": application.availability_days,
        "migration_background": application.migration_background,
        "cv": {"file_name": application.cv_original_name} if application.cv else None,
        "consents": {
            "privacy": _moment(application.privacy_consent_at),
            "special_category": _moment(application.special_category_consent_at),
            "reserve_list": _moment(application.reserve_consent_at),
            "reserve_list_until": _moment(application.reserve_until),
        },
        "created_at": _moment(application.created_at),
        "updated_at": _moment(application.updated_at),
        "submitted_at": _moment(application.submitted_at),
        "decided_at": _moment(application.decided_at),
        "status_history": [
            {"from": change.from_status, "to": change.to_status, "at": _moment(change.changed_at)}
            for change in application.status_changes.all()
        ],
        "emails": [
            {"subject": message.subject, "created_at": _moment(message.created_at), "status": message.status}
            for message in OutboxMessage.objects.for_object(application).order_by("created_at")
        ],
    }


def personal_data_zip(application) -> bytes:
    """A ZIP with data.json and, if there is one, the CV under its original (display) name."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", json.dumps(personal_data(application), ensure_ascii=False, indent=2))
        if application.cv:
            with application.cv.open("rb") as cv:
                archive.writestr(f"lebenslauf/{application.cv_original_name or 'lebenslauf'}", cv.read())
    return buffer.getvalue()
