"""`assistant completion bash|zsh|fish` as a real process: a script that knows the commands.

The bash script is also loaded into a real bash and asked to complete, as a shell would.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support import REPO

SUBCOMMANDS = ("search", "ask", "chat", "add", "status", "show", "conversations", "completion")


def completion(shell: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "ASSISTANT_HOME": str(home)}
    command = [sys.executable, "-m", "assistant", "completion", shell]
    return subprocess.run(command, env=env, cwd=REPO, capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_the_script_names_every_subcommand_and_the_filters(shell: str, tmp_path: Path) -> None:
    result = completion(shell, tmp_path)
    assert result.returncode == 0, result.stderr
    for word in (*SUBCOMMANDS, "--kind", "--since", "--sort"):
        assert word in result.stdout, (shell, word)


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
def test_bash_completes_commands_options_and_choices(tmp_path: Path) -> None:
    script = tmp_path / "assistant.bash"
    script.write_text(completion("bash", tmp_path).stdout, encoding="utf-8")

    def complete(*words: str) -> list[str]:
        probe = (
            f"source {script}; COMP_WORDS=(assistant {' '.join(words)}); "
            f"COMP_CWORD={len(words)}; _shtab_assistant; printf '%s\\n' \"${{COMPREPLY[@]}}\""
        )
        done = subprocess.run(["bash", "-c", probe], capture_output=True, text=True, timeout=60)
        return done.stdout.split()

    assert complete("sea") == ["search"]
    assert complete("conversations", "''") == ["list", "export"]
    assert complete("ask", "--ki") == ["--kind"]
    assert complete("search", "--kind", "''") == ["note", "mail", "pdf", "image"]
    assert complete("completion", "''") == ["bash", "zsh", "fish"]
