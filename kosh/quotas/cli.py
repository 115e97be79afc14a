"""``kosh quotas …``: load the published kandas and resettler quotas, propose the baseline
quotas of a year, release expired reservations, print the balances."""

from datetime import date

import typer

from kosh.cli import _django

quotas_app = typer.Typer(help="Quota sets and the quota ledger.", no_args_is_help=True)


@quotas_app.command("load")
def load() -> None:
    """Load the regional kandas and resettler quotas 2022–2026 as published versions
    (idempotent, all or nothing)."""
    _django()
    from kosh.access.policy import system_actor
    from kosh.quotas.loading import quotas_load

    typer.echo(f"quota versions added: {quotas_load(actor=system_actor())}")


@quotas_app.command("propose-baseline")
def propose_baseline(
    year: int,
    on: str = typer.Option("", help="rates in force on this date (YYYY-MM-DD), default 1 January"),
) -> None:
    """Propose the baseline foreign-labour and household-worker quotas of YEAR as drafts."""
    _django()
    from kosh.access.policy import system_actor
    from kosh.errors import DomainError
    from kosh.quotas.baseline import baseline_proposals
    from kosh.quotas.services import quota_set_propose

    when = date.fromisoformat(on) if on else date(year, 1, 1)
    proposals = baseline_proposals(year, when)
    for kind in dict.fromkeys(p.kind for p in proposals):
        try:
            draft = quota_set_propose(actor=system_actor(), year=year, kind=kind,
                                      lines=[p for p in proposals if p.kind == kind],
                                      effective_from=when, source="baseline method")
        except DomainError as err:
            typer.echo(f"{kind}: {err.message}", err=True)
            raise typer.Exit(1) from err
        typer.echo(f"{kind} {year}: draft version {draft.version}, "
                   f"{sum(p.amount for p in proposals if p.kind == kind):,} places")


@quotas_app.command("expire")
def expire() -> None:
    """Return the places of reservations not issued in time (run every few minutes)."""
    _django()
    from kosh.access.policy import system_actor
    from kosh.quotas.services import quota_expire

    typer.echo(f"reservations expired: {quota_expire(actor=system_actor())}")


@quotas_app.command("balance")
def balance(year: int = typer.Option(0, help="only this year")) -> None:
    """Print the remaining balance of every quota line."""
    _django()
    from kosh.access.policy import system_actor
    from kosh.quotas.selectors import quota_balances

    for b in quota_balances(actor=system_actor(), year=year or None):
        typer.echo(f"{b.year} {b.kind:<17} {b.category or '-':<8} {b.region or 'national':<9} "
                   f"v{b.version} {b.remaining:>7,} of {b.amount:,}")
