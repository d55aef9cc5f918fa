"""Every help text prints as written: square brackets (``newstrace[ray]``) are not taken for
rich markup and dropped."""

from __future__ import annotations

import re
from typing import Any

import typer
from typer.testing import CliRunner

from newstrace.cli import app

BRACKETED = re.compile(r"[^\s\[]*\\?\[[^\]\s/]+\][^\s]*")


def _commands(command: Any, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = [path]
    if hasattr(command, "commands"):  # a group (typer ships its own click)
        for name, sub in command.commands.items():
            found.extend(_commands(sub, (*path, name)))
    return found


def _texts(command: Any) -> list[str]:
    texts = [command.help or ""]
    texts.extend(getattr(p, "help", None) or "" for p in command.params)
    return texts


def test_help_keeps_square_brackets() -> None:
    root = typer.main.get_command(app)
    runner = CliRunner()
    checked = 0
    for path in _commands(root):
        command = root
        for name in path:
            command = command.commands[name]
        shown = runner.invoke(app, [*path, "--help"], env={"COLUMNS": "250"})
        assert shown.exit_code == 0, shown.output
        for text in _texts(command):
            for token in BRACKETED.findall(text):
                assert token.replace("\\[", "[") in shown.output, (path, token)
                checked += 1
    assert checked >= 1  # analyze's --engine names the extra newstrace[ray]


def test_analyze_help_names_the_ray_extra() -> None:
    shown = CliRunner().invoke(app, ["analyze", "--help"], env={"COLUMNS": "250"})
    assert "pip install 'newstrace[ray]'" in shown.output


def test_help_wraps_a_docstring_to_the_terminal_not_to_the_source() -> None:
    shown = CliRunner().invoke(app, ["analyze", "--help"], env={"COLUMNS": "250"})
    # one paragraph of the docstring, written over several source lines, is one line here
    assert "articles whose stages changed: a new version, or other settings" in shown.output
    listed = CliRunner().invoke(app, ["--help"], env={"COLUMNS": "250"})
    assert "its kind (direct or reported speech; with --all also belief" in listed.output


def test_the_eval_task_names_are_the_tasks() -> None:
    from newstrace.eval import TASK_NAMES, tasks

    assert sorted(TASK_NAMES) == sorted(tasks())
