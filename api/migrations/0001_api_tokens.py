"""Expiring, hashed API tokens replace DRF's clear-text ones."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def drop_clear_text_tokens(apps, schema_editor):
    """DRF's authtoken kept keys in clear and never expired: its table goes, keys and all.
    Holders ask for a new token (api.tokens) with their password."""
    connection = schema_editor.connection
    if "authtoken_token" in connection.introspection.table_names():
        schema_editor.execute("DROP TABLE authtoken_token")
        schema_editor.execute("DELETE FROM django_migrations WHERE app = 'authtoken'")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='ApiToken',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('digest', models.CharField(editable=False, max_length=64, unique=True, verbose_name='huella')),
                ('prefix', models.CharField(editable=False, max_length=8, verbose_name='prefijo')),
                ('password_fingerprint', models.CharField(editable=False, max_length=64)),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='emitido el')),
                ('expires_at', models.DateTimeField(verbose_name='vence el')),
                ('last_used_at', models.DateTimeField(blank=True, null=True, verbose_name='último uso')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='usuario')),
            ],
            options={
                'verbose_name': 'token de la API',
                'verbose_name_plural': 'tokens de la API',
                'ordering': ['-created_at'],
                'default_permissions': ('view', 'delete'),
            },
        ),
        migrations.RunPython(drop_clear_text_tokens, migrations.RunPython.noop),
    ]
