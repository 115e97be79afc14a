"""The audit log's hash chain (prev_hash, hash, the chain head), refusal reasons, and the
``verify`` action. Existing events are chained in 0005, after which prev_hash is unique."""

import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('access', '0003_audit_download_action'),
    ]

    operations = [
        migrations.CreateModel(
            name='AuditChainHead',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('hash', models.CharField(max_length=64)),
                ('event_id', models.BigIntegerField(null=True)),
            ],
        ),
        migrations.AddField(
            model_name='auditevent',
            name='hash',
            field=models.CharField(default='', editable=False, max_length=64, verbose_name='hash'),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name='auditevent',
            name='prev_hash',
            field=models.CharField(default='', editable=False, max_length=64),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name='auditevent',
            name='reason',
            field=models.CharField(blank=True, choices=[('out_of_scope', "outside the user's scope"), ('missing_capability', 'role lacks the capability'), ('locked', 'sign-in locked')], max_length=20, verbose_name='reason'),
        ),
        migrations.AlterField(
            model_name='auditevent',
            name='action',
            field=models.CharField(choices=[('read', 'read'), ('read_sensitive', 'read sensitive history'), ('search', 'search'), ('create', 'create'), ('update', 'update'), ('delete', 'delete'), ('import', 'import'), ('denied', 'access denied'), ('download', 'download'), ('verify', 'verify the log')], max_length=16, verbose_name='action'),
        ),
        migrations.AlterField(
            model_name='auditevent',
            name='at',
            field=models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name='time'),
        ),
    ]
