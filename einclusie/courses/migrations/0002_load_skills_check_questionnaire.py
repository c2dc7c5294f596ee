from django.db import migrations


def load(apps, schema_editor):
    from einclusie.courses.skills import skills_check_load

    skills_check_load(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0001_courses_sessions_enrolments_attendance_skills_check"),
    ]

    operations = [
        migrations.RunPython(load, migrations.RunPython.noop),
    ]
