"""`treaty serve`: the live web page, its JSON API and its promises (read-only, loopback,
errors on the page, live updates), against a real uvicorn server on a free loopback port
in a tmp copy of the demo workspace. Browser tests (marked ``browser``) drive the system
Chromium with Playwright and are skipped, with the reason, where either is missing."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import re
import shutil
import threading
import time
from pathlib import Path

import pytest

pytest.importorskip("starlette", reason="needs the serve extra (pip install '.[serve]')")
pytest.importorskip("uvicorn", reason="needs the serve extra (pip install '.[serve]')")
pytest.importorskip("watchfiles", reason="needs the serve extra (pip install '.[serve]')")
httpx = pytest.importorskip("httpx", reason="needs httpx (the test extra)")

from typer.testing import CliRunner  # noqa: E402

from treaty import commands, serve  # noqa: E402
from treaty.cli import app  # noqa: E402
from treaty.model import TreatyError  # noqa: E402

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _fingerprint(root: Path) -> str:
    h = hashlib.sha256()
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d != ".treaty-cache")  # the parse cache
        for name in sorted(filenames):
            path = Path(dirpath) / name
            h.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


class Running:
    """A uvicorn server for a workspace, in a thread, on a free loopback port."""

    def __init__(self, root: Path, options: serve.Options | None = None):
        self.root = root
        self.sock = serve.bind("127.0.0.1", 0)
        self.url = serve.url_of(self.sock).rstrip("/")
        self.server = serve.make_server(root, self.sock, options=options)
        self.server.config.app.state.treaty.debounce_ms = 50
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.sock]},
                                       daemon=True)

    @property
    def state(self) -> serve.State:
        return self.server.config.app.state.treaty

    def __enter__(self) -> Running:
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            assert self.thread.is_alive(), "the server did not start"
            assert time.monotonic() < deadline, "the server did not start within 10 s"
            time.sleep(0.02)
        time.sleep(0.2)  # let the file watcher settle
        return self

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(10)
        self.sock.close()
        assert not self.thread.is_alive(), "the server did not stop"

    def get(self, path: str, **kw) -> httpx.Response:
        return httpx.get(self.url + path, timeout=10, **kw)


@pytest.fixture
def versioned(demo: Path) -> Path:
    """The demo with a stored version: two proposals adopted and consolidated."""
    from treaty.commands.consolidate import consolidate

    commands.set_status(demo, "ahc5-sgp-vasp", "adopted", today="2023-04-21")
    commands.set_status(demo, "ahc5-che-058-ne-bis-in-idem", "adopted", today="2023-04-21")
    consolidate(demo, "rev-1", date="2023-05-01")
    assert (demo / "versions" / "cnd-2023-04.akn.xml").is_file()
    return demo


@pytest.fixture
def running(demo: Path):
    with Running(demo) as r:
        yield r


def _main(html: str) -> str:
    m = re.search(r'<main class="draft">.*</main>', html, re.S)
    assert m, "no <main class=draft> in the page"
    return m.group(0)


def _ids(html: str) -> set[str]:
    return set(re.findall(r'data-amendment="([^"]+)"', html))


def _wait(predicate, timeout: float = 5.0, step: float = 0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(step)
    raise AssertionError(f"condition not met within {timeout} s")


def _new_proposal(root: Path, words: str, by: str = "JPN", amendment_id: str = "live-test") -> Path:
    change = commands.change_from_options(target="57.1", insert=f" {words}",
                                          after="criminal matters")
    return commands.propose_from_options(root, change, by=[by], supported_by=[], opposed_by=[],
                                         session="AHC-5", date="2023-04-21", id=amendment_id)


# -- pages -----------------------------------------------------------------------------------


def test_draft_is_the_compiled_draft(running: Running) -> None:
    r = running.get("/")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/html")
    compiled = commands.compile_document(running.root).decode()
    assert _main(r.text) == _main(compiled)  # the same renderer as `treaty compile`
    assert 'class="toc"' in r.text and "Contents" in r.text
    assert "(Singapore)" in r.text and 'class="br">[' in r.text
    for name in ("by", "session", "status", "article", "mode", "attribution", "projector"):
        assert f'name="{name}"' in r.text


def test_filters_and_attribution(running: Running) -> None:
    every = _ids(running.get("/").text)
    assert len(every) > 10
    sgp = running.get("/?by=SGP").text
    assert _ids(sgp) == {"ahc5-sgp-vasp"}
    assert "(Egypt)" not in sgp
    assert _main(sgp) == _main(commands.compile_document(running.root, by=["SGP"]).decode())
    codes = running.get("/?attribution=codes").text
    assert "(SGP)" in codes and "(Singapore)" not in codes
    assert "(Singapore)" not in running.get("/?attribution=none").text
    art = running.get("/?article=art_58").text
    assert every > _ids(art) and all("058" in i for i in _ids(art))
    adref = running.get("/?status=agreed-ad-ref").text
    assert _ids(adref) and _ids(adref) < every
    assert _ids(running.get("/?session=AHC-4").text) == set()
    clean = running.get("/?mode=clean").text
    assert 'class="br"' not in _main(clean)
    assert "projector" in running.get("/?projector=1").text.split("<body", 1)[1].split(">", 1)[0]


def test_bad_filter_is_an_error_on_the_page(running: Running) -> None:
    r = running.get("/?by=XXZ")
    assert r.status_code == 422
    assert 'class="serve-error"' in r.text and "unknown delegation" in r.text
    assert running.get("/").status_code == 200


def test_query_values_are_escaped(running: Running) -> None:
    r = running.get("/?session=%3Cscript%3Ealert(1)%3C/script%3E")
    assert "<script>alert(1)" not in r.text
    assert "&lt;script&gt;alert(1)" in r.text


def test_partial_is_the_same_content(running: Running) -> None:
    data = running.get("/?by=SGP&partial=1").json()
    assert set(data) >= {"generation", "status", "title", "bar", "html"}
    assert _main(data["html"]) == _main(running.get("/?by=SGP").text)
    assert data["status"] == 200


def test_versions_and_diff_pages(versioned: Path) -> None:
    with Running(versioned) as r:
        page = r.get("/versions")
        assert page.status_code == 200 and "cnd-2023-04" in page.text
        assert "/diff?old=cnd-2023-04&amp;new=current" in page.text
        d = r.get("/diff?old=cnd-2023-04&new=current")
        assert d.status_code == 200 and "Summary" in d.text and "<ins>" in d.text
        assert r.get("/diff").text.count("<ins>") == d.text.count("<ins>")  # latest vs current
        old = r.get("/?version=cnd-2023-04")
        assert old.status_code == 200 and "version cnd-2023-04" in old.text
        for bad in ("../../../etc/passwd", "/etc/passwd", "nope"):
            e = r.get("/diff", params={"old": bad, "new": "current"})
            assert e.status_code == 422 and "no stored version" in e.text
            assert "root:" not in e.text
            assert r.get("/api/diff", params={"old": bad, "new": "current"}).status_code == 422
        assert r.get("/?version=../treaty").status_code == 422
        assert r.get("/api/versions").json()[0]["label"] == "cnd-2023-04"


def test_diff_page_is_the_form_and_the_comparison(versioned: Path) -> None:
    """The page puts the comparison (from the diff writer's template blocks) after the
    version form, both as markup: nothing of either is shown escaped."""
    with Running(versioned) as r:
        text = r.get("/diff?old=cnd-2023-04&new=current").text
    assert '<select name="old">' in text and "&lt;select" not in text
    assert "<title>Comparison: cnd-2023-04 → current</title>" in text
    assert text.index('<form class="serve-form"') < text.index("<h1>Comparison of two versions</h1>")
    assert text.count("<style") == 2  # the site's and the comparison's own



def test_positions_page(running: Running) -> None:
    r = running.get("/positions")
    if r.status_code != 200 and "not available in this build" in r.text:
        pytest.skip("the positions report is not in this build yet")
    assert r.status_code == 200
    assert "SGP" in r.text or "Singapore" in r.text
    data = running.get("/api/positions").json()
    assert data["schema"].startswith("treaty-positions/")


# -- the JSON API matches the CLI ------------------------------------------------------------


@pytest.mark.parametrize("query,args", [("", []), ("?by=GBR", ["--by", "GBR"]),
                                        ("?article=58", ["--article", "58"]),
                                        ("?status=agreed-ad-ref", ["--status", "agreed-ad-ref"])])
def test_api_amendments_is_the_cli_json(running: Running, query: str, args: list[str]) -> None:
    r = running.get("/api/amendments" + query)
    assert r.status_code == 200 and r.headers["content-type"] == "application/json"
    cli = CliRunner().invoke(app, ["amendments", str(running.root), "--format", "json", *args])
    assert cli.exit_code == 0, cli.output
    assert r.text == cli.stdout
    assert json.loads(r.text) == commands.list_amendments(running.root, **{
        k[2:]: v for k, v in zip(args[::2], args[1::2], strict=True)})


def test_api_errors_are_json(running: Running) -> None:
    r = running.get("/api/amendments?by=XXZ")
    assert r.status_code == 422
    assert "unknown delegation" in r.json()["error"]


def test_api_diff_is_the_cli_json(versioned: Path) -> None:
    with Running(versioned) as r:
        api = r.get("/api/diff?old=cnd-2023-04&new=current")
        assert api.status_code == 200
        from treaty.commands.diff import diff_command  # what `treaty diff OLD NEW --format json` runs

        out = versioned.parent / "cli-diff.json"
        assert diff_command(f"{versioned}@cnd-2023-04", str(versioned), "json", out, False) == 0
        want, got = json.loads(out.read_text()), api.json()
        assert (got["old"]["name"], got["new"]["name"]) == ("cnd-2023-04", "current")
        for side in ("old", "new"):
            got[side]["name"] = want[side]["name"]
        assert got == want
        assert got["summary"]["words_inserted"] > 0


# -- promises: read-only, loopback, errors on the page, live -------------------------------


def test_read_only(versioned: Path) -> None:
    before = _fingerprint(versioned)
    with Running(versioned) as r:
        for path in ("/", "/?by=SGP&attribution=codes", "/?mode=redline", "/?version=cnd-2023-04",
                     "/positions", "/versions", "/diff", "/api/amendments", "/api/diff",
                     "/api/versions", "/api/positions", "/?partial=1"):
            assert r.get(path).status_code in (200, 422), path
        for method in ("POST", "PUT", "DELETE"):
            assert httpx.request(method, r.url + "/", timeout=5).status_code == 405
    assert _fingerprint(versioned) == before


def test_answers_only_to_local_host_names(running: Running) -> None:
    port = running.url.rsplit(":", 1)[1]
    assert running.get("/", headers={"host": f"localhost:{port}"}).status_code == 200
    r = running.get("/", headers={"host": "attacker.example"})
    assert r.status_code == 421
    assert "Article" not in r.text


def test_banner_says_loopback() -> None:
    text = "\n".join(serve.banner(Path("/ws"), "127.0.0.1", "http://127.0.0.1:8000/"))
    assert "http://127.0.0.1:8000/" in text and "loopback only" in text and "read-only" in text
    wide = "\n".join(serve.banner(Path("/ws"), "0.0.0.0", "http://0.0.0.0:8000/"))
    assert "WARNING" in wide and "anyone" in wide
    assert serve.is_loopback("127.0.0.1") and serve.is_loopback("::1")
    assert serve.is_loopback("localhost") and not serve.is_loopback("0.0.0.0")


def test_port_in_use_is_one_line_error() -> None:
    taken = serve.bind("127.0.0.1", 0)
    try:
        port = taken.getsockname()[1]
        with pytest.raises(TreatyError, match="cannot listen"):
            serve.bind("127.0.0.1", port)
    finally:
        taken.close()


def test_not_a_workspace(tmp_path: Path) -> None:
    cli = CliRunner().invoke(app, ["serve", str(tmp_path), "--port", "0"])
    assert cli.exit_code != 0
    assert isinstance(cli.exception, TreatyError) and "not a workspace" in str(cli.exception)


def test_broken_file_shows_the_error_and_recovers(running: Running) -> None:
    target = running.root / "amendments" / "ahc5-sgp-vasp.xml"
    good = target.read_bytes()
    target.write_bytes(good.replace(b"</amendment>", b""))
    page = _wait(lambda: (p := running.get("/")).status_code == 422 and p)
    assert 'class="serve-error"' in page.text and "ahc5-sgp-vasp.xml" in page.text
    assert running.get("/api/amendments").status_code == 422
    assert running.get("/versions").status_code == 200  # the rest still works
    target.write_bytes(good)
    _wait(lambda: running.get("/").status_code == 200)


def test_change_is_pushed_within_a_second(running: Running) -> None:
    events: list[tuple[float, str]] = []
    opened = threading.Event()

    def listen() -> None:
        with httpx.stream("GET", running.url + "/events", timeout=10) as r:
            for line in r.iter_lines():
                if line.startswith("event:"):
                    events.append((time.monotonic(), line.split(":", 1)[1].strip()))
                    opened.set()
                if len(events) >= 2:
                    return

    t = threading.Thread(target=listen, daemon=True)
    t.start()
    assert opened.wait(5) and events[0][1] == "hello"
    written = time.monotonic()
    _new_proposal(running.root, "XYZZY-LIVE")
    t.join(5)
    assert [e for _, e in events] == ["hello", "change"]
    assert events[1][0] - written < 1.0
    assert "XYZZY-LIVE" in running.get("/").text


def test_cache_per_filters_and_invalidation(running: Running, monkeypatch) -> None:
    calls: list[dict] = []
    real = commands.compiled_draft

    def counting(*args, **kwargs):
        calls.append(kwargs)
        return real(*args, **kwargs)

    monkeypatch.setattr(commands, "compiled_draft", counting)  # no page was made yet

    async def burst(url: str, n: int) -> list[int]:
        import asyncio

        async with httpx.AsyncClient(timeout=10) as client:
            rs = await asyncio.gather(*(client.get(url) for _ in range(n)))
        return [x.status_code for x in rs]

    import asyncio

    assert asyncio.run(burst(running.url + "/", 20)) == [200] * 20
    assert len(calls) == 1  # one computation for 20 concurrent readers
    running.get("/?by=SGP")
    running.get("/?by=SGP&partial=1")
    assert len(calls) == 2
    (running.root / "treaty.xml").touch()
    _wait(lambda: running.get("/") and len(calls) == 3)


def test_waits_while_consolidate_writes(running: Running) -> None:
    import fcntl
    import os

    txn = running.root / ".treaty-txn"
    txn.mkdir()
    fd = os.open(txn, os.O_RDONLY)  # a live commit holds the folder's lock (treaty.txn)
    fcntl.flock(fd, fcntl.LOCK_EX)
    try:
        r = _wait(lambda: (p := running.get("/")).status_code == 503 and p)
        assert "being written" in r.text
        assert txn.is_dir()  # not rolled back by the server
    finally:
        os.close(fd)
    shutil.rmtree(txn)
    _wait(lambda: running.get("/").status_code == 200)


def test_watched_paths(tmp_path: Path) -> None:
    for rel, want in [("treaty.xml", True), ("articles/art_058.xml", True),
                      ("amendments/x.xml", True), ("versions/v.akn.xml", True),
                      ("render/house.css", True), ("delegations.xml", True),
                      ("amendments/.x.xml.123.tmp", False), ("out/draft.html", False),
                      ("README.md", False), (".git/index", False), (".treaty-txn/journal.json", True)]:
        assert serve.watched(tmp_path, str(tmp_path / rel)) is want, rel


def test_filters_round_trip() -> None:
    from starlette.datastructures import QueryParams

    f = serve.Filters.parse(QueryParams("by=sgp,chn&status=proposed&attribution=codes&projector=1"))
    assert f.by == ("SGP", "CHN") and f.status == ("proposed",) and f.projector
    assert serve.Filters.parse(QueryParams(f.query()[1:])) == f
    assert serve.Filters().query() == ""


# -- in a real browser -----------------------------------------------------------------------


def _browser_missing() -> str | None:
    if not CHROMIUM.exists():
        return "needs /usr/bin/chromium (apt-get install -y chromium)"
    if importlib.util.find_spec("playwright") is None:
        return "needs playwright (pip install playwright; never `playwright install`)"
    return None


browser_test = pytest.mark.skipif(_browser_missing() is not None, reason=_browser_missing() or "")


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, running: Running):
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    pg = context.new_page()
    pg.goto(running.url + "/")
    pg.wait_for_selector("#serve-live.on", timeout=10_000)
    yield pg
    shots = os.environ.get("TREATY_SCREENSHOTS")
    if shots:
        Path(shots).mkdir(parents=True, exist_ok=True)
        pg.screenshot(path=str(Path(shots) / f"serve-{int(time.time() * 1000)}.png"))
    context.close()


ATTRIBUTIONS = "Array.from(document.querySelectorAll('main.draft .attr'), e => e.textContent)"


def _amendments_on(pg) -> set[str]:
    return set(pg.eval_on_selector_all("#serve-content [data-amendment]",
                                       "els => els.map(e => e.dataset.amendment)"))


@pytest.mark.browser
@browser_test
def test_browser_shows_brackets_and_attributions(page, tmp_path: Path) -> None:
    assert page.locator("main.draft .br").first.inner_text() in ("[", "]")
    attributions = page.locator("main.draft .attr").all_inner_texts()
    assert "(Singapore)" in attributions and "(Egypt)" in attributions
    assert page.locator("nav.toc a", has_text="Article 58").count() == 1
    page.screenshot(path=str(tmp_path / "draft.png"), full_page=False)
    assert (tmp_path / "draft.png").stat().st_size > 10_000


@pytest.mark.browser
@browser_test
def test_browser_filter_hides_other_delegations(page) -> None:
    assert len(_amendments_on(page)) > 10
    page.evaluate("window.__same_page = true")
    page.select_option("#f-by", "SGP")
    page.wait_for_function("!document.querySelector('#serve-content').innerText.includes('(Egypt)')")
    assert _amendments_on(page) == {"ahc5-sgp-vasp"}
    assert "by=SGP" in page.url
    page.locator("label", has_text="codes").click()
    page.wait_for_function(ATTRIBUTIONS + ".includes('(SGP)')")
    assert page.evaluate("window.__same_page") is True  # no reload
    page.go_back()
    page.wait_for_function(ATTRIBUTIONS + ".includes('(Singapore)')")
    assert "attribution" not in page.url
    page.locator("#f-projector").check()
    page.wait_for_function("document.body.classList.contains('projector')")
    size = page.evaluate("parseFloat(getComputedStyle(document.querySelector('main.draft p')).fontSize)")
    assert size >= 24


@pytest.mark.browser
@browser_test
def test_browser_new_amendment_appears_without_reload(page, running: Running) -> None:
    page.evaluate("window.__same_page = true")
    page.evaluate("document.getElementById('art_58').scrollIntoView()")
    page.wait_for_timeout(200)
    before = page.evaluate("document.getElementById('art_58').getBoundingClientRect().top")
    scrolled = page.evaluate("window.scrollY")
    assert scrolled > 500
    start = time.monotonic()
    _new_proposal(running.root, "XYZZY-IN-THE-ROOM", by="NOR")
    page.wait_for_function("document.querySelector('#serve-content').innerText.includes('XYZZY-IN-THE-ROOM')",
                           timeout=5_000)
    elapsed = time.monotonic() - start
    assert elapsed < 2.0, f"took {elapsed:.2f} s"
    assert page.evaluate("window.__same_page") is True
    after = page.evaluate("document.getElementById('art_58').getBoundingClientRect().top")
    assert abs(after - before) <= 2, (before, after)  # the reader keeps their place
    assert "live-test" in _amendments_on(page)


@pytest.mark.browser
@browser_test
def test_browser_shows_a_broken_file_then_recovers(page, running: Running) -> None:
    target = running.root / "articles" / "art_058.xml"
    good = target.read_bytes()
    target.write_bytes(good[: len(good) // 2])
    page.wait_for_selector("#serve-content .serve-error", timeout=5_000)
    assert "art_058.xml" in page.inner_text("#serve-content .serve-error")
    target.write_bytes(good)
    page.wait_for_selector("main.draft", timeout=5_000)
    assert page.locator(".serve-error").count() == 0
