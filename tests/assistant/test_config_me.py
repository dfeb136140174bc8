"""`[mail] me`: the user's own addresses and names, from the file or the environment, checked."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.config import as_dict, load_config
from assistant.errors import ConfigError


def test_me_is_empty_by_default(tmp_path: Path) -> None:
    assert load_config({"ASSISTANT_HOME": str(tmp_path)}).mail.me == ()


def test_me_from_the_file_and_the_environment(tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text('[mail]\nme = ["jan@x.org", "Jan Brenner", "林晓雨"]\n')
    config = load_config({"ASSISTANT_HOME": str(tmp_path)})
    assert config.mail.me == ("jan@x.org", "Jan Brenner", "林晓雨")
    assert as_dict(config)["mail"] == {"me": ("jan@x.org", "Jan Brenner", "林晓雨")}
    env = {
        "ASSISTANT_HOME": str(tmp_path),
        "ASSISTANT_MAIL_ME": "jan@x.org, j.brenner@work.example",
    }
    assert load_config(env).mail.me == ("jan@x.org", "j.brenner@work.example")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[mail]\nme = 5\n", "mail.me must be a list of strings"),
        ('[mail]\nme = ["j"]\n', "mail.me entry 'j' is out of range; allowed: an address or name"),
        (f'[mail]\nme = ["{"x" * 201}"]\n', "of 2 to 200 characters"),
        ("[mail]\nme = [" + ", ".join(f'"a{i}@x.org"' for i in range(51)) + "]\n", "at most 50"),
        ('[mail]\nmy = ["jan@x.org"]\n', "unknown setting(s) in [mail]"),
    ],
)
def test_bad_me_is_one_clear_error(tmp_path: Path, text: str, message: str) -> None:
    (tmp_path / "config.toml").write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match="mail") as raised:
        load_config({"ASSISTANT_HOME": str(tmp_path)})
    assert message in str(raised.value)
