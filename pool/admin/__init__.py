"""The pool in the Django admin, one module per room. The workflows themselves are views in `pool.staff`."""

from . import advisors, applications, calls, duplicates, email_kinds, erasure  # noqa: F401  (each registers its admin)
