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


def advisor_data(advisor) -> dict:
    """Everything the pool holds about an advisor, as they may read it (Art. 15 DSGVO)."""
    return {
        "exported_at": _moment(timezone.now()),
        "call": advisor.call.title,
        "status": advisor.status,
        "status_label": str(advisor.get_status_display()),
        "first_name": advisor.first_name,
        "last_name": advisor.last_name,
        "email": advisor.email,
        "phone": advisor.phone,
        "language": advisor.language,
        "username": advisor.user.username if advisor.user_id else None,
        "last_login": _moment(advisor.user.last_login) if advisor.user_id else None,
        "topics": [str(topic) for topic in advisor.topics.all()],
        "languages": [{"name": lang.name, "level": lang.level} for lang in advisor.languages.all()],
        "expertise_regions": advisor.expertise_regions,
        "home_region": advisor.home_region,
        "availability_days": advisor.availability_days,
        "absences": [{"from": a.starts_on.isoformat(), "to": a.ends_on.isoformat()} for a in advisor.absences.all()],
        "bio": advisor.bio,
        "bio_en": advisor.bio_en,
        "photo": "foto.jpg" if advisor.photo else None,
        "public_directory": {
            "listed": advisor.public_listing,
            **{name: getattr(advisor, f"public_{name}") for name in advisor.DIRECTORY_FIELDS},
        },
        "membership": {
            "joined_at": _moment(advisor.joined_at),
            "qualified_at": _moment(advisor.qualified_at),
            "left_at": _moment(advisor.left_at),
            "leave_reason": advisor.leave_reason,
            "pauses": [
                {"from": p.starts_on.isoformat(), "to": p.ends_on.isoformat() if p.ends_on else None}
                for p in advisor.pauses.all()
            ],
            "status_history": [
                {"from": c.from_status, "to": c.to_status, "at": _moment(c.changed_at), "reason": c.reason}
                for c in advisor.status_changes.all()
            ],
        },
        "invitation": {
            "sent_at": _moment(advisor.invitation_sent_at),
            "accepted_at": _moment(advisor.invitation_accepted_at),
        },
        "last_activity_at": _moment(advisor.last_activity_at),
        "application": personal_data(advisor.application) if advisor.application_id else None,
        "emails": [
            {"subject": message.subject, "created_at": _moment(message.created_at), "status": message.status}
            for message in OutboxMessage.objects.for_object(advisor).order_by("created_at")
        ],
    }


def advisor_data_zip(advisor) -> bytes:
    """A ZIP with daten.json, the photo and, if the advisor came from an application, its CV."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("daten.json", json.dumps(advisor_data(advisor), ensure_ascii=False, indent=2))
        if advisor.photo:
            with advisor.photo.open("rb") as photo:
                archive.writestr("foto.jpg", photo.read())
        application = advisor.application
        if application is not None and application.cv:
            with application.cv.open("rb") as cv:
                archive.writestr(f"lebenslauf/{application.cv_original_name or 'lebenslauf'}", cv.read())
    return buffer.getvalue()
