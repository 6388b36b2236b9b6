"""Supervised background services: a failure is logged and waited out, the service starts
again, and nothing else stops."""

from __future__ import annotations

import itertools

import pytest
import trio
import trio.testing

from kolektor.supervise import ServiceState, Supervisor


async def test_a_failing_service_is_restarted_with_growing_waits(
    autojump_clock: trio.testing.MockClock, caplog: pytest.LogCaptureFixture
) -> None:
    supervisor = Supervisor(base=1.0, cap=60.0)
    starts: list[float] = []

    async def flaky(*, task_status: trio.TaskStatus[None]) -> None:
        starts.append(trio.current_time())
        task_status.started()
        if len(starts) <= 3:
            raise RuntimeError(f"store went away ({len(starts)})")
        await trio.sleep_forever()

    async with trio.open_nursery() as nursery:
        await supervisor.start(nursery, "pipeline", flaky)
        await trio.sleep(30)
        status = supervisor.services["pipeline"]
        assert status.state is ServiceState.RUNNING
        assert status.restarts == 3
        assert status.last_error == "RuntimeError: store went away (3)"
        nursery.cancel_scope.cancel()
    waits = [later - earlier for earlier, later in itertools.pairwise(starts)]
    assert [round(w) for w in waits] == [1, 2, 4]  # ±10 % jitter
    failures = [r for r in caplog.records if r.getMessage() == "service.failed"]
    assert len(failures) == 3 and failures[0].exc_info is not None  # with the traceback


async def test_a_service_that_fails_before_it_started_does_not_hold_the_server_up(
    autojump_clock: trio.testing.MockClock,
) -> None:
    supervisor = Supervisor()
    attempts = 0

    async def broken_at_start(*, task_status: trio.TaskStatus[None]) -> None:
        nonlocal attempts
        attempts += 1
        if attempts < 3:
            raise OSError("Subiekt unreachable")
        task_status.started()
        await trio.sleep_forever()

    async with trio.open_nursery() as nursery:
        await supervisor.start(nursery, "intake", broken_at_start)  # returns at once
        assert supervisor.services["intake"].state is ServiceState.RESTARTING
        assert not supervisor.healthy
        await trio.sleep(10)
        assert supervisor.services["intake"].state is ServiceState.RUNNING
        assert supervisor.healthy
        nursery.cancel_scope.cancel()


async def test_errors_inside_a_services_own_nursery_are_caught_too(
    autojump_clock: trio.testing.MockClock,
) -> None:
    supervisor = Supervisor()
    rounds = 0

    async def with_workers(*, task_status: trio.TaskStatus[None]) -> None:
        nonlocal rounds
        rounds += 1
        task_status.started()
        async with trio.open_nursery() as inner:
            if rounds == 1:
                inner.start_soon(_fail_soon)
            await trio.sleep_forever()

    async with trio.open_nursery() as nursery:
        await supervisor.start(nursery, "group", with_workers)
        await trio.sleep(5)
        status = supervisor.services["group"]
        assert (status.state, status.restarts) == (ServiceState.RUNNING, 1)
        assert status.last_error == "ValueError: a worker failed"
        nursery.cancel_scope.cancel()


async def _fail_soon() -> None:
    await trio.sleep(0.5)
    raise ValueError("a worker failed")


async def test_a_service_returning_is_started_again(autojump_clock: trio.testing.MockClock) -> None:
    supervisor = Supervisor()
    runs = 0

    async def returns(*, task_status: trio.TaskStatus[None]) -> None:
        nonlocal runs
        runs += 1
        task_status.started()
        if runs < 2:
            return
        await trio.sleep_forever()

    async with trio.open_nursery() as nursery:
        await supervisor.start(nursery, "watch", returns)
        await trio.sleep(5)
        assert runs == 2
        assert supervisor.services["watch"].last_error == "the service stopped by itself"
        nursery.cancel_scope.cancel()
