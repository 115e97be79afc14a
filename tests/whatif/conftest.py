import pytest


@pytest.fixture(autouse=True)
def _no_population_warm_up(settings):
    """Opening the page would generate 1,000,000 applicants in the background."""
    settings.WHATIF_WARM_POPULATION = 0
