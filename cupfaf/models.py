"""The audit trail: one table every app writes to, append-only in the database itself."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditEntryQuerySet(models.QuerySet):
    def delete(self):
        raise PermissionError("The audit trail cannot be deleted.")

    def update(self, **kwargs):
        raise PermissionError("The audit trail cannot be changed.")


class AuditEntry(models.Model):
    """Who changed what, when, through what, and every changed field before and after. Append-only:
    the application refuses to change or delete an entry, and so does a trigger in the database
    (migration cupfaf 0002), for raw SQL too."""

    created_at = models.DateTimeField(_("date"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("par")
    )
    actor_label = models.CharField(
        _("auteur"), max_length=150, help_text=_("Le nom de l'utilisateur, ou la commande qui a agi.")
    )
    via = models.CharField(
        _("par le biais de"),
        max_length=80,
        blank=True,
        help_text=_("L'administration, l'API (et le jeton utilisé), un formulaire ou une commande."),
    )
    action = models.CharField(_("action"), max_length=60, db_index=True)
    content_type = models.ForeignKey(ContentType, models.PROTECT, related_name="+", verbose_name=_("type d'objet"))
    object_id = models.CharField(_("identifiant de l'objet"), max_length=40)
    subject = GenericForeignKey("content_type", "object_id")
    object_repr = models.CharField(_("objet"), max_length=200)
    data = models.JSONField(_("détails"), default=dict, blank=True, encoder=DjangoJSONEncoder)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("entrée du journal")
        verbose_name_plural = _("entrées du journal")
        indexes = [models.Index(fields=["content_type", "object_id"], name="audit_subject_idx")]

    def __str__(self):
        return (
            f"{timezone.localtime(self.created_at):%Y-%m-%d %H:%M} {self.actor_label}: {self.action} {self.object_repr}"
        )

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("The audit trail cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("The audit trail cannot be deleted.")
