"""Codes people write on paper and in spreadsheets: PREFIX-YEAR-NNNN.

A spreadsheet names an activity or a case by its code, never by a database id
(which differs between servers and says nothing to the reader).  Codes are
assigned on first save, numbered within their prefix and year.
"""

from django.db import IntegrityError, transaction
from django.db.models.functions import Length


def next_code(model, field: str, prefix: str, year: int) -> str:
    stem = f"{prefix}-{year}-"
    # Longest first, then highest: "…-10000" comes after "…-9999".
    last = (model._default_manager.filter(**{f"{field}__startswith": stem})
            .order_by(Length(field).desc(), f"-{field}")
            .values_list(field, flat=True).first())
    tail = last[len(stem):] if last else ""
    return f"{stem}{int(tail) + 1 if tail.isdigit() else 1:04d}"


def save_with_code(instance, field: str, prefix: str, year: int, save, *args, **kwargs):
    """Save `instance`, giving it the next free code if it has none.

    Two saves at once may pick the same number; the unique constraint refuses the
    second, which then takes the following one.
    """
    if getattr(instance, field):
        return save(*args, **kwargs)
    for _attempt in range(5):
        setattr(instance, field, next_code(type(instance), field, prefix, year))
        try:
            with transaction.atomic():
                return save(*args, **kwargs)
        except IntegrityError:
            if type(instance)._default_manager.filter(
                    **{field: getattr(instance, field)}).exclude(pk=instance.pk).exists():
                continue
            setattr(instance, field, "")
            raise
    setattr(instance, field, "")
    raise IntegrityError(f"No se pudo asignar un código libre a {instance._meta.verbose_name}.")
