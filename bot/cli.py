"""The command line: ``python -m bot <command>``.

Commands:
    run       start the whole assistant (Rasa server, action server, gateway)
    serve     run the gateway only
    actions   run the action server only
    telegram  run the Telegram bot by long polling (needs ASSISTANT_TELEGRAM_TOKEN)
    db init|upgrade|current|revision  migrate the schema, show its revision, write a migration
    kb check  validate the knowledge base and report every problem
    registry import FILE.csv   import sold units (idempotent)
    network import FILE.yml    load the service network (regions, technicians)
    repairs list|show|outcome  booked visits, and what a visit achieved
    report complaints --since DATE   complaint figures and overdue complaints
    complaints show|update|feedback  work a complaint
    agents add|list|disable|enable   agent accounts (the password is read from stdin)
    customers export|erase NUMBER    a customer's data as JSON; erase it, photos included
    chat      chat with the running assistant in this terminal
    quality   evaluate the NLU model on the held-out set and write a report
    answers   ask a situation set of the running assistant and score its answers
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from sqlalchemy.engine import make_url

from bot import agents, complaints, log_privacy, privacy, repairs
from bot.agents import commands as agent_commands
from bot.attachments import PhotoFiles
from bot.complaints import commands as complaint_commands
from bot.db import (
    SchemaOutdatedError,
    current_revision,
    head_revision,
    upgrade_schema,
)
from bot.db.migrate import write_migration
from bot.knowledge import KnowledgeBaseError, load_knowledge_base
from bot.repairs import commands as repair_commands
from bot.runtime import Runtime, build_runtime, load_models, open_engine, open_tracker_store
from bot.settings import Settings, SettingsError, load_settings
from bot.stack import StackError, prepare_database, start_stack
from bot.warranty.registry import RegistryFileError, import_registry

__all__ = ["main"]

logger = logging.getLogger("bot")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("run", help="start the whole assistant")
    cluster = commands.add_parser(
        "cluster", help="start several instances of each process behind HAProxy (PostgreSQL)"
    )
    cluster.add_argument("--instances", type=int, default=2, help="of each process (default 2)")
    commands.add_parser("serve", help="run the gateway only")
    commands.add_parser("actions", help="run the action server only")
    commands.add_parser("telegram", help="run the Telegram bot (long polling)")
    db = commands.add_parser("db", help="database maintenance")
    db.add_argument(
        "action",
        choices=["init", "upgrade", "current", "revision"],
        help="init or upgrade: bring the schema up to date; current: show its revision; "
        "revision: write a migration for what the models changed",
    )
    db.add_argument("-m", "--message", help="what a new migration changes")
    kb = commands.add_parser("kb", help="knowledge base")
    kb.add_argument("action", choices=["check"])
    registry = commands.add_parser("registry", help="registry of sold units")
    registry_commands = registry.add_subparsers(dest="registry_command", required=True)
    registry_import = registry_commands.add_parser("import", help="import a CSV file")
    registry_import.add_argument("file", type=Path)
    chat = commands.add_parser("chat", help="chat with the running assistant")
    chat.add_argument("--url", help="gateway URL (default: from settings)")
    quality = commands.add_parser("quality", help="evaluate NLU on the held-out set")
    quality.add_argument("--output", type=Path, default=Path("docs/QUALITY.md"))
    quality.add_argument(
        "--knowledge-results", type=Path, help="the folder the e2e knowledge test wrote to"
    )
    answers = commands.add_parser(
        "answers", help="ask a situation set of the running assistant and score its answers"
    )
    answers.add_argument("situations", type=Path, help="a tests/data/kb_situations/*.yml file")
    answers.add_argument("--url", help="the gateway (default: this host's)")
    answers.add_argument("--json", type=Path, help="write every result here")
    spread = commands.add_parser(
        "answers-spread", help="compare the results of several 'answers' runs (seeds)"
    )
    spread.add_argument("results", type=Path, nargs="+", help="JSON written by 'answers --json'")
    repair_commands.add_commands(commands)
    complaint_commands.add_commands(commands)
    agent_commands.add_commands(commands)
    privacy.add_commands(commands)
    return parser


def _score_answers(situations: Path, url: str, settings: Settings, output: Path | None) -> int:
    """Asks every question of ``situations`` and prints the figures as Markdown."""
    import httpx

    from bot import answer_quality

    logging.getLogger("httpx").setLevel(logging.WARNING)  # one line per question is noise
    kb = load_knowledge_base(settings.knowledge_base_dir)
    questions = answer_quality.load_situations(situations)

    def progress(done: int) -> None:
        if done % 50 == 0 or done == len(questions):
            print(f"  {done}/{len(questions)} asked", file=sys.stderr, flush=True)

    with httpx.Client(base_url=url, timeout=60) as client:
        ask = answer_quality.asker(client)
        results = answer_quality.run(questions, ask, kb, progress)
    if output is not None:
        output.write_text(answer_quality.dump(results), encoding="utf-8")
    summaries = answer_quality.summarise(results)
    print(answer_quality.render_section(situations.stem, str(situations), summaries))
    return 0


def _announce_when_ready(settings: Settings) -> None:
    from bot.assistant import RasaAssistant

    assistant = RasaAssistant(str(settings.rasa_url), str(settings.actions_url), 5.0)
    try:
        while not (assistant.rasa_ready() and assistant.actions_ready()):
            time.sleep(1)
        logger.info(
            "Assistant ready: chat with '%s -m bot chat' or POST http://%s:%s/api/v1/conversations",
            sys.executable,
            settings.gateway_host,
            settings.gateway_port,
        )
    finally:
        assistant.close()


def _serve(settings: Settings) -> int:
    import uvicorn

    from bot.gateway import create_app
    from bot.gateway.rate_limits import DropThrottledAccessLines

    logging.getLogger("uvicorn.access").addFilter(DropThrottledAccessLines())
    threading.Thread(target=_announce_when_ready, args=(settings,), daemon=True).start()
    uvicorn.run(
        create_app(settings),
        host=settings.gateway_host,
        port=settings.gateway_port,
        log_level="info",
        timeout_graceful_shutdown=5,
        proxy_headers=True,
        forwarded_allow_ips=settings.trusted_proxies,
        # Uvicorn's loggers go to ours, through the filter that masks personal data.
        log_config=None,
    )
    return 0


def _actions(settings: Settings) -> int:
    from rasa_sdk.endpoint import run

    from bot import services

    services.warm_up()
    os.environ["SANIC_HOST"] = settings.actions_host
    run("actions", port=settings.actions_port, cors_origins=None)
    return 0


def _telegram(settings: Settings) -> int:
    if not settings.telegram_token:
        print(
            "error: set ASSISTANT_TELEGRAM_TOKEN to the bot's token from @BotFather",
            file=sys.stderr,
        )
        return 2
    from bot.telegram.application import run_polling

    return run_polling(settings)


def _on_database(settings: Settings, command: Callable[[Runtime], int]) -> int:
    """Runs ``command`` with the runtime on the assistant's database (schema ensured)."""
    runtime = build_runtime(settings)
    try:
        return command(runtime)
    finally:
        runtime.close()


def _database(settings: Settings, action: str, message: str | None) -> int:
    url = make_url(settings.effective_database_url).render_as_string(hide_password=True)
    if action == "revision":
        if not message:
            print("error: say what the migration changes with -m", file=sys.stderr)
            return 2
        # The models are ahead of the migrations here: upgrade, but check nothing.
        engine = open_engine(settings)
        try:
            load_models()
            upgrade_schema(engine)
            print(f"wrote {write_migration(engine, message)}: review it before committing")
        finally:
            engine.dispose()
        return 0
    if action == "current":
        runtime = build_runtime(settings, migrate=False)
        try:
            revision = current_revision(runtime.engine)
        finally:
            runtime.close()
        head = head_revision()
        if revision == head:
            print(f"{url}: revision {revision}, the newest")
            return 0
        print(
            f"{url}: revision {revision or 'none'}, newest {head}: run 'python -m bot db upgrade'"
        )
        return 1
    prepare_database(settings)
    print(f"database ready: {url} at revision {head_revision()}")
    return 0


def _import_registry(settings: Settings, path: Path) -> int:
    kb = load_knowledge_base(settings.knowledge_base_dir)

    def command(runtime: Runtime) -> int:
        report = import_registry(path, runtime.uow_factory, kb, runtime.clock.today())
        print(f"{path}: {report.summary()}")
        return 1 if report.errors else 0

    return _on_database(settings, command)


def main(argv: Sequence[str] | None = None) -> int:
    """Runs one command.

    Args:
        argv: Arguments without the program name (default: ``sys.argv[1:]``).

    Returns:
        The process exit code.
    """
    args = _parser().parse_args(argv)
    # The terminal chat shows the conversation only; servers and commands log their steps.
    logging.basicConfig(
        level=logging.WARNING if args.command == "chat" else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    log_privacy.install()
    try:
        settings = load_settings()
        if args.command == "cluster":
            from bot.cluster import start_cluster

            start_cluster(settings, args.instances)
            return 0
        if args.command == "run":
            start_stack(settings)
            return 0
        if args.command == "serve":
            return _serve(settings)
        if args.command == "actions":
            return _actions(settings)
        if args.command == "telegram":
            return _telegram(settings)
        if args.command == "db":
            return _database(settings, args.action, args.message)
        if args.command == "kb":
            kb = load_knowledge_base(settings.knowledge_base_dir)
            print(
                f"knowledge base OK: {len(kb.articles)} articles, {len(kb.models)} models, "
                f"{len(kb.categories)} categories, {len(kb.charges)} charges"
            )
            return 0
        if args.command == "registry":
            return _import_registry(settings, args.file)
        if args.command == "chat":
            from bot.chat import chat

            url = args.url or f"http://{settings.gateway_host}:{settings.gateway_port}"
            return chat(url)
        if args.command == "quality":
            from bot.quality import write_quality_report

            write_quality_report(args.output, args.knowledge_results)
            return 0
        if args.command == "answers":
            url = args.url or f"http://{settings.gateway_host}:{settings.gateway_port}"
            return _score_answers(args.situations, url, settings, args.json)
        if args.command == "answers-spread":
            from bot import answer_quality

            runs = [(p.stem, answer_quality.load_results(p)) for p in args.results]
            print(answer_quality.render_spread(runs))
            return 0
        if args.command in ("network", "repairs"):
            return _on_database(
                settings, lambda rt: repair_commands.run(args, rt.uow_factory, rt.clock.now())
            )
        if args.command in ("report", "complaints"):
            return _on_database(
                settings, lambda rt: complaint_commands.run(args, rt.uow_factory, rt.clock.now())
            )
        if args.command in ("customers", "customer"):
            files = PhotoFiles(settings.effective_attachments_dir, settings.max_attachment_bytes)
            tracker = open_tracker_store(settings)
            try:
                return _on_database(
                    settings,
                    lambda rt: privacy.run(args, rt.uow_factory, files, tracker, rt.clock.now()),
                )
            finally:
                tracker.close()
        if args.command == "agents":
            return _on_database(
                settings, lambda rt: agent_commands.run(args, rt.uow_factory, rt.clock.now())
            )
    except (
        SettingsError,
        StackError,
        SchemaOutdatedError,
        KnowledgeBaseError,
        RegistryFileError,
        repairs.RepairsError,
        complaints.ComplaintsError,
        agents.AgentsError,
    ) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 2
