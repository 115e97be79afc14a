"""The manifests: every instrument is one folder that registers itself; nothing outside
the folder names it; the what-if bounds come from the manifests."""

from pathlib import Path

from kosh.cases.registry import INSTRUMENTS
from kosh.instruments.manifest import MANIFESTS, whatif_bounds
from kosh.rules.reforms import parameter_get
from kosh.rules.system import INSTRUMENT_RULES, PACKAGES, rule_version
from kosh.whatif.instruments import WHATIF_INSTRUMENTS, WHATIF_PARAMETERS

ROOT = Path(__file__).resolve().parents[2] / "kosh"


def test_every_instrument_folder_registered_its_rules_and_its_instrument():
    folders = {p.parent.name for p in (ROOT / "instruments").glob("*/parameters")}
    # registers with rules of their own (settlement, protection, emigrants) are not instruments
    registers = {"settlement", "protection", "emigrants"}
    assert folders == set(MANIFESTS) == set(INSTRUMENTS) == set(PACKAGES) - registers
    assert set(INSTRUMENT_RULES) == folders
    for code, manifest in MANIFESTS.items():
        assert manifest.parameters == ROOT / "instruments" / code / "parameters"
        assert manifest.instrument is INSTRUMENTS[code]


def test_no_list_of_instruments_outside_their_folders():
    """The app list, the rules and the rule version name no instrument."""
    shared = [ROOT / "instruments" / "apps.py", ROOT / "instruments" / "manifest.py",
              *sorted((ROOT / "rules").glob("*.py")),
              *sorted((ROOT / "rules" / "variables").glob("*.py")),
              *sorted((ROOT / "whatif").glob("*.py"))]
    for path in shared:
        text = path.read_text(encoding="utf-8")
        for code in MANIFESTS:
            assert code not in text, (path, code)
    assert rule_version().startswith("kosh-rules-")


def test_the_whatif_comes_from_the_manifests():
    bounds = whatif_bounds()
    assert set(bounds) == set(WHATIF_PARAMETERS)
    assert set(WHATIF_INSTRUMENTS) == {c for c, m in MANIFESTS.items() if m.whatif_inputs}
    for path, (low, high) in bounds.items():
        parameter_get(path)
        assert high is None or low <= high
