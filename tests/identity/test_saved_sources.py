"""Saved answers keep their sources' identity: new snapshots as fields, old ones split once."""

from __future__ import annotations

import json
from pathlib import Path

from assistant.ask.conversations import hit_from_json, hit_to_json
from identity import Locator, LocatorKind
from tests.fakes import make_hit


def test_a_message_source_round_trips_with_its_file_and_locator() -> None:
    locator = Locator(LocatorKind.MESSAGE_ID, "x#msg:y@z")
    hit = make_hit(
        "Die Dielen.",
        source_path="/r#msg:1/box.mbox#msg:x#msg:y@z",
        file_path=Path("/r#msg:1/box.mbox"),
        locator=locator,
        kind="mail",
    )
    assert hit_from_json(hit_to_json(hit)) == hit


def test_a_snapshot_saved_before_the_fields_gets_them_from_its_key() -> None:
    hit = make_hit("Die Dielen.", source_path="/m/box.mbox#msg:#2", kind="mail")
    saved = json.loads(hit_to_json(hit))
    old = {k: v for k, v in saved.items() if k not in ("file_path", "locator")}
    restored = hit_from_json(json.dumps(old))
    assert restored.file_path == Path("/m/box.mbox")
    assert restored.locator == Locator(LocatorKind.MESSAGE_NUMBER, "2")
    assert restored.source_path == "/m/box.mbox#msg:#2"
