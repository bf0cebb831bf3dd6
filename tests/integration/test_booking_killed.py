"""A booking whose process is killed (``kill -9``) while it commits leaves nothing behind.

The booking runs in a process of its own that stops just before the database commit
(every row of the booking already sent); the test kills it there. Afterwards there is
no booking and no window claim, and the same window can be booked at once.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from sqlalchemy import Engine

from bot.db import UowFactory
from bot.repairs import book
from bot.repairs.models import BookingRecord, WindowClaim
from bot.stack import PROJECT_ROOT
from tests.integration.helpers import count_rows, import_network_data, window_at
from tests.integration.test_booking_race import NETWORK, NOW, _request

BOOK_AND_STALL = """
import sys, time
from functools import partial
from sqlalchemy import event
from bot.db import UnitOfWork, create_database_engine, make_session_factory
from bot.repairs import book
from bot.runtime import load_models
from tests.integration.helpers import window_at
from tests.integration.test_booking_race import NOW, _request

engine = create_database_engine(sys.argv[1])
load_models()

@event.listens_for(engine, "commit")
def stall(connection):
    print("committing", flush=True)
    time.sleep(120)

book(partial(UnitOfWork, make_session_factory(engine)), _request(7), window_at(25, 8), now=NOW)
print("committed", flush=True)
"""


def test_a_booking_killed_while_committing_writes_nothing(
    tmp_path: Path, engine: Engine, uow_factory: UowFactory
) -> None:
    import_network_data(tmp_path, uow_factory, NETWORK, NOW)
    url = engine.url.render_as_string(hide_password=False)
    process = subprocess.Popen(
        [sys.executable, "-c", BOOK_AND_STALL, url],
        cwd=PROJECT_ROOT,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(PROJECT_ROOT)},
    )
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "committing"
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=30)

    assert count_rows(uow_factory, BookingRecord) == 0
    assert count_rows(uow_factory, WindowClaim) == 0
    booked = book(uow_factory, _request(8), window_at(25, 8), now=NOW)
    assert booked.window == window_at(25, 8)
    assert count_rows(uow_factory, BookingRecord) == 1
