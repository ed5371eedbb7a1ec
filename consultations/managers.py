from django.db import models
from django.db.models import Q

from .choices import UNINCORPORATED_TYPES, Level


class MunicipalityQuerySet(models.QuerySet):
    def gemeinden(self):
        """Gemeinden in the proper sense: Satzart 60 without the gemeindefreie Gebiete."""
        return self.filter(level=Level.GEMEINDE).exclude(area_type__in=UNINCORPORATED_TYPES)

    def requestable(self):
        """Who may file a request: current Gemeinden, Städte and Kreise."""
        return self.filter(in_directory=True).filter(
            Q(level=Level.KREIS) | Q(level=Level.GEMEINDE) & ~Q(area_type__in=UNINCORPORATED_TYPES)
        )

    def search(self, text: str):
        """By AGS/Kreisschlüssel prefix or by a part of the name, case-insensitive."""
        text = (text or "").strip()
        if not text:
            return self.none()
        if text.isdigit():
            return self.filter(key__startswith=text)
        return self.filter(name__icontains=text)
