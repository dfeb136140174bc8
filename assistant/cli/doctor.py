"""`assistant doctor [--json] [--quick] [--deep]`: check the machine, print problems and fixes."""

from __future__ import annotations

import argparse
import sys

from assistant.config import Config
from assistant.display import json_text, plural, printable

MARKS = {"ok": "ok  ", "warn": "WARN", "fail": "FAIL"}


def add_doctor_commands(commands: argparse._SubParsersAction) -> None:
    doctor = commands.add_parser(
        "doctor", help="check SQLite, models, index, disk and watcher; say how to fix problems"
    )
    doctor.add_argument("--json", action="store_true", help="machine-readable output")
    doctor.add_argument(
        "--quick",
        action="store_true",
        help="trust model receipts whose size and mtime match instead of re-hashing",
    )
    doctor.add_argument(
        "--deep",
        action="store_true",
        help="also compare every stored chunk text and vector with its hash or copy",
    )
    doctor.set_defaults(handler=cmd_doctor)


def _progress(text: str, done: int = 0, total: int = 0) -> None:
    print(f"      {text}", file=sys.stderr, flush=True)


def cmd_doctor(config: Config, args: argparse.Namespace) -> int:
    """Exit 0 when nothing failed (warnings allowed), 1 otherwise."""
    from assistant.doctor.checks import healthy, run_checks

    findings = []
    report = (lambda *_a, **_k: None) if args.json else _progress
    for finding in run_checks(config, hash_models=not args.quick, report=report, deep=args.deep):
        findings.append(finding)
        if not args.json:
            detail = printable(finding.detail)
            print(f"{MARKS[finding.status]}  {finding.check:<34} {detail}", flush=True)
            if finding.fix and finding.status != "ok":
                print(f"      fix: {printable(finding.fix)}", flush=True)
    ok = healthy(findings)
    problems = sum(f.status == "fail" for f in findings)
    warnings = sum(f.status == "warn" for f in findings)
    if args.json:
        rows = [f.as_dict() for f in findings]
        print(
            json_text({"healthy": ok, "problems": problems, "warnings": warnings, "findings": rows})
        )
    else:
        print(verdict(problems, warnings))
    return 0 if ok else 1


def verdict(problems: int, warnings: int) -> str:
    """The last line: "all good" only when nothing failed and nothing warned."""
    if not problems and not warnings:
        return "all good"
    found = [plural(problems, "problem")] if problems else []
    found += [plural(warnings, "warning")] if warnings else []
    fixes = "apply the fixes above" if problems else "nothing failed (see above)"
    return f"{' and '.join(found)} found; {fixes}"
