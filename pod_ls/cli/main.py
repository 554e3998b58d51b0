"""Command line: `pod-ls [--stdio | --tcp ...]` serves LSP; `pod-ls check PATHS` checks files."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Callable
from functools import partial
from pathlib import Path

from .. import __version__
from ..yaml.nodes import collect_cycles_less_often

PROGRESS_MIN_STEPS = 100
"""Trees smaller than this (files x 2 passes) finish before a progress bar would help."""


def _serve_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pod-ls", description="Language server for Kubernetes Pod YAML (LSP over stdio by "
        "default). Run `pod-ls check --help` for the command-line checker.")
    parser.add_argument("--version", action="version", version=f"pod-ls {__version__}")
    parser.add_argument("--stdio", action="store_true", help="serve on stdin/stdout (the default)")
    parser.add_argument("--tcp", action="store_true", help="serve on a TCP socket instead")
    parser.add_argument("--host", default="127.0.0.1", help="TCP host (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=2087, help="TCP port (default 2087)")
    parser.add_argument("--log-file", help="write the log to this file instead of stderr")
    parser.add_argument("-v", "--verbose", action="count", default=0,
                        help="log more (-v info, -vv debug)")
    return parser


def _check_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pod-ls check", description="Check Kubernetes manifests with the pod-ls rules.")
    parser.add_argument("paths", nargs="+",
                        help="files, folders (searched for *.yaml/*.yml), glob patterns or - for stdin")
    parser.add_argument("--format", choices=("text", "json", "sarif", "github"), default="text",
                        help="text (default), json, sarif (SARIF 2.1.0) or github (workflow annotations)")
    parser.add_argument("--color", choices=("auto", "always", "never"), default="auto",
                        help="colour the text output (auto: on a terminal, unless NO_COLOR is set)")
    parser.add_argument("--severity", choices=("error", "warning", "info", "hint"), default="warning",
                        help="lowest severity that makes the exit code 1 (default: warning)")
    parser.add_argument("--config", help="settings file (JSON); default: .pod-ls.json or "
                        "[tool.pod-ls] in pyproject.toml, looked up from the current folder")
    parser.add_argument("--jobs", type=_jobs, default=None, metavar="N",
                        help="check on N processes at most (default: one per core; 1: all in this "
                        "process); a small tree, one file or stdin is always checked in this process")
    return parser


def _jobs(value: str) -> int:
    try:
        jobs = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of processes: {value!r}") from None
    if jobs < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1 (got {jobs})")
    return jobs


def _setup_logging(verbosity: int, log_file: str | None) -> None:
    level = logging.WARNING - 10 * min(verbosity, 2)
    handler: logging.Handler = logging.FileHandler(log_file) if log_file else logging.StreamHandler(sys.stderr)
    logging.basicConfig(level=level, handlers=[handler],
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")


def serve(argv: list[str]) -> None:
    args = _serve_parser().parse_args(argv)
    _setup_logging(args.verbose, args.log_file)
    import atexit

    from ..lsp import codecache

    cache = codecache.install()  # before lsprotocol's types are made
    atexit.register(cache.save)
    from ..lsp.app import create_server

    server = create_server(cache)
    log = logging.getLogger("pod_ls")
    if args.tcp:
        log.info("pod-ls %s serving LSP on tcp %s:%d", __version__, args.host, args.port)
        server.start_tcp(args.host, args.port)
    else:
        log.info("pod-ls %s serving LSP on stdio", __version__)
        server.start_io()


def _progress(stream) -> Callable[[int, int], None] | None:
    """A one-line progress bar on a terminal, for trees big enough to wait for."""
    if not stream.isatty():
        return None

    def show(done: int, total: int) -> None:
        if total < PROGRESS_MIN_STEPS:
            return
        width = 30
        filled = width * done // total
        end = "\n" if done == total else ""
        stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done * 100 // total:3d}%{end}")
        stream.flush()

    return show


def check(argv: list[str]) -> int:
    import json

    from ..findings import Severity
    from ..rules.document.syntax import INTERNAL
    from ..settings_files import settings_file
    from . import reports
    from .check import InputError, check_texts, collect
    from .check_settings import CheckSettings

    args = _check_parser().parse_args(argv)
    # A check's failure is reported below, in a line; its traceback only when asked for.
    logger = logging.getLogger("pod_ls")
    if not logger.handlers:
        logger.addHandler(logging.StreamHandler() if os.environ.get("PODLS_TRACEBACK") else logging.NullHandler())
    found = None if args.config else settings_file(Path.cwd())
    if args.config or found is not None:
        from ..settings import parse_settings, project_settings

        if args.config:
            try:
                model, problem = parse_settings(json.loads(Path(args.config).read_text()))
            except (OSError, ValueError) as exc:
                print(f"pod-ls: {args.config}: {exc}", file=sys.stderr)
                return 2
        else:
            model, problem = project_settings(found)
        if problem:
            print(f"pod-ls: {problem}", file=sys.stderr)
        settings = CheckSettings.of(model)
    else:  # no settings anywhere: the defaults, without loading the settings model
        settings = CheckSettings.defaults()
    try:
        texts = collect(args.paths, settings)
    except InputError as exc:
        print(f"pod-ls: {exc}", file=sys.stderr)
        return 2
    if args.jobs is None:
        from ..analysis.helper import cores

        args.jobs = cores()
    results = check_texts(texts, settings, _progress(sys.stderr), args.jobs)
    try:
        if args.format == "text":
            colour = args.color == "always" or (
                args.color == "auto" and sys.stdout.isatty() and not os.environ.get("NO_COLOR"))
            if report := reports.text(results, colour):
                print(report)
            print(reports.summary(results))
        else:
            formatter = {"json": partial(reports.to_json, rule_url=settings.rule_url),
                         "sarif": partial(reports.sarif, rule_url=settings.rule_url),
                         "github": reports.github}[args.format]
            if output := formatter(results):
                print(output)
            print(reports.summary(results), file=sys.stderr)
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader stopped reading (`pod-ls check . | head`): the rest goes nowhere, and the
        # exit code still says what was found.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    failures = [(r.path, f) for r in results for f in r.findings if f.rule == INTERNAL.id]
    for path, finding in failures:
        print(f"pod-ls: internal error at {path}:{finding.start[0] + 1}: {finding.message}", file=sys.stderr)
    if failures:
        return INTERNAL_ERROR
    threshold = Severity[args.severity.upper()]
    failing = any(f.severity <= threshold for r in results for f in r.findings)
    return 1 if failing else 0


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    collect_cycles_less_often()
    if argv[:1] == ["check"]:
        sys.exit(_guarded(check, argv[1:]))
    serve(argv)


def run() -> None:
    """The `pod-ls` program: `main`, and at the end of a check an exit that leaves the
    interpreter's teardown out (freeing the tree's texts, objects and findings one by one
    and a last collection took 30 ms of a 400 ms check; mypy exits so too). `main` itself
    raises SystemExit, for callers in Python."""
    try:
        main()
    except SystemExit as done:
        if sys.argv[1:2] != ["check"] or not isinstance(done.code, int):
            raise
        sys.stdout.flush()
        sys.stderr.flush()
        logging.shutdown()
        os._exit(done.code)


INTERNAL_ERROR = 3
"""`pod-ls check`'s exit code when pod-ls itself fails: never mistaken for findings (1) or for a
usage or input error (2)."""


def _guarded(command: Callable[[list[str]], int], argv: list[str]) -> int:
    """The command's exit code; a failure of pod-ls itself is told apart, with the last line of
    its traceback on stderr (the whole traceback with PODLS_TRACEBACK=1)."""
    try:
        return command(argv)
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a bug in pod-ls, not in the user's files
        from .failure import described, details

        if os.environ.get("PODLS_TRACEBACK"):
            print(details(exc), end="", file=sys.stderr)
        print(f"pod-ls: internal error: {described(exc)}; please report it with the file that caused it",
              file=sys.stderr)
        return INTERNAL_ERROR
