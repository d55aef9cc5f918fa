"""Help texts as paragraphs: a command's docstring is wrapped at 100 columns in the source, and
the help screen should wrap it to the terminal instead of keeping those line breaks
("stages\n changed" in the middle of a sentence)."""

from __future__ import annotations

import inspect

import typer


def reflowed(doc: str) -> str:
    """``doc`` with the lines of each paragraph joined; a paragraph whose lines are a list
    ("- item") or indented keeps its lines."""
    paragraphs = inspect.cleandoc(doc).split("\n\n")
    out = []
    for paragraph in paragraphs:
        lines = paragraph.splitlines()
        if any(line.startswith(("- ", "* ", " ")) for line in lines[1:]):
            out.append(paragraph)
        else:
            out.append(" ".join(line.strip() for line in lines))
    return "\n\n".join(out)


def reflow_help(app: typer.Typer) -> None:
    """Set every command's help (of ``app`` and its sub-apps) from its reflowed docstring,
    where no help was given explicitly."""
    for command in app.registered_commands:
        if command.help is None and command.callback is not None and command.callback.__doc__:
            command.help = reflowed(command.callback.__doc__)
    for group in app.registered_groups:
        if group.typer_instance is not None:
            reflow_help(group.typer_instance)
