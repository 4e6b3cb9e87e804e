# SPDX-License-Identifier: Apache-2.0
# SPDX-FileCopyrightText: 2026 The Certlife developers
"""Reads the --help texts of certlifectl and certlife, the one source of the man pages
and the shell completions (so they cannot drift from what the programs say).

The texts are QCommandLineParser's (app/cli/CliCommand.cpp parseCommandLine): a
"Usage:" line (continued by indented lines), a free-form description, then
"Options:" and "Arguments:" blocks of "  NAMES  text" rows whose text continues on
lines indented to its column. Subcommands are found in the usage lines
("certlifectl task new|list|...", "certlifectl store add ...") and each is asked for
its own --help.
"""

import os
import re
import subprocess

OPTION_ROW = re.compile(r"^  (?P<names>-[^ ]*(?:, --?[^ ]+)*)(?: <(?P<value>[^>]+)>)?(?:\s{2,}(?P<text>\S.*))?$")
ARGUMENT_ROW = re.compile(r"^  (?P<name>\S+)(?:\s{2,}(?P<text>\S.*))?$")


class Option:
    def __init__(self, names, value, text):
        self.names = names      # ["-y", "--yes"]
        self.value = value      # "HASH", "system|user" or None
        self.text = text        # one paragraph

    @property
    def long_name(self):
        return next((n for n in self.names if n.startswith("--")), self.names[0])


class Argument:
    def __init__(self, name, text):
        self.name = name
        self.text = text


class Command:
    def __init__(self, words, summary=""):
        self.words = words              # ["store", "add"]
        self.summary = summary          # the line of `certlifectl --help`
        self.usage = []                 # usage lines, "certlifectl ..." each
        self.description = []           # raw lines between usage and Options:
        self.options = []
        self.arguments = []
        self.subcommands = []
        self.epilog = []                # lines after the Options:/Arguments: blocks

    @property
    def name(self):
        return " ".join(self.words)


def help_environment():
    """Paths in the texts read as a reader's, not the builder's: ~ and the defaults."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("XDG_", "CERTLIFE_"))}
    env.update(HOME="~", LC_ALL="C.UTF-8", QT_QPA_PLATFORM="offscreen")
    return env


def run_help(program, words):
    result = subprocess.run([program] + words + ["--help"], capture_output=True, text=True,
                            env=help_environment(), check=False)
    if result.returncode != 0 or not result.stdout.startswith("Usage:"):
        raise RuntimeError("%s %s --help failed (%d): %s" % (program, " ".join(words), result.returncode,
                                                             result.stderr.strip()))
    return result.stdout


def parse_help(text, command):
    """Fills command.usage, .description, .options and .arguments from one --help text."""
    lines = text.rstrip("\n").split("\n")
    first = lines.pop(0)[len("Usage:"):].strip()
    usage = [first]
    while lines and lines[0].startswith(" ") and lines[0].strip():
        line = lines.pop(0).strip()
        if line.startswith("certlifectl") or line.startswith("certlife "):
            usage.append(line)
        else:               # a long usage line wrapped by hand ("store add ... \n [--scope ...]")
            usage[-1] += " " + line
    command.usage = usage
    block = None
    for line in lines:
        if line in ("Options:", "Arguments:"):
            block = line
            continue
        if block is None:
            command.description.append(line)
            continue
        if block == "epilog" or (line.strip() and not line.startswith(" ")):
            block = "epilog"        # text after the options ("Environment:" of certlife)
            command.epilog.append(line)
            continue
        if not line.strip():
            continue
        rows = command.options if block == "Options:" else command.arguments
        match = (OPTION_ROW if block == "Options:" else ARGUMENT_ROW).match(line)
        if match and line.startswith("  ") and not line.startswith("   ") and (block == "Arguments:" or line[2] == "-"):
            text = (match.group("text") or "").strip()
            if block == "Options:":
                names = [n.strip() for n in match.group("names").split(",")]
                rows.append(Option(names, match.group("value"), text))
            else:
                rows.append(Argument(match.group("name"), text))
        elif rows:
            rows[-1].text = (rows[-1].text + " " + line.strip()).strip()
    # Trailing blank lines of the description.
    while command.description and not command.description[-1].strip():
        command.description.pop()
    while command.description and not command.description[0].strip():
        command.description.pop(0)


def subcommand_words(command):
    """Subcommand names from the usage lines: "certlifectl task new|list ..." or one usage
    line per subcommand ("certlifectl store list ...", "certlifectl store add ...")."""
    prefix = "certlifectl " + command.name + " "
    words = []
    for line in command.usage:
        if not line.startswith(prefix):
            continue
        first = line[len(prefix):].split(" ")[0]
        if re.fullmatch(r"[a-z][a-z-]*(\|[a-z][a-z-]*)*", first):
            words.extend(w for w in first.split("|") if w not in words)
    return words


def read_certlifectl(program):
    """The whole command tree of certlifectl: (top-level help text, [Command])."""
    top = run_help(program, [])
    commands = []
    section = None
    for line in top.split("\n"):
        if line.endswith(":") and not line.startswith(" "):
            section = line
            continue
        if section == "Commands:" and line.startswith("  ") and line.strip():
            name, summary = line.strip().split(None, 1)
            commands.append(Command([name], summary.strip()))
    if not commands:
        raise RuntimeError("no command in `%s --help`" % program)
    for command in commands:
        parse_help(run_help(program, command.words), command)
        for word in subcommand_words(command):
            sub = Command(command.words + [word])
            parse_help(run_help(program, sub.words), sub)
            command.subcommands.append(sub)
    return top, commands


def top_sections(top):
    """The blocks of `certlifectl --help` by heading: {"Global options:": [lines], ...};
    the lines before the first heading are under ""."""
    sections = {"": []}
    current = ""
    for line in top.rstrip("\n").split("\n")[1:]:
        if line.endswith(":") and not line.startswith(" "):
            current = line
            sections[current] = []
        elif line.startswith("Exit status:"):
            current = "Exit status:"
            sections[current] = [line[len("Exit status:"):].strip()]
        else:
            sections[current].append(line)
    return sections
