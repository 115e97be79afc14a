"""``kosh settlement …``: the persons placed and support granted by region and year beside
the official quotas."""

import typer

from kosh.cli import _django

settlement_app = typer.Typer(help="Kandas and resettlers.", no_args_is_help=True)


@settlement_app.command("report")
def report(year: int) -> None:
    """Persons placed, families and support by programme and settlement region in YEAR,
    beside the official regional quota."""
    _django()
    from kosh.access.policy import system_actor
    from kosh.settlement.selectors import settlement_report

    typer.echo("programme\tregion\tquota\tpersons\tfamilies\tsupport_kzt")
    for r in settlement_report(actor=system_actor(), year=year):
        typer.echo(f"{r.programme}\t{r.region_name}\t{'' if r.quota is None else r.quota}\t"
                   f"{r.persons}\t{r.families}\t{r.support_kzt}")
