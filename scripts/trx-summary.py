#!/usr/bin/env python3
"""Summarise the TRX files of one scripts/test.sh run.

usage: trx-summary.py RESULTS_DIR PROJECT:EXIT_CODE:SECONDS ...

For each project reads RESULTS_DIR/PROJECT.trx and prints: every failed test with its message,
every run-level error (an xunit fixture that failed to clean up does not fail a test, only the
run, so it is counted as a failure here), a table per project, and the closing line
"N passed, N failed, N skipped". A project whose TRX is missing, or whose `dotnet test` failed
while its TRX shows no failure, counts as one failure. Exits 1 when anything failed or when no
test ran at all.
"""
import os
import sys
import xml.etree.ElementTree as ET

NS = "{http://microsoft.com/schemas/VisualStudio/TeamTest/2010}"
MAX_MESSAGE_LINES = 60


def text_of(element, path):
    node = element.find(path)
    return (node.text or "").strip() if node is not None else ""


def read_trx(path):
    """-> (passed, failed, skipped, [(name, message)])"""
    root = ET.parse(path).getroot()
    passed = failed = skipped = 0
    failures = []
    for result in root.iter(NS + "UnitTestResult"):
        outcome = result.get("outcome", "")
        if outcome == "Passed":
            passed += 1
        elif outcome in ("NotExecuted", "Inconclusive"):
            skipped += 1
        else:  # Failed, Error, Timeout, Aborted, ...
            failed += 1
            message = text_of(result, f"{NS}Output/{NS}ErrorInfo/{NS}Message")
            # The innermost frames say where; the rest is in the TRX file.
            stack = "\n".join(text_of(result, f"{NS}Output/{NS}ErrorInfo/{NS}StackTrace").splitlines()[:3])
            failures.append((result.get("testName", "?"), f"[{outcome}] {message}\n{stack}".strip()))
    for info in root.iter(NS + "RunInfo"):
        text = text_of(info, NS + "Text")
        # xunit echoes each failed test here as "... TestName [FAIL]": counted above already.
        if info.get("outcome") == "Error" and not text.endswith("[FAIL]"):
            failed += 1
            failures.append(("(run error)", text))
    return passed, failed, skipped, failures


def clip(message):
    lines = message.splitlines()
    if len(lines) <= MAX_MESSAGE_LINES:
        return lines
    return lines[:MAX_MESSAGE_LINES] + [f"... ({len(lines) - MAX_MESSAGE_LINES} more lines in the TRX file)"]


def main(argv):
    results_dir, specs = argv[1], argv[2:]
    rows, all_failures = [], []
    for spec in specs:
        project, exit_code, seconds = spec.rsplit(":", 2)
        trx = os.path.join(results_dir, project + ".trx")
        if os.path.exists(trx):
            try:
                passed, failed, skipped, failures = read_trx(trx)
            except ET.ParseError as error:
                passed = failed = skipped = 0
                failures = []
                failures.append(("(unreadable results)", f"{trx}: {error}"))
                failed = 1
        else:
            passed = failed = skipped = 0
            failures = [("(no results)", f"dotnet test exited {exit_code} and wrote no {trx}; "
                                         f"see {os.path.join(results_dir, project + '.log')}")]
            failed = 1
        if exit_code != "0" and failed == 0:
            failed = 1
            failures.append(("(test run failed)", f"dotnet test exited {exit_code} although no test failed; "
                                                  f"see {os.path.join(results_dir, project + '.log')}"))
        rows.append((project, passed, failed, skipped, float(seconds)))
        log = os.path.join(results_dir, project + ".log")
        all_failures += [(project, name, message + (f"\n(details in {log})" if name == "(run error)" else ""))
                         for name, message in failures]

    if all_failures:
        print()
        print(f"Failures ({len(all_failures)}):")
        for project, name, message in all_failures:
            print()
            print(f"FAIL {project}: {name}")
            for line in clip(message):
                print(f"    {line}")

    width = max([len("Project")] + [len(r[0]) for r in rows])
    print()
    print(f"{'Project':<{width}}  {'Passed':>6}  {'Failed':>6}  {'Skipped':>7}  {'Time':>7}")
    for project, passed, failed, skipped, seconds in rows:
        print(f"{project:<{width}}  {passed:>6}  {failed:>6}  {skipped:>7}  {seconds:>6.1f}s")
    total_passed = sum(r[1] for r in rows)
    total_failed = sum(r[2] for r in rows)
    total_skipped = sum(r[3] for r in rows)
    if total_passed + total_failed == 0:
        print("No test ran.")
    print()
    print(f"{total_passed} passed, {total_failed} failed, {total_skipped} skipped")
    return 1 if total_failed > 0 or total_passed + total_failed == 0 else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
