"""AuthService on a real store (SQLite and PostgreSQL): logins, throttling and lockouts,
sessions and their end, HTTP Basic, and the watch over live scanner sessions."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
import trio

from kolektor.auth.hashing import Hashing
from kolektor.auth.keys import token_hash
from kolektor.auth.service import AuthService, Client, LoginRefused, SessionEnded
from kolektor.config import SecuritySettings
from kolektor.store import Store, audit, operators
from kolektor.store.sessions import EndReason, SessionKind
from kolektor.store.tables import sessions as sessions_table

KEY = b"badge key for the auth tests...."


@dataclass
class Clocks:
    """Wall time and steady time the test moves by hand."""

    now: datetime = field(default_factory=lambda: datetime(2026, 12, 7, 8, 0, tzinfo=UTC))
    steady: float = 1000.0

    def wall(self) -> datetime:
        return self.now

    def monotonic(self) -> float:
        return self.steady

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)
        self.steady += seconds


@pytest.fixture
def clocks() -> Clocks:
    return Clocks()


@pytest.fixture
def people(store: Store) -> Iterator[dict[str, int]]:
    ids = {
        "biuro": store.run_sync(operators.create_operator, login="biuro", name="Biuro",
                                role="office", password="biuro-haslo"),
        "anna": store.run_sync(operators.create_operator, login="anna", name="Anna",
                               role="picker", pin="1111", badge_code="OP-0001", badge_key=KEY),
        "marek": store.run_sync(operators.create_operator, login="marek", name="Marek",
                                role="packer", pin="2222", badge_code="OP-0002", badge_key=KEY,
                                badge_only=True),
    }  # fmt: skip
    yield ids


def service(store: Store, clocks: Clocks, **settings: object) -> AuthService:
    return AuthService(
        store, SecuritySettings(**settings), KEY,  # type: ignore[arg-type]
        clock=clocks.wall, monotonic=clocks.monotonic,
    )  # fmt: skip


def audit_actions(store: Store) -> list[tuple[str, str | None]]:
    return [(e.action, e.target) for e in reversed(store.read_sync(audit.recent, 500))]


HERE = Client("10.0.0.5", "pytest")


async def test_office_login_starts_a_session_with_a_csrf_token(
    store: Store, people: dict[str, int], clocks: Clocks
) -> None:
    auth = service(store, clocks)
    logged = await auth.login_office("BIURO", "biuro-haslo", HERE)
    assert logged.operator.login == "biuro" and logged.token is not None
    session = logged.session
    assert session is not None and session.kind is SessionKind.OFFICE
    assert session.csrf_token and session.csrf_token != logged.token
    assert session.id != logged.token  # only the hash of the token is stored
    assert (session.source, session.user_agent) == ("10.0.0.5", "pytest")
    found, operator = await auth.session(logged.token, SessionKind.OFFICE)
    assert (found.id, operator.id) == (session.id, people["biuro"])
    with pytest.raises(SessionEnded):
        await auth.session(logged.token, SessionKind.DEVICE)  # not a device's token
    stored = store.read_sync(operators.get_operator, people["biuro"])
    assert stored is not None and stored.last_login_at is not None


async def test_wrong_and_unknown_logins_are_counted_logged_and_audited(
    store: Store, people: dict[str, int], clocks: Clocks
) -> None:
    auth = service(store, clocks)
    for login, password in (("biuro", "zle-haslo"), ("nikt", "cokolwiek")):
        with pytest.raises(LoginRefused) as refused:
            await auth.login_office(login, password, HERE)
        assert refused.value.code == "login_failed"
    biuro = store.read_sync(operators.get_operator, people["biuro"])
    assert biuro is not None and biuro.failed_logins == 1
    await auth.flush_audit()  # made-up logins are written in batches
    assert audit_actions(store)[-2:] == [
        ("login.failed", "operator:biuro"),
        ("login.failed", "login:nikt"),
    ]


async def test_a_picker_cannot_log_in_to_the_office_nor_an_office_clerk_on_a_scanner(
    store: Store, people: dict[str, int], clocks: Clocks
) -> None:
    auth = service(store, clocks)
    store.run_sync(operators.update_operator, people["anna"], actor="test",
                   password_hash=operators.hash_secret("anna-haslo"))  # fmt: skip
    with pytest.raises(LoginRefused) as refused:
        await auth.login_office("anna", "anna-haslo", HERE)
    assert refused.value.code == "forbidden"
    store.run_sync(operators.update_operator, people["biuro"], actor="test",
                   pin_hash=operators.hash_secret("5555"))  # fmt: skip
    with pytest.raises(LoginRefused) as refused:
        await auth.login_device(HERE, "tc52", login="biuro", pin="5555")
    assert refused.value.code == "forbidden"
    # The right secret with the wrong role is not a failed guess.
    anna = store.read_sync(operators.get_operator, people["anna"])
    assert anna is not None and anna.failed_logins == 0


async def test_scanner_logins_badge_and_pin(
    store: Store, people: dict[str, int], clocks: Clocks
) -> None:
    auth = service(store, clocks)
    logged = await auth.login_device(HERE, "tc52", badge=" op-0001 ", pin="1111")
    assert logged.operator.login == "anna" and logged.session is not None
    assert logged.session.kind is SessionKind.DEVICE and logged.session.device_id == "tc52"
    for badge in ("OP-0001", "OP-4040"):  # known or not: the same answer
        with pytest.raises(LoginRefused) as refused:
            await auth.login_device(HERE, "tc52", badge=badge)
        assert refused.value.code == "pin_required"
    badge_only = await auth.login_device(HERE, "tc52", badge="Op-0002")
    assert badge_only.operator.login == "marek"
    with pytest.raises(LoginRefused) as refused:
        await auth.login_device(HERE, "tc52", badge="OP-0001", pin="1112")
    assert refused.value.code == "login_failed"
    by_login = await auth.login_device(HERE, "tc52", login="ANNA", pin="1111")
    assert by_login.operator.login == "anna"


async def test_an_account_locks_after_ten_failures_until_it_expires_or_is_lifted(
    store: Store, people: dict[str, int], clocks: Clocks
) -> None:
    auth = service(store, clocks)
    codes: list[str] = []
    for attempt in range(30):
        if codes.count("login_failed") == 10:
            break
        client = Client(f"10.0.1.{attempt}")  # many addresses: only the account counts
        try:
            await auth.login_device(client, "tc52", login="anna", pin="0000")
        except LoginRefused as refused:
            codes.append(refused.code)
            if refused.code == "login_throttled":
                assert refused.retry_after is not None
                clocks.advance(refused.retry_after)
    assert codes == ["login_failed"] * 4 + ["login_throttled", "login_failed"] * 6
    with pytest.raises(LoginRefused) as refused:  # even the right PIN, while locked
        await auth.login_device(Client("10.0.2.1"), "tc52", login="anna", pin="1111")
    assert refused.value.code == "account_locked" and refused.value.retry_after == 15 * 60
    actions = [a for a, _ in audit_actions(store)]
    assert actions.count("login.failed") == 10 and actions.count("login.locked") == 1

    await auth.unlock(people["anna"], actor="operator:kierownik")
    logged = await auth.login_device(Client("10.0.2.1"), "tc52", login="anna", pin="1111")
    assert logged.operator.failed_logins == 0
    assert ("login.unlocked", "operator:anna") in audit_actions(store)


async def test_a_source_is_throttled_without_checking_the_secret(
    store: Store, people: dict[str, int], clocks: Clocks
) -> None:
    auth = service(store, clocks)
    codes = []
    for number in range(10):
        try:
            await auth.login_office(f"nikt{number}", "zle", HERE)
        except LoginRefused as refused:
            codes.append(refused.code)
    assert codes == ["login_failed"] * 6 + ["login_throttled"] * 4
    await auth.flush_audit()
    # Refused attempts were never checked nor audited: six failures in the trail.
    assert [a for a, _ in audit_actions(store)].count("login.failed") == 6
    clocks.advance(1)
    with pytest.raises(LoginRefused) as refused:
        await auth.login_office("biuro", "zle", HERE)
    assert refused.value.code == "login_failed"  # after the wait, one more real try


async def test_parallel_guesses_from_one_address_cannot_slip_past_the_counter(
    store: Store, people: dict[str, int], clocks: Clocks
) -> None:
    auth = service(store, clocks)
    codes: list[str] = []

    async def guess(number: int) -> None:
        try:
            await auth.login_device(HERE, "tc52", login="anna", pin=f"{number:04d}")
        except LoginRefused as refused:
            codes.append(refused.code)

    async with trio.open_nursery() as nursery:
        for number in range(20):
            nursery.start_soon(guess, 2000 + number)
    # The attempts ran one at a time: 3 free failures for the account, then it had to wait.
    assert sorted(set(codes)) == ["login_failed", "login_throttled"]
    assert codes.count("login_failed") == 4
    anna = store.read_sync(operators.get_operator, people["anna"])
    assert anna is not None and anna.failed_logins == 4


async def test_too_many_waiting_checks_are_refused_as_busy(
    store: Store, people: dict[str, int], clocks: Clocks
) -> None:
    hashed = operators.hash_secret("prawdziwe-haslo")
    for number in range(8):
        store.run_sync(operators.create_operator, login=f"biuro{number}", name="B",
                       role="office", password_hash=hashed)  # fmt: skip
    auth = AuthService(store, SecuritySettings(), KEY, hashing=Hashing(max_waiting=1),
                       clock=clocks.wall, monotonic=clocks.monotonic)  # fmt: skip
    codes: list[str] = []

    async def attempt(number: int) -> None:
        try:
            await auth.login_office(f"biuro{number}", "zle", Client(f"10.0.3.{number}"))
        except LoginRefused as refused:
            codes.append(refused.code)

    async with trio.open_nursery() as nursery:
        for number in range(8):
            nursery.start_soon(attempt, number)
    assert "busy" in codes and "login_failed" in codes
    assert len(codes) == 8


async def test_made_up_logins_cost_no_argon2_check(
    store: Store, people: dict[str, int], clocks: Clocks
) -> None:
    """A flood of logins nobody has never reaches the argon2 pool (so it cannot take the
    CPU from the scanners nor fill the pool's queue), yet takes as long to refuse."""
    hashing = Hashing(max_waiting=0)  # any real check would be refused as busy
    auth = AuthService(store, SecuritySettings(), KEY, hashing=hashing,
                       clock=clocks.wall, monotonic=clocks.monotonic)  # fmt: skip
    for number in range(5):
        started = trio.current_time()
        with pytest.raises(LoginRefused) as refused:
            await auth.login_office(f"nikt{number}", "zle", Client(f"10.0.4.{number}"))
        assert refused.value.code == "login_failed"
        assert trio.current_time() - started >= hashing.typical * 0.8


async def test_sessions_end_when_access_changes(
    store: Store, people: dict[str, int], clocks: Clocks
) -> None:
    auth = service(store, clocks)

    async def fresh() -> str:
        logged = await auth.login_device(HERE, "tc52", badge="OP-0001", pin="1111")
        assert logged.token is not None
        return logged.token

    async def reason_for(token: str) -> EndReason | None:
        try:
            await auth.session(token, SessionKind.DEVICE)
        except SessionEnded as ended:
            return ended.reason
        return None

    token = await fresh()
    assert await reason_for(token) is None
    store.run_sync(operators.update_operator, people["anna"], actor="t", role="packer")
    assert await reason_for(token) is EndReason.REVOKED  # demoted or promoted: log in again

    token = await fresh()
    store.run_sync(operators.update_operator, people["anna"], actor="t",
                   pin_hash=operators.hash_secret("1111"))  # fmt: skip
    assert await reason_for(token) is EndReason.REVOKED  # PIN changed

    token = await fresh()
    store.run_sync(operators.set_active, people["anna"], False)
    assert await reason_for(token) is EndReason.INACTIVE
    store.run_sync(operators.set_active, people["anna"], True)

    token = await fresh()
    clocks.advance(61 * 60)  # idle longer than device_idle_minutes (60)
    assert await reason_for(token) is EndReason.IDLE

    token = await fresh()
    for _ in range(13):  # used every hour, but the shift is over after 12 h
        clocks.advance(3600)
        auth.seen(token_hash(token))
    assert await reason_for(token) is EndReason.EXPIRED
    # An ended session stays ended (a second look does not revive it).
    assert await reason_for(token) is EndReason.EXPIRED


async def test_resume_needs_the_same_device(
    store: Store, people: dict[str, int], clocks: Clocks
) -> None:
    auth = service(store, clocks)
    logged = await auth.login_device(HERE, "tc52-01", badge="OP-0001", pin="1111")
    assert logged.token is not None
    resumed = await auth.resume_device(logged.token, "tc52-01")
    assert resumed.operator.login == "anna" and resumed.token is None
    with pytest.raises(SessionEnded):
        await auth.resume_device(logged.token, "tc52-99")
    with pytest.raises(SessionEnded):
        await auth.resume_device("x" * 43, "tc52-01")


async def test_basic_credentials_are_checked_once_then_remembered_until_access_changes(
    store: Store, people: dict[str, int], clocks: Clocks
) -> None:
    auth = service(store, clocks)

    def last_login() -> datetime | None:
        operator = store.read_sync(operators.get_operator, people["biuro"])
        assert operator is not None
        return operator.last_login_at

    assert (await auth.basic("biuro", "biuro-haslo", HERE)).login == "biuro"
    login_at = last_login()
    assert login_at is not None
    await trio.sleep(0.01)
    assert (await auth.basic("biuro", "biuro-haslo", HERE)).login == "biuro"
    assert last_login() == login_at  # remembered: no second check, no second login
    store.run_sync(operators.update_operator, people["biuro"], actor="t",
                   password_hash=operators.hash_secret("nowe-haslo-1"))  # fmt: skip
    with pytest.raises(LoginRefused):
        await auth.basic("biuro", "biuro-haslo", HERE)  # the old password stops at once
    assert (await auth.basic("biuro", "nowe-haslo-1", HERE)).login == "biuro"


@dataclass
class FakeSocket:
    """Stands in for a scanner connection (the LiveSession protocol) in these tests."""

    session_id: str | None
    ended: list[EndReason] = field(default_factory=list)

    async def session_ended(self, reason: EndReason) -> None:
        self.ended.append(reason)
        self.session_id = None


async def test_the_watch_tells_live_connections_when_their_session_ends(
    store: Store, people: dict[str, int], clocks: Clocks
) -> None:
    auth = service(store, clocks)
    sockets = []
    for badge, pin in (("OP-0001", "1111"), ("OP-0002", "2222")):
        logged = await auth.login_device(HERE, f"tc-{badge}", badge=badge, pin=pin)
        assert logged.session is not None
        sockets.append(FakeSocket(logged.session.id))
        auth.attach(sockets[-1])
    await auth.check_live()
    assert [s.ended for s in sockets] == [[], []]
    store.run_sync(operators.set_active, people["anna"], False)
    await auth.check_live()
    assert [s.ended for s in sockets] == [[EndReason.INACTIVE], []]
    ended = store.read_sync(lambda c: c.execute(
        sa.select(sessions_table.c.end_reason).where(sessions_table.c.ended_at.is_not(None))
    ).scalars().all())  # fmt: skip
    assert ended == ["inactive"]


async def test_the_watch_survives_a_store_outage(
    store: Store,
    people: dict[str, int],
    clocks: Clocks,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    # Real time (store calls run in threads, which a mock clock would jump past), quick rounds.
    monkeypatch.setattr("kolektor.auth.service.WATCH_INTERVAL", 0.05)
    auth = service(store, clocks)
    logged = await auth.login_device(HERE, "tc52", badge="OP-0001", pin="1111")
    assert logged.session is not None
    socket = FakeSocket(logged.session.id)
    auth.attach(socket)
    async with trio.open_nursery() as nursery:
        await nursery.start(lambda task_status: auth.run(task_status=task_status))
        store.run_sync(lambda c: c.execute(sa.text("ALTER TABLE sessions RENAME TO sessions_x")))
        with trio.fail_after(10):
            while len(failed_rounds(caplog)) < 3:  # noqa: ASYNC110
                await trio.sleep(0.05)  # the watch fails, logs, and tries again
        store.run_sync(lambda c: c.execute(sa.text("ALTER TABLE sessions_x RENAME TO sessions")))
        store.run_sync(operators.set_active, people["anna"], False)
        auth.operator_changed(people["anna"])
        with trio.fail_after(10):
            while not socket.ended:  # noqa: ASYNC110
                await trio.sleep(0.05)
        nursery.cancel_scope.cancel()
    assert socket.ended == [EndReason.INACTIVE]
    assert "sessions" in str(failed_rounds(caplog)[0])  # the reason is in the log


def failed_rounds(caplog: pytest.LogCaptureFixture) -> list[object]:
    return [
        getattr(r, "kolektor_fields", {}).get("error")
        for r in caplog.records
        if r.getMessage() == "auth.watch_failed"
    ]


async def test_badges_alone_never_tell_which_badges_exist(
    store: Store, people: dict[str, int], clocks: Clocks
) -> None:
    auth = service(store, clocks)

    async def probe(badge: str, source: str) -> list[str]:
        codes = []
        for _ in range(8):
            try:
                await auth.login_device(Client(source), "tc52", badge=badge)
            except LoginRefused as refused:
                codes.append(refused.code)
        return codes

    known = await probe("OP-0001", "10.0.5.1")  # anna: a real badge that needs a PIN
    unknown = await probe("OP-4040", "10.0.5.2")
    assert known == unknown == ["pin_required"] * 6 + ["login_throttled"] * 2


async def test_the_two_step_badge_login_costs_nothing(
    store: Store, people: dict[str, int], clocks: Clocks
) -> None:
    auth = service(store, clocks)
    for _ in range(20):  # a shift change: many people log in on one handheld
        with pytest.raises(LoginRefused) as refused:
            await auth.login_device(HERE, "tc52", badge="OP-0001")
        assert refused.value.code == "pin_required"
        logged = await auth.login_device(HERE, "tc52", badge="OP-0001", pin="1111")
        assert logged.operator.login == "anna"


async def test_reconnecting_does_not_keep_an_idle_device_session_alive(
    store: Store, people: dict[str, int], clocks: Clocks
) -> None:
    auth = service(store, clocks)
    logged = await auth.login_device(HERE, "tc52", badge="OP-0001", pin="1111")
    assert logged.token is not None
    for _ in range(4):  # the app reconnects every 20 minutes, nobody scans
        clocks.advance(20 * 60)
        try:
            await auth.resume_device(logged.token, "tc52")
        except SessionEnded as ended:
            assert ended.reason is EndReason.IDLE
            break
    else:
        raise AssertionError("an idle device stayed logged in by reconnecting")


async def test_a_refusal_names_the_longer_of_the_address_and_account_waits(
    store: Store, people: dict[str, int], clocks: Clocks
) -> None:
    auth = service(store, clocks)

    async def attempt() -> LoginRefused:
        with pytest.raises(LoginRefused) as refused:
            await auth.login_device(HERE, "tc52", login="anna", pin="0000")
        return refused.value

    for _ in range(4):
        assert (await attempt()).code == "login_failed"
    clocks.advance(1)
    assert (await attempt()).code == "login_failed"  # the account's 5th: it waits 2 s
    clocks.advance(2)
    assert (await attempt()).code == "login_failed"  # the 6th: address 1 s, account 4 s
    refused = await attempt()
    assert (refused.code, refused.retry_after) == ("login_throttled", 4)
    clocks.advance(4)
    assert (await attempt()).code == "login_failed"  # one wait was enough
