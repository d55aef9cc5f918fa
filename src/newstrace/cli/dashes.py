"""Query words that start with a dash: ``newstrace search -Putin`` is a query, not an option.

A search query excludes words with ``-word``, which the command-line parser would otherwise read
as an unknown option. ``QueryCommand`` keeps the command's own options as options and hands
every other dash-word to the query arguments, in the order written (as if after ``--``)."""

from __future__ import annotations

from typing import Any

from typer.core import TyperCommand


class QueryCommand(TyperCommand):
    """A command whose positional arguments are query words, some of them ``-excluded``."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        return super().parse_args(ctx, query_args(self.get_params(ctx), args))


def query_args(params: list[Any], args: list[str]) -> list[str]:
    """``args`` with the command's options first and every other word after ``--``."""
    flags: set[str] = set()
    valued: set[str] = set()
    for param in params:
        if param.param_type_name == "option":  # (typer carries its own copy of click)
            names = {*param.opts, *param.secondary_opts}
            (flags if param.is_flag or param.count else valued).update(names)
    options: list[str] = []
    words: list[str] = []
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "--":
            words.extend(args[i + 1 :])
            break
        name = arg.split("=", 1)[0]
        if name in flags or (name in valued and "=" in arg):
            options.append(arg)
        elif name in valued:
            options.extend(args[i : i + 2])
            i += 1
        else:
            words.append(arg)
        i += 1
    return [*options, "--", *words] if words else options
