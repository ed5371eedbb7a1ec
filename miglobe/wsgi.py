import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import reverse

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "miglobe.settings.production")

application = get_wsgi_application()

# A worker keeps the loaded project (about 150,000 objects: modules, models, the URLconf with every view) for
# its whole life, yet each full garbage collection walked all of it: 150–200 ms once every 50 requests or so
# on the portal pages, a few milliseconds a request on average (issue #13). Frozen objects are left out.
reverse("core:home")  # loads the URLconf and the view modules now, so that they are frozen too
gc.freeze()
