"""Browser end-to-end tests: Playwright for Python drives Debian's Chromium
against a real ASGI server process (Daphne, tests/servers.py) serving the test
database and the channel layer of this run (Redis under `make test`).

Every test here is marked ``e2e`` and is skipped, with the reason, when
Chromium is not installed. Each test is a *scenario*: people (each in a
browser context of their own: a desktop partner, a phone partner at 390×844,
a therapist) go through the product by its UI, and every step is checked with
axe-core (no serious or critical violation) and photographed to
``test-output/screenshots/<scenario>/NN-<step>-<who>.png``.

One Playwright driver and one Chromium serve the whole run (starting them
costs seconds; see :class:`SharedBrowser`); each person of each test gets a
browser context of their own (own cookies, storage, caches and service
workers), closed when the test ends, so tests stay isolated.

Two rules keep the sync Playwright API and Django apart. Playwright's sync
API keeps an asyncio loop marked "running" in this thread for as long as it
is started, and Django refuses database work (and ``async_to_sync``
broadcasts) in a thread with a running loop. So (1) the loop is marked
running only while a test uses the browser (:meth:`SharedBrowser.awake`):
between tests, during the database flush and in the tests that are not
browser tests, the thread has no running loop; and (2) while a test uses
the browser, it touches the database only through :meth:`Scenario.db`, which
runs the call in a worker thread of its own.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import os
import shutil
import subprocess
import urllib.parse
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import pytest

from tests.servers import ROOT, Server

playwright_sync = pytest.importorskip(
    "playwright.sync_api", reason="playwright is not installed (pip install -e '.[test]')"
)
expect = playwright_sync.expect

E2E_DIR = Path(__file__).resolve().parent
AXE_JS = E2E_DIR / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "test-output" / "screenshots"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
TIMEOUT_MS = 10_000
"""The longest any step waits for the page (milliseconds): auto-waiting and
``expect`` both give up after it."""
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
TIME_ZONE = "Europe/Paris"
"""The browsers' time zone, so the ritual form's time zone is known."""
BLOCKING_IMPACTS = ("serious", "critical")

T = TypeVar("T")


def chromium_executable() -> str | None:
    """Debian's Chromium: /usr/bin/chromium, else ``chromium`` on PATH, else None."""
    if os.access("/usr/bin/chromium", os.X_OK):
        return "/usr/bin/chromium"
    return shutil.which("chromium")


SKIP_REASON = (
    "browser tests skipped: Chromium is not installed (looked for /usr/bin/chromium and "
    "`chromium` on PATH); install Debian's package with `apt-get install chromium` "
    "(.ci/run does)"
)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Skip every ``e2e`` test, saying why, when Chromium is missing."""
    if chromium_executable():
        return
    skip = pytest.mark.skip(reason=SKIP_REASON)
    for item in items:
        if item.get_closest_marker("e2e"):
            item.add_marker(skip)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Any:
    """Keep each phase's report on the test item, so the scenario fixture can
    photograph every page when the test failed."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


# ---- session-wide: axe-core and the server ---------------------------------------------


@pytest.fixture(scope="session")
def axe_script() -> Path:
    """Path of axe.min.js, installed from the npm registry on first use
    (``npm ci`` in tests/e2e, pinned by its package-lock.json). The install
    holds a lock file, so that two pytest-xdist workers starting their first
    browser test together run ``npm ci`` once, and neither reads a file the
    other is still writing."""
    lock = ROOT / "test-output" / "npm-ci.lock"
    lock.parent.mkdir(exist_ok=True)
    with lock.open("w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)  # released when the file closes
        return install_axe()


def install_axe() -> Path:
    """Run ``npm ci`` in tests/e2e unless axe.min.js is there already; its path."""
    if not AXE_JS.exists():
        npm = shutil.which("npm")
        if npm is None:
            pytest.fail("the accessibility checks need axe-core from npm, and npm is not installed")
        result = subprocess.run(
            [npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"],
            cwd=E2E_DIR,
            capture_output=True,
            text=True,
            timeout=180,
        )
        if result.returncode != 0 or not AXE_JS.exists():
            pytest.fail(f"`npm ci` in {E2E_DIR} could not install axe-core:\n{result.stderr}")
    return AXE_JS


@pytest.fixture(scope="session")
def site(django_db_setup, django_db_blocker) -> Iterator[Server]:
    """One Daphne process for the whole run, on the test database."""
    server = Server().start()
    yield server
    server.stop()


class SharedBrowser:
    """One Playwright driver (a Node process) and one Chromium for the run.

    Starting them for each test cost about 6 s of wall time and 2 s of CPU
    per test on the shared two-core machine (the 38 browser tests spent
    258 s in set-up, 39 s with one browser); a browser context, which is
    what isolates one person from another, costs a fraction of that. Between tests the driver's
    asyncio loop is taken off this thread (it is suspended, so nothing of
    Playwright runs then): Django may use the database here, and other tests
    may run their own loops. A Chromium that crashed is started again at the
    next test.
    """

    def __init__(self, executable: str) -> None:
        self.executable = executable
        self.playwright = playwright_sync.sync_playwright().start()
        try:
            self.browser = self.playwright.chromium.launch(
                executable_path=executable, args=CHROMIUM_ARGS
            )
        except BaseException:
            self.playwright.stop()  # also takes its loop off this thread
            raise
        self.loop = self._take_loop_off_thread()

    @staticmethod
    def _take_loop_off_thread() -> asyncio.AbstractEventLoop | None:
        loop = asyncio._get_running_loop()
        asyncio._set_running_loop(None)
        return loop

    @contextlib.contextmanager
    def awake(self) -> Iterator[Any]:
        """The browser, with the driver's loop put back on this thread for as
        long as the block runs; taken off again after it, even on errors."""
        asyncio._set_running_loop(self.loop)
        try:
            if not self.browser.is_connected():
                self.browser = self.playwright.chromium.launch(
                    executable_path=self.executable, args=CHROMIUM_ARGS
                )
            yield self.browser
        finally:
            self._take_loop_off_thread()

    def stop(self) -> None:
        asyncio._set_running_loop(self.loop)
        try:
            with contextlib.suppress(playwright_sync.Error):
                self.browser.close()
        finally:
            self.playwright.stop()


@pytest.fixture(scope="session")
def shared_browser() -> Iterator[SharedBrowser]:
    """The run's Chromium, started at the first browser test."""
    executable = chromium_executable()
    if executable is None:  # also guarded at collection; here for direct fixture use
        pytest.skip(SKIP_REASON)
    shared = SharedBrowser(executable)
    yield shared
    shared.stop()


# ---- one test: the browser, the people, the steps --------------------------------------


@dataclass
class Person:
    """Someone using Attune in a browser context of their own."""

    who: str
    """Short name used in screenshot file names: "alex", "sam", "therapist"."""
    context: Any
    page: Any
    user: Any = None


@dataclass
class Scenario:
    """The people of one test and its numbered, checked, photographed steps."""

    name: str
    browser: Any
    site: Server
    axe: Path
    pool: ThreadPoolExecutor
    people: list[Person] = field(default_factory=list)
    steps: int = 0

    @property
    def folder(self) -> Path:
        return SCREENSHOTS / self.name

    def db(self, call: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run a database (or service) call in the worker thread and return its
        result (see the module docstring for why not in this thread)."""
        return self.pool.submit(call, *args, **kwargs).result(timeout=30)

    def person(self, who: str, *, phone: bool = False, user: Any = None) -> Person:
        """A new browser context (a phone at 390×844 when ``phone``); signed in
        with a one-time link when ``user`` is given."""
        context = self.browser.new_context(
            base_url=self.site.url,
            viewport=PHONE if phone else DESKTOP,
            is_mobile=phone,
            has_touch=phone,
            device_scale_factor=2 if phone else 1,
            timezone_id=TIME_ZONE,
            locale="en-GB",
            bypass_csp=True,  # axe is injected with a script tag; a CSP must not stop it
            accept_downloads=True,
        )
        context.set_default_timeout(TIMEOUT_MS)
        # Shown with the test's captured output when it fails.
        context.on("weberror", lambda error: print(f"[{who}] page error: {error.error}"))
        context.on(
            "console",
            lambda message: (
                message.type in ("error", "warning")
                and not message.location.get("url", "").endswith("/favicon.ico")
                and print(f"[{who}] console {message.type}: {message.text}")
            ),
        )
        person = Person(who=who, context=context, page=context.new_page())
        self.people.append(person)
        if user is not None:
            self.sign_in(person, user)
        return person

    def sign_in(self, person: Person, user: Any, next_path: str = "/") -> None:
        """Sign in with a one-time link (django-sesame), as `manage.py demo` prints."""
        from sesame.utils import get_query_string

        # A one-time link is bound to the last sign-in: build it from a fresh copy.
        query = self.db(lambda: get_query_string(type(user).objects.get(pk=user.pk)))
        person.user = user
        person.page.goto(f"/login/link/{query}&next={urllib.parse.quote(next_path)}")
        expect(person.page).to_have_url(self.site.url + next_path)

    def step(self, name: str, *people: Person) -> None:
        """One step of the scenario: check each person's page with axe (no
        serious or critical violation) and take its screenshot. axe runs in
        every page at once (each page is a renderer process of its own),
        then each result is checked and each page photographed in turn."""
        self.steps += 1
        pages = [person for person in people or self.people if not person.page.is_closed()]
        for person in pages:
            axe_start(person.page, self.axe)
        for person in pages:
            violations = axe_result(person.page)
            assert not violations, (
                f"step {self.steps} {name!r} ({person.who}, {person.page.url}) has serious or "
                f"critical accessibility violations:\n" + "\n".join(violations)
            )
            self.folder.mkdir(parents=True, exist_ok=True)
            person.page.screenshot(
                path=self.folder / f"{self.steps:02d}-{name}-{person.who}.png", full_page=True
            )

    def photograph_failure(self) -> None:
        """Screenshots of every open page as they were when the test failed."""
        self.folder.mkdir(parents=True, exist_ok=True)
        for person in self.people:
            for number, page in enumerate(person.context.pages):
                with contextlib.suppress(playwright_sync.Error):  # a page that is closing
                    page.screenshot(
                        path=self.folder / f"failed-{person.who}-{number}.png", full_page=True
                    )


def axe_start(page: Any, axe: Path) -> None:
    """Start axe-core on ``page`` as it is now, without waiting for it;
    :func:`axe_result` collects the outcome. Injects axe first if the page
    does not have it yet (once per loaded document)."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(path=str(axe))
    page.evaluate(
        """(impacts) => {
            window.__attuneAxe = axe.run(document, {resultTypes: ["violations"]}).then((result) =>
                result.violations.filter((v) => impacts.includes(v.impact)).map((v) =>
                    `${v.id} (${v.impact}): ${v.help}: ` +
                    v.nodes.slice(0, 4).map((n) => n.target.join(" ")).join(" | ")));
        }""",
        list(BLOCKING_IMPACTS),
    )


def axe_result(page: Any) -> list[str]:
    """The serious and critical violations found by the run :func:`axe_start`
    began on ``page``, one line each (rule, impact, help, the first offending
    elements); waits for that run to finish."""
    return list(page.evaluate("() => window.__attuneAxe"))


def axe_violations(page: Any, axe: Path) -> list[str]:
    """axe-core's serious and critical violations on ``page`` now (see
    :func:`axe_result`)."""
    axe_start(page, axe)
    return axe_result(page)


@pytest.fixture
def scenario(
    request: pytest.FixtureRequest, site: Server, axe_script: Path, shared_browser: SharedBrowser
) -> Iterator[Scenario]:
    """The people of one test, each in a fresh context of the run's Chromium
    (closed when the test ends, before the database flush), named after the
    test for its screenshot folder."""
    name = request.node.name.removeprefix("test_")
    shutil.rmtree(SCREENSHOTS / name, ignore_errors=True)
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="e2e-db")
    expect.set_options(timeout=TIMEOUT_MS)
    with shared_browser.awake() as browser:
        current = Scenario(name=name, browser=browser, site=site, axe=axe_script, pool=pool)
        try:
            yield current
            failed = getattr(request.node, "report_call", None)
            if failed is not None and failed.failed:
                current.photograph_failure()
        finally:
            for person in current.people:
                with contextlib.suppress(playwright_sync.Error):  # already closed
                    person.context.close()

    def close_connections() -> None:
        from django.db import connections

        connections.close_all()

    pool.submit(close_connections).result(timeout=30)
    pool.shutdown()


def tab_to(page: Any, target: Any, *, limit: int = 80, backwards: bool = False) -> None:
    """Press Tab (Shift+Tab when ``backwards``) until ``target`` has the
    keyboard focus: proves it can be reached without a mouse. Fails after
    ``limit`` presses."""
    target.wait_for(state="visible")
    key = "Shift+Tab" if backwards else "Tab"
    for _ in range(limit):
        if target.evaluate("(el) => el === document.activeElement"):
            return
        page.keyboard.press(key)
    raise AssertionError(f"{target} is not reachable with {key} in {limit} presses")
