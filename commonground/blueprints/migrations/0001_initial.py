# Programme templates, their intakes and deferrals.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('programmes', '0012_contribution_constraints'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='ProgrammeTemplate',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('key', models.SlugField(blank=True, default='', help_text="A shipped template's stable name, so an upgrade replaces it rather than adding another.", max_length=80)),
                ('name', models.CharField(max_length=200)),
                ('description', models.JSONField()),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('saved_from', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='templates_saved', to='programmes.programme')),
                ('system', models.ForeignKey(blank=True, help_text='Empty for a template shipped with Common Ground, which every system may use.', null=True, on_delete=django.db.models.deletion.CASCADE, related_name='programme_templates', to='programmes.system')),
            ],
            options={
                'ordering': ['name', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='Intake',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('started_at', models.DateTimeField(auto_now_add=True)),
                ('programme', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='intake', to='programmes.programme')),
                ('started_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('template', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='intakes', to='blueprints.programmetemplate')),
            ],
            options={
                'ordering': ['template', 'programme__starts_on'],
            },
        ),
        migrations.CreateModel(
            name='Deferral',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('from_cohort_name', models.CharField(blank=True, max_length=200)),
                ('to_cohort_name', models.CharField(blank=True, max_length=200)),
                ('reason', models.CharField(blank=True, help_text='In a few words, without health details: it is kept with the record.', max_length=300)),
                ('at', models.DateTimeField(auto_now_add=True)),
                ('by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('from_programme', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='deferrals_out', to='programmes.programme')),
                ('person', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='deferrals', to=settings.AUTH_USER_MODEL)),
                ('to_programme', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='deferrals_in', to='programmes.programme')),
            ],
            options={
                'ordering': ['-at', '-pk'],
                'constraints': [models.UniqueConstraint(fields=('person', 'from_programme'), name='one_deferral_per_programme')],
            },
        ),
        migrations.AddConstraint(
            model_name='programmetemplate',
            constraint=models.UniqueConstraint(condition=models.Q(('key', ''), _negated=True), fields=('key',), name='one_shipped_template_per_key'),
        ),
        migrations.AddConstraint(
            model_name='programmetemplate',
            constraint=models.UniqueConstraint(condition=models.Q(('system__isnull', False)), fields=('system', 'name'), name='template_name_unique_in_system'),
        ),
    ]
