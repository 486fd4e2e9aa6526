"""Monte Carlo runs started from the app: one background job per browser session, run in a
thread in blocks of draws (`montecarlo.monte_carlo`'s own blocks), reporting its progress and
stopping between blocks when cancelled.

The registry is bounded: one job per session (a new one only when the last has finished),
at most `MAX_RUNNING` running at once on the server, and at most `MAX_KEPT` finished results
kept (the oldest forgotten first).  Draws are capped at `MAX_DRAWS`, so a job's memory is
bounded too (about 300 MB at 20,000 draws by pod and CCG on mse-2016).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from icsplan.safety.fields import form_number

if TYPE_CHECKING:
    from collections.abc import Callable

    from icsplan.montecarlo import Uncertainty

MIN_DRAWS, MAX_DRAWS = 100, 20_000
MAX_SEED = 2**32 - 1
MAX_RUNNING = 2
MAX_KEPT = 32
LEVELS = {"pod": ("pod",), "ccg": ("pod", "ccg")}


class Cancelled(Exception):  # noqa: N818  (a state, not an error: the user asked for it)
    """Raised between blocks of draws when the job was cancelled."""


@dataclass(frozen=True)
class Settings:
    """A Monte Carlo run as the user asked for it (checked)."""

    draws: int
    seed: int
    levels: tuple[str, ...] = ("pod",)
    poisson: bool = False


def _whole(value: object) -> int | None:
    """`value` as a whole number, or None."""
    number = form_number(value)
    return int(number) if number is not None and number.is_integer() else None


def check_settings(draws: object, seed: object, level: object = "pod",
                   poisson: object = False) -> tuple[Settings | None, dict[str, str]]:
    """The settings, or one plain sentence per field that is wrong (keyed by field)."""
    problems = {}
    n = _whole(draws)
    if n is None or not MIN_DRAWS <= n <= MAX_DRAWS:
        problems["draws"] = (f"The number of draws must be a whole number from {MIN_DRAWS:,} "
                             f"to {MAX_DRAWS:,}; got '{'' if draws is None else draws}'.")
    s = _whole(seed)
    if s is None or not 0 <= s <= MAX_SEED:
        problems["seed"] = (f"The seed must be a whole number from 0 to {MAX_SEED:,}; got "
                            f"'{'' if seed is None else seed}'.")
    if level not in LEVELS:
        problems["level"] = f"Choose the activity by pod, or by pod and CCG; got '{level}'."
    if problems:
        return None, problems
    return Settings(int(n), int(s), LEVELS[str(level)], bool(poisson)), {}


@dataclass
class Job:
    """One Monte Carlo run: its settings, progress (blocks done of blocks), state and result.

    `state` is "running", "done", "cancelled" or "failed"."""

    settings: Settings
    work: Callable[[Settings, Callable[[int, int], None]], Uncertainty]
    done: int = 0
    total: int = 0
    state: str = "running"
    result: Uncertainty | None = None
    error: str = ""
    _cancel: threading.Event = field(default_factory=threading.Event, repr=False)

    @property
    def fraction(self) -> float:
        """Share of the blocks done (0 before the first block is counted)."""
        return self.done / self.total if self.total else 0.0

    @property
    def finished(self) -> bool:
        """True once the job has stopped, whatever the reason."""
        return self.state != "running"

    def cancel(self) -> None:
        """Ask the job to stop at the end of the block it is drawing."""
        self._cancel.set()

    def _progress(self, done: int, total: int) -> None:
        self.done, self.total = done, total
        if self._cancel.is_set():
            raise Cancelled

    def run(self) -> None:
        """Run the job here (the registry runs it in a thread)."""
        try:
            if self._cancel.is_set():
                raise Cancelled
            self.result = self.work(self.settings, self._progress)
            self.state = "done"
        except Cancelled:
            self.state = "cancelled"
        except Exception as exc:  # noqa: BLE001  (shown to the user; the server keeps running)
            self.error = str(exc) or type(exc).__name__
            self.state = "failed"


class JobRegistry:
    """The app's Monte Carlo jobs by session key (thread-safe)."""

    def __init__(self, max_running: int = MAX_RUNNING, max_kept: int = MAX_KEPT):
        """At most `max_running` jobs running and `max_kept` jobs remembered."""
        self.max_running, self.max_kept = max_running, max_kept
        self._jobs: OrderedDict[str, Job] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str | None) -> Job | None:
        """The session's job (running or finished), if any."""
        with self._lock:
            return self._jobs.get(key or "")

    def start(self, key: str, job: Job, background: bool = True) -> str:
        """Start `job` for session `key`; returns "" or why it cannot start."""
        with self._lock:
            old = self._jobs.get(key)
            if old is not None and not old.finished:
                return "A Monte Carlo run is already running: wait for it or cancel it."
            running = sum(not j.finished for j in self._jobs.values())
            if running >= self.max_running:
                return ("The server is busy with other Monte Carlo runs: try again in a "
                        "minute.")
            self._jobs.pop(key, None)
            self._jobs[key] = job
            while len(self._jobs) > self.max_kept:
                oldest = next((k for k, j in self._jobs.items() if j.finished), None)
                if oldest is None:
                    break
                del self._jobs[oldest]
        if background:
            threading.Thread(target=job.run, daemon=True, name=f"montecarlo-{key[:6]}").start()
        else:
            job.run()
        return ""

    def cancel(self, key: str | None) -> bool:
        """Cancel the session's running job; False when there is none."""
        job = self.get(key)
        if job is None or job.finished:
            return False
        job.cancel()
        return True

    def __len__(self) -> int:
        """Jobs remembered."""
        with self._lock:
            return len(self._jobs)
