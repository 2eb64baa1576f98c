#!/usr/bin/env python3
"""Prints the mutation score per file of Stryker.NET JSON reports (mutation-report.json), and the overall score.

Usage: scripts/mutation-report.py [--survivors] REPORT.json [REPORT.json ...]

The score is Stryker's: (killed + timeout) / (killed + timeout + survived + no coverage); mutants that did not
compile or were ignored by the configuration do not count. With --survivors every surviving or uncovered mutant is
listed as file:line, mutator, and the replacement, to find the rule a test should state.
"""
import json
import os
import sys

DETECTED = ("Killed", "Timeout")
MISSED = ("Survived", "NoCoverage")


def main(argv):
    survivors = "--survivors" in argv
    reports = [a for a in argv if a != "--survivors"]
    if not reports:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    rows = []
    missed = []
    for report in reports:
        with open(report, encoding="utf-8") as f:
            data = json.load(f)
        root = data.get("projectRoot") or ""
        # The store base is mutated twice: through SQLite, and its save again through PostgreSQL (scripts/mutation.sh).
        through = " (through PostgreSQL)" if "-postgres" in os.path.normpath(report).replace("\\", "/") else ""
        for path, content in sorted(data["files"].items()):
            name = shorten(path, root) + through
            counts = {}
            for m in content["mutants"]:
                counts[m["status"]] = counts.get(m["status"], 0) + 1
                if m["status"] in MISSED:
                    line = m["location"]["start"]["line"]
                    missed.append((name, line, m["status"], m["mutatorName"], m.get("replacement", "")))
            if any(m["status"] not in ("Ignored", "CompileError") for m in content["mutants"]):
                rows.append((name, counts))
    total = {}
    print("| file | score | killed | survived | no coverage | timeouts | ignored | compile errors |")
    print("|---|---|---|---|---|---|---|---|")
    for name, counts in rows:
        for k, v in counts.items():
            total[k] = total.get(k, 0) + v
        print(row(name, counts))
    print(row("**overall**", total))
    if survivors:
        print()
        for name, line, status, mutator, replacement in missed:
            replacement = " ".join(replacement.split())
            if len(replacement) > 140:
                replacement = replacement[:140] + "..."
            print(f"{name}:{line} {status} [{mutator}] {replacement}")
    return 0


def shorten(path, root):
    """The path from src/ on (src/KooGallery.Supervision/Machine/..., src/Shared/Relational/...)."""
    path = os.path.normpath(path).replace("\\", "/")
    i = path.rfind("/src/")
    return path[i + 1:] if i >= 0 else path


def row(name, c):
    killed, timeout = c.get("Killed", 0), c.get("Timeout", 0)
    survived, nocov = c.get("Survived", 0), c.get("NoCoverage", 0)
    valid = killed + timeout + survived + nocov
    score = "n/a" if valid == 0 else f"{100.0 * (killed + timeout) / valid:.1f}%"
    return (f"| {name} | {score} | {killed} | {survived} | {nocov} | {timeout} | {c.get('Ignored', 0)} | "
            f"{c.get('CompileError', 0)} |")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
