"""Reading the gettext catalogues (kosh/locale/*/LC_MESSAGES/django.po) for the tests:
each entry's msgid, msgstr and flags, without a .po library."""

import ast
from dataclasses import dataclass, field
from pathlib import Path

LOCALE = Path(__file__).resolve().parents[2] / "kosh" / "locale"


@dataclass
class Entry:
    """One message of a catalogue: the English source, its translation(s), its flags."""

    msgid: str = ""
    msgid_plural: str = ""
    msgstr: list[str] = field(default_factory=list)
    flags: set[str] = field(default_factory=set)
    context: str = ""


def catalogue(language: str) -> list[Entry]:
    """The entries of ``language``'s django.po, the header entry left out."""
    entries: list[Entry] = []
    entry, target = Entry(), None
    lines = (LOCALE / language / "LC_MESSAGES" / "django.po").read_text().splitlines()
    for line in [*lines, ""]:
        line = line.strip()
        if not line:
            if entry.msgid or entry.msgstr:
                entries.append(entry)
            entry, target = Entry(), None
        elif line.startswith("#,"):
            entry.flags |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            text = ast.literal_eval(line)
            if target == "msgstr":
                entry.msgstr[-1] += text
            else:
                setattr(entry, target, getattr(entry, target) + text)
        else:
            keyword, _, value = line.partition(" ")
            text = ast.literal_eval(value)
            if keyword.startswith("msgstr"):
                entry.msgstr.append(text)
                target = "msgstr"
            else:
                target = {"msgid": "msgid", "msgid_plural": "msgid_plural",
                          "msgctxt": "context"}[keyword]
                setattr(entry, target, text)
    return [e for e in entries if e.msgid]
