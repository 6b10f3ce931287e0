"""The roles of the cup as groups with their permissions (cupfaf.roles.ROLES)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def create_roles(apps, schema_editor):
    from cupfaf.roles import sync_roles

    # Permissions are normally created after every migration has run: create them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    sync_roles(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"), missing_ok=True)


class Migration(migrations.Migration):
    dependencies = [
        ("cupfaf", "0002_audit_append_only"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("clubs", "0001_initial"),
        ("competitions", "0005_permissions"),
        ("matches", "0004_permissions"),
        ("sanctions", "0002_permissions"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
