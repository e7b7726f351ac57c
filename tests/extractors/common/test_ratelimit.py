"""The shared token bucket: one budget across processes, on a simulated clock (no real waits).

Processes share a simulated clock kept in a file: ``now`` reads it, ``sleep`` moves it forward.
A granted draw is logged with the clock time it was taken at; the invariant of a token bucket is
that over any interval [a, b] at most ``capacity + rate × (b − a)`` draws are granted.
"""

import fcntl
import multiprocessing
from pathlib import Path

import pytest

from extractors.common.ratelimit import RateLimitTimeoutError, SharedTokenBucket

RATE, CAPACITY = 10.0, 5.0


class FileClock:
    """A clock shared by processes: seconds stored in a file, advanced only by ``sleep``."""

    def __init__(self, path: Path, start: float = 1000.0) -> None:
        self.path = path
        if not path.exists():
            path.write_text(repr(start))

    def now(self) -> float:
        with self.path.open() as f:
            fcntl.flock(f, fcntl.LOCK_SH)
            return float(f.read())

    def sleep(self, seconds: float) -> None:
        with self.path.open("r+") as f:
            fcntl.flock(f, fcntl.LOCK_EX)
            t = float(f.read())
            f.seek(0)
            f.write(repr(t + seconds))
            f.truncate()


def draw_many(directory: str, clock_file: str, n: int, out: multiprocessing.Queue) -> None:
    clock = FileClock(Path(clock_file))
    bucket = SharedTokenBucket(
        directory, "tiktok:app", RATE, CAPACITY, clock=clock.now, sleep=clock.sleep
    )
    out.put([bucket.acquire().at for _ in range(n)])


def run_processes(dirs: list[Path], clock_file: Path, n: int) -> list[float]:
    FileClock(clock_file)  # created before the children start, so none reads a half-written file
    ctx = multiprocessing.get_context("fork")
    out = ctx.Queue()
    procs = [ctx.Process(target=draw_many, args=(str(d), str(clock_file), n, out)) for d in dirs]
    for p in procs:
        p.start()
    grants = [t for _ in procs for t in out.get(timeout=60)]
    for p in procs:
        p.join(timeout=60)
        assert p.exitcode == 0
    return sorted(grants)


def worst_excess(grants: list[float]) -> float:
    """Largest (draws in [t_i, t_j]) − (capacity + rate × (t_j − t_i)) over all pairs."""
    worst = float("-inf")
    for i in range(len(grants)):
        for j in range(i, len(grants)):
            worst = max(worst, (j - i + 1) - (CAPACITY + RATE * (grants[j] - grants[i])))
    return worst


def test_two_processes_drawing_from_one_bucket_never_exceed_the_rate(tmp_path):
    grants = run_processes([tmp_path / "shared", tmp_path / "shared"], tmp_path / "clock", 60)

    assert len(grants) == 120
    assert worst_excess(grants) <= 1e-6
    # one budget: 120 draws need (120 − 5 burst) / 10 per second of clock time
    assert grants[-1] - grants[0] >= (120 - CAPACITY) / RATE - 1e-6


def test_two_processes_with_their_own_buckets_do_exceed_it(tmp_path):
    # the control: the same check catches a limiter that is not shared
    grants = run_processes([tmp_path / "a", tmp_path / "b"], tmp_path / "clock", 60)

    assert worst_excess(grants) > 1


def test_a_full_bucket_grants_its_burst_then_one_token_per_interval(tmp_path):
    clock = FileClock(tmp_path / "clock")
    waits: list[float] = []

    def sleep(s: float) -> None:
        waits.append(s)
        clock.sleep(s)

    bucket = SharedTokenBucket(tmp_path, "k", RATE, CAPACITY, clock=clock.now, sleep=sleep)
    grants = [bucket.acquire() for _ in range(7)]

    assert [g.waited_s for g in grants[:5]] == [0.0] * 5
    assert waits == pytest.approx([0.1, 0.1])
    assert grants[6].at - grants[0].at == pytest.approx(0.2)


def test_a_penalty_makes_every_holder_of_the_key_wait(tmp_path):
    clock = FileClock(tmp_path / "clock")
    one = SharedTokenBucket(tmp_path, "k", RATE, CAPACITY, clock=clock.now, sleep=clock.sleep)
    other = SharedTokenBucket(tmp_path, "k", RATE, CAPACITY, clock=clock.now, sleep=clock.sleep)

    one.penalize(5.0)
    grant = other.acquire()

    assert grant.waited_s == pytest.approx(5.1)  # the debt, then one token's interval
    assert other.level() == pytest.approx(0.0)


def test_a_clock_stepping_back_mints_no_tokens(tmp_path):
    now = [1000.0]
    bucket = SharedTokenBucket(tmp_path, "k", RATE, 1, clock=lambda: now[0], sleep=lambda s: None)
    assert bucket.try_acquire() == 0.0
    now[0] = 900.0  # wall clock corrected backwards
    assert bucket.try_acquire() == pytest.approx(0.1)
    now[0] = 1000.05
    assert bucket.try_acquire() == pytest.approx(0.05)


def test_waiting_longer_than_max_wait_raises_instead_of_hanging(tmp_path):
    clock = FileClock(tmp_path / "clock")
    bucket = SharedTokenBucket(
        tmp_path, "k", RATE, 1, clock=clock.now, sleep=clock.sleep, max_wait_s=2.0
    )
    bucket.penalize(60.0)
    with pytest.raises(RateLimitTimeoutError, match="k: waited"):
        bucket.acquire()


@pytest.mark.parametrize(("rate", "capacity"), [(0, 1), (1, 0.5)])
def test_nonsense_settings_are_refused(tmp_path, rate, capacity):
    with pytest.raises(ValueError, match="must be"):
        SharedTokenBucket(tmp_path, "k", rate, capacity)
