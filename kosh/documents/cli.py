"""``kosh documents``: the demo signing key pair."""

import os
from pathlib import Path
from typing import Annotated

import typer

documents_app = typer.Typer(help="Issued documents: signing keys.", no_args_is_help=True)


@documents_app.command("keys")
def keys(
    directory: Annotated[Path | None, typer.Option(
        "--dir", help="where to write (default: KOSH_SIGNING_DIR)")] = None,
) -> None:
    """Make the demo key pair and self-signed certificate that sign issued documents where
    no production key is configured (idempotent: existing files are kept)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kosh.settings.demo")
    from django.conf import settings

    from kosh.documents.signing import signing_keys_make

    target = directory or Path(settings.KOSH_SIGNING_DIR)
    made = signing_keys_make(target)
    typer.echo(f"{'created' if made else 'kept'} signing key and certificate in {target}")
