#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
# SPDX-FileCopyrightText: 2026 The Certlife developers
"""Writes the man pages from the programs' own --help texts and the templates in
packaging/man: certlifectl.1, certlife.1, certlife-policy.conf.5, certlife.task.5,
and the commented /etc/certlife/policy.conf the agent package ships.

A template is roff with lines "@NAME@" that this script replaces by generated roff
(@VERSION@ and @DATE@ are replaced anywhere). Run by the build (packaging/man).
"""

import argparse
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import helptext  # noqa: E402

OPTION_TOKEN = re.compile(r"(?<![\w-])(--?[A-Za-z][\w-]*)")


def esc(text):
    """Text for roff: backslashes, and the dashes of options as minus signs."""
    text = text.replace("\\", "\\e")
    return OPTION_TOKEN.sub(lambda m: m.group(1).replace("-", "\\-"), text)


def line(text):
    """One output line; a line starting with . or ' would be a request."""
    return "\\&" + text if text[:1] in (".", "'") else text


def literal(lines):
    """Lines shown as they are (examples, tables)."""
    out = [".PP", ".RS 4", ".nf"]
    out += [line(esc(l)) for l in lines]
    out += [".fi", ".RE"]
    return out


def description(lines):
    """Free-form help text: paragraphs (wrapped lines joined, so man fills them), and
    indented blocks (examples, lists) kept as they are."""
    out = []
    paragraph = []
    block = []

    def flush():
        if paragraph:
            out.extend([".PP", line(esc(" ".join(paragraph)))])
            paragraph.clear()
        if block:
            out.extend(literal([b[2:] if b.startswith("  ") else b for b in block]))
            block.clear()

    for raw in lines:
        if not raw.strip():
            flush()
        elif raw.startswith("  "):
            if paragraph:
                flush()
            block.append(raw.rstrip())
        else:
            if block:
                flush()
            paragraph.append(raw.strip())
    flush()
    return out


def option_rows(options):
    out = []
    for option in options:
        names = ", ".join("\\fB%s\\fR" % esc(n) for n in option.names)
        if option.value:
            names += " \\fI%s\\fR" % esc(option.value)
        out += [".TP", names, line(esc(option.text))]
    return out


def argument_rows(arguments):
    out = []
    for argument in arguments:
        out += [".TP", "\\fI%s\\fR" % esc(argument.name), line(esc(argument.text))]
    return out


def synopsis(usage):
    """Usage lines, filled (a long one wraps) with one line per form."""
    out = []
    for index, u in enumerate(usage):
        if index:
            out.append(".br")
        out.append("\\fB%s\\fR" % line(esc(u)))
    return out


def without_key_table(lines):
    """The policy commands' help repeats the key table; the man page has it once, in
    certlife-policy.conf(5)."""
    out = []
    skipping = False
    for raw in lines:
        if raw.startswith("Keys (default in brackets):"):
            skipping = True
            out.append("The keys, their defaults and allowed values: certlife-policy.conf(5).")
            continue
        if skipping and not raw.strip():
            skipping = False
        if not skipping:
            out.append(raw)
    return out


def command_section(command):
    """One command (or subcommand) of certlifectl: usage, description, options."""
    out = [".SS \"certlifectl %s\"" % esc(command.name)]
    if command.summary:
        out += [line(esc(command.summary))]
    out += [".PP"] + synopsis(command.usage)
    out += description(without_key_table(command.description))
    options = [o for o in command.options if o.long_name != "--help"]
    if options:
        out += [".PP", "Options:", ".RS 4"] + option_rows(options) + [".RE"]
    if command.arguments:
        out += [".PP", "Arguments:", ".RS 4"] + argument_rows(command.arguments) + [".RE"]
    return out


def certlifectl_parts(program):
    top, commands = helptext.read_certlifectl(program)
    sections = helptext.top_sections(top)
    parts = {}
    parts["COMMAND_LIST"] = []
    for command in commands:
        parts["COMMAND_LIST"] += [".TP", "\\fB%s\\fR" % esc(command.name), line(esc(command.summary))]
    parts["COMMANDS"] = []
    for command in commands:
        parts["COMMANDS"] += command_section(command)
        for sub in command.subcommands:
            parts["COMMANDS"] += command_section(sub)
    parts["GLOBAL_OPTIONS"] = global_rows(sections.get("Global options:", []))
    parts["ENVIRONMENT"] = global_rows(sections.get("Environment:", []))
    parts["EXIT_STATUS"] = [".PP", line(esc(" ".join(l.strip() for l in sections.get("Exit status:", []))))]
    parts["TOP_DESCRIPTION"] = description(sections.get("", []))
    return parts, commands


def global_rows(lines):
    """Rows "  NAME   text" of the top-level help (names may be a list; text may
    continue on lines indented to its column)."""
    rows = []
    for raw in lines:
        if not raw.strip():
            continue
        stripped = raw.strip()
        indent = len(raw) - len(raw.lstrip(" "))
        match = re.match(r"^(\S.*?)(?:\s{2,}(\S.*))?$", stripped)
        if indent <= 2 and match:
            rows.append([match.group(1), match.group(2) or ""])
        elif rows:
            if rows[-1][1] or indent > 20:
                rows[-1][1] = (rows[-1][1] + " " + stripped).strip()
            else:
                rows[-1][0] += " " + stripped
    out = []
    for name, text in rows:
        out += [".TP", "\\fB%s\\fR" % esc(name), line(esc(text))]
    return out


def console_parts(program):
    command = helptext.Command(["certlife"])
    helptext.parse_help(helptext.run_help(program, []), command)
    # The "Environment:" block after the options goes to ENVIRONMENT.
    if not command.epilog or command.epilog[0] != "Environment:":
        raise RuntimeError("`certlife --help` does not end with an Environment: block")
    return {
        "CONSOLE_SYNOPSIS": synopsis(command.usage),
        "CONSOLE_DESCRIPTION": description(command.description),
        "CONSOLE_OPTIONS": option_rows(command.options),
        "CONSOLE_ENVIRONMENT": global_rows(command.epilog[1:]),
    }


def policy_keys(program):
    """The key blocks of `certlifectl policy --help`: [(name, default, text, allowed)]."""
    command = helptext.Command(["policy"])
    helptext.parse_help(helptext.run_help(program, ["policy"]), command)
    keys = []
    inside = False
    for raw in command.description:
        if raw.startswith("Keys"):
            inside = True
            continue
        if not inside:
            continue
        if not raw.strip():
            break
        match = re.match(r"^  (\w+) \[(.*)\]$", raw)
        if match:
            keys.append([match.group(1), match.group(2), "", ""])
        elif keys and raw.strip().startswith("Allowed:"):
            keys[-1][3] = raw.strip()[len("Allowed:"):].strip()
        elif keys:
            keys[-1][2] = (keys[-1][2] + " " + raw.strip()).strip()
    if not keys:
        raise RuntimeError("no policy key in `certlifectl policy --help`")
    return keys


def policy_parts(program):
    out = []
    for name, default, text, allowed in policy_keys(program):
        out += [".TP", "\\fB%s\\fR (default: %s)" % (esc(name), esc(default)), line(esc(text)),
                ".br", line("Allowed: " + esc(allowed) + ".")]
    return {"POLICY_KEYS": out}


def task_parts(program):
    """The task file's keys that mirror `certlifectl task new` options, with their help."""
    command = helptext.Command(["task", "new"])
    helptext.parse_help(helptext.run_help(program, ["task", "new"]), command)
    by_option = {o.long_name: o for o in command.options}
    placeholders = re.findall(r"\{\w+\}", by_option["--arg"].text)
    if not placeholders:
        raise RuntimeError("no placeholder in `certlifectl task new --help`")
    return {
        "TASK_PLACEHOLDERS": [".PP", line(esc(" ".join(placeholders)))],
        "TASK_NEW_OPTIONS": option_rows([o for o in command.options if o.long_name != "--help"]),
    }


def policy_conf(program, version):
    """/etc/certlife/policy.conf as shipped: every key commented out at its default."""
    out = ["# Certlife machine policy (certlife-policy.conf(5)); certlifectl %s." % version,
           "# Every key is at its default. Set one here, or with",
           "#   certlifectl policy set KEY VALUE --scope system [--enforce]",
           "# which keeps these comments. Keys under [Enforced] cannot be overridden by a user.",
           "",
           "[Policy]"]
    for name, default, text, allowed in policy_keys(program):
        out += ["", "# %s" % text, "# Allowed: %s" % allowed,
                ";%s=%s" % (name, "" if default == "none" else default)]
    out += ["", "[Enforced]", ""]
    return "\n".join(out)


def fill(template, parts, version, date):
    out = []
    for raw in template.split("\n"):
        key = raw.strip()
        if re.fullmatch(r"@[A-Z_]+@", key) and key not in ("@VERSION@", "@DATE@"):
            name = key.strip("@")
            if name not in parts:
                raise RuntimeError("template placeholder %s has no generated text" % key)
            out.extend(parts[name])
        else:
            out.append(raw.replace("@VERSION@", version).replace("@DATE@", date))
    return "\n".join(out)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--certlifectl", required=True)
    parser.add_argument("--certlife", required=True)
    parser.add_argument("--templates", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--version", required=True)
    parser.add_argument("--date", required=True)
    args = parser.parse_args()

    ctl_parts, _ = certlifectl_parts(args.certlifectl)
    parts = dict(ctl_parts)
    parts.update(console_parts(args.certlife))
    parts.update(policy_parts(args.certlifectl))
    parts.update(task_parts(args.certlifectl))
    os.makedirs(args.out, exist_ok=True)
    for page in ("certlifectl.1", "certlife.1", "certlife-policy.conf.5", "certlife.task.5"):
        with open(os.path.join(args.templates, page + ".in"), encoding="utf-8") as f:
            text = fill(f.read(), parts, args.version, args.date)
        with open(os.path.join(args.out, page), "w", encoding="utf-8") as f:
            f.write(text)
    with open(os.path.join(args.out, "policy.conf"), "w", encoding="utf-8") as f:
        f.write(policy_conf(args.certlifectl, args.version) + "\n")


if __name__ == "__main__":
    try:
        main()
    except (RuntimeError, OSError) as error:
        sys.exit("gen-manpages: %s" % error)
