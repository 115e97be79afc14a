"""The ``kosh`` command line for administrators and scripts.

``kosh iin NUMBER`` needs no database; the other commands use Django's settings
(``DJANGO_SETTINGS_MODULE``, by default the SQLite demo)."""

import os

import typer

app = typer.Typer(help="Kosh — the migration information system.", no_args_is_help=True)


def _settings_option(args: list[str]) -> str | None:
    """The value of ``--settings MODULE`` or ``--settings=MODULE`` among ``args``, if any."""
    for i, arg in enumerate(args):
        if arg.startswith("--settings="):
            return arg.split("=", 1)[1]
        if arg == "--settings" and i + 1 < len(args):
            return args[i + 1]
    return None


def _django(settings_module: str | None = None) -> None:
    """Set Django up with ``settings_module``, else ``DJANGO_SETTINGS_MODULE``, else the
    demo settings (Django reads its settings once, so the choice is made before setup)."""
    if settings_module:
        os.environ["DJANGO_SETTINGS_MODULE"] = settings_module
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kosh.settings.demo")
    import django
    from django.core.exceptions import ImproperlyConfigured

    try:
        django.setup()
    except ImproperlyConfigured as err:  # e.g. production settings without a good secret
        typer.echo(f"{os.environ['DJANGO_SETTINGS_MODULE']}: {err}", err=True)
        raise typer.Exit(1) from err


@app.command()
def iin(number: str) -> None:
    """Check an IIN (or BIN): print what it encodes and exit 0, or what is wrong and exit 1."""
    from kosh.identity.identifiers import BINInfo, IdentifierError, identifier_parse

    try:
        info = identifier_parse(number.strip())
    except IdentifierError as err:
        typer.echo(f"{number}: invalid — {err.message}")
        raise typer.Exit(1) from err
    if isinstance(info, BINInfo):
        year, month = info.registered
        typer.echo(
            f"{number}: valid BIN — registered {year}-{month:02d}, "
            f"{info.entity_type.replace('_', ' ')}, {info.attribute.replace('_', ' ')}"
        )
    else:
        sex = "male" if info.sex == "M" else "female"
        typer.echo(f"{number}: valid IIN — born {info.birth_date.isoformat()}, {sex}")


@app.command("load-reference")
def load_reference() -> None:
    """Load regions, districts, settlements (KATO), countries and ISCO-08 (idempotent)."""
    _django()
    from kosh.geo.loading import geo_load
    from kosh.occupations.loading import occupations_load

    counts = geo_load() | {"occupations": occupations_load()}
    typer.echo(", ".join(f"{k}: {v}" for k, v in counts.items()))


@app.command("manage", context_settings={"allow_extra_args": True,
                                          "ignore_unknown_options": True})
def manage(ctx: typer.Context) -> None:
    """Run a Django management command, e.g. ``kosh manage migrate``; ``--settings=MODULE``
    chooses the settings as with ``manage.py``."""
    _django(_settings_option(ctx.args))
    from django.core.management import execute_from_command_line

    execute_from_command_line(["kosh manage", *ctx.args])


@app.command("demo-data")
def demo_data(persons: int = 300, seed: int = 7) -> None:
    """Create the demo logins and demo persons, then print the logins."""
    _django()
    from kosh.synth.demo import DEMO_LOGINS, DEMO_PASSWORD, demo_load

    counts = demo_load(persons=persons, seed=seed)
    typer.echo(f"demo data: {counts['persons']} persons, {counts['users']} logins")
    typer.echo(f"\nDemo logins (password for all: {DEMO_PASSWORD}) at http://127.0.0.1:8000/")
    for login in DEMO_LOGINS:
        typer.echo(f"  {login.username:<10} {login.role.label!s:<32} sees: {login.scope}")


from kosh.synth.nation.cli import synth_app  # noqa: E402 - after the commands above

app.add_typer(synth_app, name="synth")

from kosh.documents.cli import documents_app  # noqa: E402

app.add_typer(documents_app, name="documents")

from kosh.ratings.cli import ratings_app  # noqa: E402

app.add_typer(ratings_app, name="ratings")

token_app = typer.Typer(help="API tokens for the REST API (/api/docs).", no_args_is_help=True)
app.add_typer(token_app, name="token")


@token_app.command("create")
def token_create(
    username: str, name: str = typer.Option("cli", help="what the token is for")
) -> None:
    """Issue a bearer token for USERNAME and print it; it is shown only this once."""
    _django()
    from django.contrib.auth import get_user_model

    from kosh.access.models import ApiToken

    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None:
        typer.echo(f"no active user {username!r}", err=True)
        raise typer.Exit(1)
    _, raw = ApiToken.issue(user=user, name=name)
    typer.echo(raw)

audit_app = typer.Typer(help="The audit log.", no_args_is_help=True)
app.add_typer(audit_app, name="audit")


@audit_app.command("verify")
def audit_verify() -> None:
    """Walk the audit log's hash chain: exit 0 printing the number of events and the last
    hash, or exit 1 naming the first event whose hash or link does not match. The check
    itself is recorded in the log (action ``verify``). Run nightly (deploy/)."""
    _django()
    from kosh.access import audit
    from kosh.access.policy import system_actor

    check = audit.audit_verify(actor=system_actor())
    if not check.intact:
        typer.echo(f"audit log broken at event {check.broken_at}: {check.problem} "
                   f"({check.count} events intact before it)", err=True)
        raise typer.Exit(1)
    typer.echo(f"audit log intact: {check.count} events, last hash {check.last_hash}")

from kosh.quotas.cli import quotas_app  # noqa: E402

app.add_typer(quotas_app, name="quotas")

from kosh.forecast.cli import forecast_app  # noqa: E402

app.add_typer(forecast_app, name="forecast")
from kosh.settlement.cli import settlement_app  # noqa: E402

app.add_typer(settlement_app, name="settlement")
from kosh.labour.cli import labour_app  # noqa: E402

app.add_typer(labour_app, name="labour")
from kosh.monitoring.cli import monitoring_app  # noqa: E402

app.add_typer(monitoring_app, name="monitoring")
from kosh.linkage.cli import link_app  # noqa: E402

app.add_typer(link_app, name="link")
