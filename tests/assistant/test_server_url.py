"""`generator.backend` and `generator.url`: typed, validated, and kept on this machine or the LAN.

Every refusal is one line naming the key, the value and what is allowed; a host name is never
looked up while the config is read (the lookup belongs to the first answer, see
assistant/server_url.py).
"""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from assistant.config import load_config
from assistant.errors import ConfigError
from assistant.server_url import is_lan, parse_server_url

LAN = [
    "http://127.0.0.1:8080",
    "http://127.8.9.10:8000",
    "http://10.1.2.3:8080",
    "http://172.16.0.1:8080",
    "http://172.31.255.254:8080",
    "http://192.168.1.20:8080",
    "http://169.254.10.20:8080",
    "http://100.64.0.1:8080",
    "http://100.127.255.254:8080",
    "http://[::1]:8080",
    "http://[fd12:3456::1]:8080",
    "http://[fe80::1]:8080",
    "http://[::ffff:192.168.1.2]:8080",
    "http://192.168.1.20:8080/",
    "http://192.168.1.20:8080/v1",  # an OpenAI client's base_url, pasted
]
PUBLIC = [
    "http://8.8.8.8:8080",
    "http://172.32.0.1:8080",  # just past 172.16/12
    "http://100.128.0.1:8080",  # just past 100.64/10
    "http://11.0.0.1:8080",
    "http://0.0.0.0:8080",
    "http://224.0.0.1:8080",
    "http://[2001:4860:4860::8888]:8080",
    "http://[::ffff:8.8.8.8]:8080",
]


@pytest.mark.parametrize("url", LAN)
def test_lan_and_loopback_addresses_are_allowed(url: str) -> None:
    address = parse_server_url(url)
    assert address.ip is not None and is_lan(address.ip)
    assert address.port == 8080 or address.port == 8000


@pytest.mark.parametrize("url", PUBLIC)
def test_a_public_address_is_refused_in_one_line(url: str) -> None:
    with pytest.raises(ConfigError) as refused:
        parse_server_url(url)
    message = str(refused.value)
    assert message.startswith("generator.url = ") and "not on this machine or the LAN" in message
    assert "192.168/16" in message and "\n" not in message


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("https://192.168.1.20:8443", "only http:// is allowed"),
        ("ftp://192.168.1.20:21", "only http:// is allowed"),
        ("192.168.1.20:8080", "only http:// is allowed"),
        ("http://192.168.1.20", "names no port (llama-server listens on 8080"),
        ("http://192.168.1.20:99999", "is not a URL"),
        ("http://192.168.1.20:port", "is not a URL"),
        ("http://user:secret@192.168.1.20:8080", "must be only http://HOST:PORT"),
        ("http://192.168.1.20:8080/?key=1", "must be only http://HOST:PORT"),
        ("http://192.168.1.20:8080/v1/chat/completions", "has a path"),
        ("http://:8080", "names no host"),
        ("http://bad_host!:8080", "is not a host name"),
    ],
)
def test_a_malformed_url_says_what_is_allowed(url: str, reason: str) -> None:
    with pytest.raises(ConfigError) as refused:
        parse_server_url(url)
    assert reason in str(refused.value) and "\n" not in str(refused.value)


def test_a_host_name_is_checked_for_syntax_only(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_lookup(*args: object, **kwargs: object) -> None:
        raise AssertionError("a name was looked up while reading the config")

    monkeypatch.setattr(socket, "getaddrinfo", no_lookup)
    address = parse_server_url("http://gpu-box.local:8080")
    assert (address.host, address.port, address.ip) == ("gpu-box.local", 8080, None)
    assert address.shown == "gpu-box.local"


def _config(home: Path, **env: str):  # type: ignore[no-untyped-def]
    return load_config({"ASSISTANT_HOME": str(home), **env})


def test_the_default_backend_is_local_with_no_url(home: Path) -> None:
    config = _config(home)
    assert (config.generator.backend, config.generator.url) == ("local", "")


def test_the_server_backend_is_set_by_environment_like_every_key(home: Path) -> None:
    config = _config(
        home,
        ASSISTANT_GENERATOR_BACKEND="server",
        ASSISTANT_GENERATOR_URL="http://192.168.1.20:8080",
    )
    assert (config.generator.backend, config.generator.url) == (
        "server",
        "http://192.168.1.20:8080",
    )
    assert config.origins["generator.backend"] == "ASSISTANT_GENERATOR_BACKEND"


def test_the_server_backend_is_set_in_the_config_file(home: Path) -> None:
    home.mkdir(parents=True)
    (home / "config.toml").write_text(
        '[generator]\nbackend = "server"\nurl = "http://[fd00::20]:8080"\n', encoding="utf-8"
    )
    config = _config(home)
    assert config.generator.url == "http://[fd00::20]:8080"
    assert config.origins["generator.url"] == "file"


@pytest.mark.parametrize(
    ("env", "message"),
    [
        (
            {"ASSISTANT_GENERATOR_BACKEND": "cloud"},
            "generator.backend must be one of ('local', 'server'), got 'cloud'",
        ),
        (
            {"ASSISTANT_GENERATOR_BACKEND": "server"},
            'generator.url is required with generator.backend = "server"',
        ),
        (
            {
                "ASSISTANT_GENERATOR_BACKEND": "server",
                "ASSISTANT_GENERATOR_URL": "http://1.1.1.1:80",
            },
            "generator.url = 1.1.1.1 is not on this machine or the LAN",
        ),
        (
            {"ASSISTANT_GENERATOR_URL": "https://10.0.0.2:8080"},
            "only http:// is allowed",
        ),
    ],
)
def test_backend_mistakes_are_one_line_naming_the_key(
    home: Path, env: dict[str, str], message: str
) -> None:
    with pytest.raises(ConfigError) as refused:
        _config(home, **env)
    assert message in str(refused.value) and "\n" not in str(refused.value)


def test_the_starting_config_lists_the_backend_and_what_it_allows() -> None:
    from assistant.config_text import starting_toml

    text = starting_toml()
    assert "# backend = \"local\"  # one of ('local', 'server')" in text
    assert "# url = \"\"  # with backend 'server': http://HOST:PORT" in text
