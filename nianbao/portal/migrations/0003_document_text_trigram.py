"""PostgreSQL only: a trigram index on the upper-cased document text, which is what Django's
`icontains` compares (UPPER(text) LIKE UPPER('%word%')), so the public search reads the index
instead of every report's text. Nothing on SQLite."""

from django.db import migrations

INDEX = "portal_doctext_trgm"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON portal_publisheddocumenttext "
        "USING gin (UPPER(text) gin_trgm_ops)"
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("portal", "0002_published_document_text")]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
