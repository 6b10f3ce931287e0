"""The audit trail moves from `competitions` to `cupfaf`, where every app may use it: the model
changes app in Django's state only; its table is renamed by 0002."""

import django.core.serializers.json
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("competitions", "0003_draws"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="AuditEntry",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("created_at", models.DateTimeField(auto_now_add=True, db_index=True, verbose_name="date")),
                        (
                            "actor_label",
                            models.CharField(
                                help_text="Le nom de l'utilisateur, ou la commande qui a agi.",
                                max_length=150,
                                verbose_name="auteur",
                            ),
                        ),
                        ("action", models.CharField(db_index=True, max_length=60, verbose_name="action")),
                        ("object_id", models.CharField(max_length=40, verbose_name="identifiant de l'objet")),
                        ("object_repr", models.CharField(max_length=200, verbose_name="objet")),
                        (
                            "data",
                            models.JSONField(
                                blank=True,
                                default=dict,
                                encoder=django.core.serializers.json.DjangoJSONEncoder,
                                verbose_name="détails",
                            ),
                        ),
                        (
                            "actor",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="par",
                            ),
                        ),
                        (
                            "content_type",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="contenttypes.contenttype",
                                verbose_name="type d'objet",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "entrée du journal",
                        "verbose_name_plural": "entrées du journal",
                        "ordering": ["-created_at", "-id"],
                        "indexes": [models.Index(fields=["content_type", "object_id"], name="audit_subject_idx")],
                        "db_table": "competitions_auditentry",
                    },
                )
            ],
            database_operations=[],
        )
    ]
