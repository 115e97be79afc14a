"""Every test of the instruments runs on one frozen day: the application data (e.g. the
Neo Nomad's six income months) is built for that day, and a real clock would move the
months on at midnight in Almaty (19:00 UTC)."""

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
import time_machine

FROZEN_AT = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def frozen_day() -> Iterator[None]:
    with time_machine.travel(FROZEN_AT, tick=True):
        yield
