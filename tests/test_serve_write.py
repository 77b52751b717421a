"""`treaty serve --write`: tokens, the JSON write API (every status code), sessions and
CSRF, and the browser's proposal panel - against a real uvicorn server on a loopback port,
in a copy of the demo workspace kept in a real git repository. Browser tests drive the
system Chromium with Playwright (skipped, with the reason, where either is missing)."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

pytest.importorskip("argon2", reason="needs argon2-cffi")
pytest.importorskip("starlette_csrf", reason="needs starlette-csrf")
httpx = pytest.importorskip("httpx", reason="needs httpx (the test extra)")

from tests.test_serve import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    Running,
    _browser_missing,
    _fingerprint,
    _wait,
)
from treaty import access, serve  # noqa: E402
from treaty.amend.format import read_amendment  # noqa: E402

browser_test = pytest.mark.skipif(_browser_missing() is not None, reason=_browser_missing() or "")
WORDS = {"target": "58.10(b)", "replace": "requested State Party", "with": "requesting State"}


def _content(root: Path) -> str:
    """The workspace's text and proposals (not git's folder, nor the lock's files)."""
    return "".join(_fingerprint(root / name) for name in ("articles", "amendments")) + \
        (root / "treaty.xml").read_text()


def git(cwd: Path, *args: str) -> str:
    proc = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


@pytest.fixture
def room(demo: Path, tmp_path: Path, monkeypatch) -> Path:
    """The demo workspace in a git repository, with no global git configuration."""
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    git(demo, "init", "-q", "-b", "main")
    git(demo, "add", "-A")
    git(demo, "-c", "user.name=Clerk", "-c", "user.email=clerk@un.example", "commit", "-q", "-m", "CND")
    return demo


@pytest.fixture
def tokens(room: Path) -> dict[str, str]:
    return {"SGP": access.add(room, "SGP")[1], "USA": access.add(room, "USA")[1],
            "secretariat": access.add(room, "")[1]}


@pytest.fixture
def server(room: Path, tokens):
    with Running(room, serve.Options(write=True)) as r:
        yield r


def call(server: Running, path: str, body: dict | None = None, token: str | None = None,
         **kw) -> httpx.Response:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return httpx.post(server.url + path, json=body if body is not None else {}, headers=headers,
                      timeout=20, **kw)


def head(room: Path) -> tuple[str, str, list[str]]:
    author = git(room, "log", "-1", "--format=%an <%ae>").strip()
    subject = git(room, "log", "-1", "--format=%s").strip()
    return author, subject, git(room, "show", "--name-only", "--format=", "HEAD").split()


# -- tokens ---------------------------------------------------------------------------------


def test_access_add_list_revoke(room: Path) -> None:
    def treaty(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "treaty", *args], cwd=room, capture_output=True,
                              text=True)

    out = treaty("access", "add", "SGP")
    assert out.returncode == 0, out.stderr
    token = out.stdout.strip().splitlines()[-1]
    assert token.startswith("tt-") and " " not in token
    stored = (room / ".treaty" / "access.json").read_text()
    assert token not in stored and "$argon2" in stored
    assert access.verify(room, token).code == "SGP"
    assert access.verify(room, token[:-1] + ("A" if token[-1] != "A" else "B")) is None
    assert ".treaty" not in git(room, "status", "--short")  # never committed
    sec = treaty("access", "add", "--secretariat").stdout.splitlines()[-1]
    listing = treaty("access", "list").stdout
    assert "SGP" in listing and "secretariat" in listing and token not in listing and sec not in listing
    assert treaty("access", "add", "XXX").returncode == 1
    assert treaty("access", "revoke", "SGP").returncode == 0
    assert access.verify(room, token) is None


# -- the API, status by status ---------------------------------------------------------------------


def test_no_token_is_401_and_nothing_written(server: Running) -> None:
    before = _content(server.root)
    assert call(server, "/api/proposals", WORDS).status_code == 401
    assert call(server, "/api/proposals", WORDS, token="tt-00000000-" + "x" * 40).status_code == 401
    r = httpx.post(server.url + "/api/proposals", json=WORDS, headers={"Authorization": "Basic abc"})
    assert r.status_code == 401
    assert call(server, "/api/amendments/ahc5-sgp-vasp/support", {}).status_code == 401
    assert _content(server.root) == before


def test_proposal_is_201_and_one_commit_by_the_delegation(server: Running, tokens) -> None:
    r = call(server, "/api/proposals", {**WORDS, "note": "third States", "session": "AHC-6"},
             token=tokens["SGP"])
    assert r.status_code == 201, r.text
    aid = r.json()["id"]
    a = read_amendment(server.root / "amendments" / f"{aid}.xml")
    assert a.proposers == ("SGP",) and a.session == "AHC-6" and a.note == "third States"
    assert a.changes[0].target == "art_58__para_10__point_b"
    author, subject, files = head(server.root)
    assert author == "Singapore <sgp@delegations.invalid>"
    assert subject == f"Singapore: replace 'requested State Party' in Article 58, paragraph 10 (b) [{aid}]"
    assert files == [f"amendments/{aid}.xml"]
    assert r.json()["commit"] == git(server.root, "rev-parse", "HEAD").strip()


def test_every_kind_of_proposal(server: Running, tokens) -> None:
    bodies = [
        {"target": "58.10(b)", "insert": " or of a third State", "after": "requested State Party"},
        {"target": "58.10(b)", "delete": "in the territory of the requested State Party"},
        {"target": "58.10", "new_paragraph": "11. A new ground.", "after": "58.10(b)"},
        {"target": "58.1", "alternative": "This article shall apply to all offences."},
    ]
    for body in bodies:
        r = call(server, "/api/proposals", body, token=tokens["USA"])
        assert r.status_code == 201, (body, r.text)
    files = (server.root / "amendments").glob("p-usa-*.xml")
    kinds = sorted(read_amendment(p).changes[0].kind for p in files)
    assert kinds == ["delete", "insert", "insert-unit", "replace-unit"]


def test_acting_for_another_delegation_is_403(server: Running, tokens) -> None:
    before = _content(server.root)
    r = call(server, "/api/proposals", {**WORDS, "by": "USA"}, token=tokens["SGP"])
    assert r.status_code == 403 and "cannot act for USA" in r.json()["error"]
    r = call(server, "/api/amendments/ahc5-sgp-vasp/support", {"by": "USA"}, token=tokens["SGP"])
    assert r.status_code == 403
    assert _content(server.root) == before
    # The secretariat types a delegation's proposal in: it names the delegation.
    r = call(server, "/api/proposals", {**WORDS, "by": "USA"}, token=tokens["secretariat"])
    assert r.status_code == 201
    assert head(server.root)[0].endswith("<usa@delegations.invalid>")
    assert call(server, "/api/proposals", WORDS, token=tokens["secretariat"]).status_code == 422


def test_bad_target_or_words_is_422_with_the_cli_message(server: Running, tokens) -> None:
    before = _content(server.root)
    commits = git(server.root, "rev-list", "--count", "HEAD")
    cases = [({"target": "58.10(b)", "replace": "no such words", "with": "x"},
              ["--target", "58.10(b)", "--replace", "no such words", "--with", "x"]),
             ({"target": "99", "delete": "x"}, ["--target", "99", "--delete", "x"])]
    for body, args in cases:
        r = call(server, "/api/proposals", body, token=tokens["SGP"])
        assert r.status_code == 422
        cli = subprocess.run([sys.executable, "-m", "treaty", "propose", "--by", "SGP", *args],
                             cwd=server.root, capture_output=True, text=True)
        assert cli.returncode == 1
        assert cli.stderr.strip() == "error: " + r.json()["error"]
    for body in ({"target": "58.10(b)"}, {"target": "58.10(b)", "replace": "x"}, {"bogus": 1},
                 {"target": 5, "delete": "x"}):
        assert call(server, "/api/proposals", body, token=tokens["SGP"]).status_code == 422
    r = httpx.post(server.url + "/api/proposals", content=b"not json",
                   headers={"Authorization": f"Bearer {tokens['SGP']}"})
    assert r.status_code == 422
    assert _content(server.root) == before
    assert git(server.root, "rev-list", "--count", "HEAD") == commits


def test_status_is_the_secretariats(server: Running, tokens) -> None:
    path = "/api/amendments/ahc5-sgp-vasp/status"
    before = _content(server.root)
    assert call(server, path, {"status": "adopted"}, token=tokens["SGP"]).status_code == 403
    assert _content(server.root) == before
    assert call(server, path, {"status": "bogus"}, token=tokens["secretariat"]).status_code == 422
    assert call(server, "/api/amendments/nope/status", {"status": "adopted"},
                token=tokens["secretariat"]).status_code == 404
    r = call(server, path, {"status": "adopted", "note": "plenary"}, token=tokens["secretariat"])
    assert r.status_code == 200 and r.json()["status"] == "adopted"
    assert read_amendment(server.root / "amendments" / "ahc5-sgp-vasp.xml").status == "adopted"
    author, subject, _files = head(server.root)
    assert author == "Secretariat <secretariat@delegations.invalid>"
    assert subject == "Secretariat: ahc5-sgp-vasp proposed -> adopted (plenary) [ahc5-sgp-vasp]"


def test_support_and_oppose(server: Running, tokens) -> None:
    aid = "ahc5-che-058-ne-bis-in-idem"
    r = call(server, f"/api/amendments/{aid}/support", {}, token=tokens["USA"])
    assert r.status_code == 200 and "USA" in r.json()["supporters"]
    assert head(server.root)[1].endswith(f": supports {aid} [{aid}]")
    r = call(server, f"/api/amendments/{aid}/oppose", {}, token=tokens["USA"])
    a = read_amendment(server.root / "amendments" / f"{aid}.xml")
    assert r.status_code == 200 and "USA" in a.opponents and "USA" not in a.supporters
    assert call(server, "/api/amendments/nope/oppose", {}, token=tokens["USA"]).status_code == 404
    # A proposer does not support its own proposal: one line, nothing written.
    r = call(server, "/api/amendments/ahc5-sgp-vasp/support", {}, token=tokens["SGP"])
    assert r.status_code == 422 and "SGP proposed it" in r.json()["error"]


def test_sign_in_attempts_are_limited(server: Running) -> None:
    for _ in range(10):
        assert call(server, "/api/proposals", WORDS, token="tt-00000000-" + "y" * 40).status_code == 401
    r = call(server, "/api/proposals", WORDS, token="tt-00000000-" + "y" * 40)
    assert r.status_code == 429 and int(r.headers["retry-after"]) > 0


def test_revoked_token_is_refused(server: Running, tokens) -> None:
    access.revoke(server.root, "USA")
    assert call(server, "/api/proposals", WORDS, token=tokens["USA"]).status_code == 401


def test_read_only_by_default(room: Path, tokens) -> None:
    with Running(room) as r:
        assert call(r, "/api/proposals", WORDS, token=tokens["SGP"]).status_code in (404, 405)
        assert "/write.js" not in r.get("/").text


# -- sessions and CSRF -----------------------------------------------------------------------------


def test_session_and_csrf(server: Running, tokens) -> None:
    with httpx.Client(base_url=server.url, timeout=20) as client:
        page = client.get("/signin")
        assert page.status_code == 200
        csrf = client.cookies["csrftoken"]
        # Sign-in without the CSRF header (a form posted from another site): refused.
        assert client.post("/api/signin", json={"token": tokens["SGP"]}).status_code == 403
        r = client.post("/api/signin", json={"token": "tt-00000000-" + "z" * 40},
                        headers={"X-CSRFToken": csrf})
        assert r.status_code == 401
        r = client.post("/api/signin", json={"token": tokens["SGP"]}, headers={"X-CSRFToken": csrf})
        assert r.status_code == 200 and r.json()["who"] == "SGP"
        assert client.get("/api/me").json()["who"] == "SGP"
        # With the session cookie, a write needs the CSRF header.
        before = _content(server.root)
        assert client.post("/api/proposals", json=WORDS).status_code == 403
        assert client.post("/api/proposals", json=WORDS, headers={"X-CSRFToken": "forged"}).status_code == 403
        assert _content(server.root) == before
        r = client.post("/api/proposals", json=WORDS, headers={"X-CSRFToken": csrf})
        assert r.status_code == 201
        assert head(server.root)[0] == "Singapore <sgp@delegations.invalid>"
        # The session cannot act for another delegation either, nor set a status.
        assert client.post("/api/proposals", json={**WORDS, "by": "USA"},
                           headers={"X-CSRFToken": csrf}).status_code == 403
        assert client.post("/api/amendments/ahc5-sgp-vasp/status", json={"status": "adopted"},
                           headers={"X-CSRFToken": csrf}).status_code == 403
        # Revoking the token ends the session.
        access.revoke(server.root, "SGP")
        assert client.post("/api/proposals", json=WORDS, headers={"X-CSRFToken": csrf}).status_code == 401
        assert client.get("/api/me").json()["who"] is None


def test_preview_writes_nothing(server: Running, tokens) -> None:
    before = _content(server.root)
    r = call(server, "/api/preview", {"target": "2(h)", "new_paragraph": '"Token" shall mean a key'},
             token=tokens["SGP"])
    assert r.status_code == 200
    html = r.json()["html"]
    assert "&#34;Token&#34; shall mean a key" in html or '"Token" shall mean a key' in html
    assert r.json()["summary"].startswith("Singapore: new definition after Article 2 (h)")
    assert call(server, "/api/preview", {"target": "2(h)", "replace": "nope", "with": "x"},
                token=tokens["SGP"]).status_code == 422
    assert _content(server.root) == before


# -- git pull reaches open pages ---------------------------------------------------------------------


def test_open_pages_follow_a_git_pull(room: Path, tmp_path: Path) -> None:
    remote = tmp_path / "remote.git"
    git(tmp_path, "clone", "-q", "--bare", str(room), str(remote))
    office = tmp_path / "office"
    git(tmp_path, "clone", "-q", str(remote), str(office))
    served = tmp_path / "served"
    git(tmp_path, "clone", "-q", str(remote), str(served))
    from treaty.commands import proposals

    with Running(served) as r:
        events: list[str] = []

        def listen() -> None:
            with httpx.stream("GET", r.url + "/events", timeout=15) as s:
                for line in s.iter_lines():
                    if line.startswith("event:"):
                        events.append(line.split(":", 1)[1].strip())
                    if "change" in events:
                        return

        t = threading.Thread(target=listen, daemon=True)
        t.start()
        _wait(lambda: events)
        change = proposals.change_from_options(target="57.1", insert=" XYZZY-PULLED",
                                               after="criminal matters")
        amendment = proposals.amendment_from_options(change, ["NOR"], [], [], id="pulled")
        git(office, "config", "user.email", "office@un.example")
        git(office, "config", "user.name", "Office")
        proposals.table(office, amendment)
        git(office, "push", "-q", "origin", "HEAD")
        pulled = time.monotonic()
        git(served, "pull", "-q", "--no-rebase")
        t.join(5)
        assert "change" in events and time.monotonic() - pulled < 5
        assert _wait(lambda: "XYZZY-PULLED" in r.get("/").text)


# -- in the browser ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


def _signed_in(browser, server: Running, token: str):
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    pg = context.new_page()
    pg.goto(server.url + "/signin")
    pg.fill("#token", token)
    pg.click("button[type=submit]")
    pg.wait_for_url(server.url + "/")
    pg.wait_for_selector("#serve-live.on", timeout=10_000)
    pg.wait_for_selector("#tt-signout", timeout=10_000)
    return context, pg


SELECT = """([id, words]) => {
  const unit = document.getElementById(id);
  const walker = document.createTreeWalker(unit, NodeFilter.SHOW_TEXT);
  let node;
  while ((node = walker.nextNode())) {
    const at = node.data.indexOf(words);
    if (at >= 0) {
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + words.length);
      const sel = window.getSelection();
      sel.removeAllRanges();
      sel.addRange(range);
      return true;
    }
  }
  return false;
}"""


@pytest.mark.browser
@browser_test
def test_browser_delegate_tables_a_proposal_and_others_see_it(browser, server: Running, tokens) -> None:
    context, pg = _signed_in(browser, server, tokens["SGP"])
    reader = browser.new_context(viewport={"width": 1400, "height": 900})
    other = reader.new_page()
    other.goto(server.url + "/")
    other.wait_for_selector("#serve-live.on", timeout=10_000)
    other.evaluate("window.__same_page = true")
    try:
        assert "Singapore" in pg.inner_text("#serve-who")
        pg.evaluate("document.getElementById('art_58__para_10__point_b').scrollIntoView()")
        assert pg.evaluate(SELECT, ["art_58__para_10__point_b", "requested State Party"])
        pg.dispatch_event("#art_58__para_10__point_b", "mouseup")
        pg.wait_for_selector("#tt-panel:not([hidden])")
        assert pg.inner_text("#tt-words") == "requested State Party"
        pg.check("input[name=tt-kind][value=after]")
        pg.fill("#tt-text", " or of a third State XYZZY-BROWSER")
        pg.click("#tt-preview")
        pg.wait_for_selector("#tt-preview-box:not([hidden])")
        assert "XYZZY-BROWSER" in pg.inner_text("#tt-preview-box")
        assert "(SGP)" in pg.inner_text("#tt-preview-box")  # bracketed and attributed
        assert not list((server.root / "amendments").glob("p-sgp-*.xml"))  # a preview writes nothing
        pg.click("#tt-table")
        pg.wait_for_selector("#tt-toast", timeout=10_000)
        assert "Tabled as p-sgp-58" in pg.inner_text("#tt-toast")
        a = read_amendment(server.root / "amendments" / "p-sgp-58.xml")
        change = a.changes[0]
        assert (change.kind, change.old, change.where) == ("insert", "requested State Party", "after")
        assert head(server.root)[0] == "Singapore <sgp@delegations.invalid>"
        other.wait_for_function(
            "document.querySelector('#serve-content').innerText.includes('XYZZY-BROWSER')", timeout=5_000)
        assert other.evaluate("window.__same_page") is True  # no reload
        # Its own proposal gets no support/oppose buttons.
        pg.wait_for_selector("li[data-amendment='p-sgp-58'] .tt-own", timeout=10_000)
        assert pg.locator("li[data-amendment='p-sgp-58'] .tt-support").count() == 0
        # Support with one click (a proposal by Switzerland); the button then says so.
        item = "li[data-amendment='ahc5-che-058-ne-bis-in-idem']"
        pg.wait_for_selector(f"{item} .tt-oppose")
        pg.click(f"{item} .tt-oppose")
        _wait(lambda: "SGP" in read_amendment(
            server.root / "amendments" / "ahc5-che-058-ne-bis-in-idem.xml").opponents)
        pg.wait_for_selector(f"{item} .tt-oppose[aria-pressed=true]", timeout=10_000)
        assert pg.inner_text(f"{item} .tt-oppose") == "Opposed \u2713"
    finally:
        context.close()
        reader.close()


@pytest.mark.browser
@browser_test
def test_browser_delegation_cannot_change_a_status(browser, server: Running, tokens) -> None:
    context, pg = _signed_in(browser, server, tokens["USA"])
    try:
        pg.wait_for_selector("li[data-amendment] .tt-support")
        assert pg.locator(".tt-status").count() == 0  # no status controls for a delegation
        status = pg.evaluate("""() => fetch('/api/amendments/ahc5-sgp-vasp/status', {method: 'POST',
            credentials: 'same-origin', headers: {'Content-Type': 'application/json',
            'X-CSRFToken': document.cookie.match(/csrftoken=([^;]*)/)[1]},
            body: JSON.stringify({status: 'adopted'})}).then(r => r.status)""")
        assert status == 403
        assert read_amendment(server.root / "amendments" / "ahc5-sgp-vasp.xml").status == "proposed"
    finally:
        context.close()
    context, pg = _signed_in(browser, server, tokens["secretariat"])
    try:
        item = "li[data-amendment='ahc5-sgp-vasp']"
        pg.wait_for_selector(f"{item} .tt-status")
        generation = pg.evaluate("document.body.dataset.generation")
        pg.select_option(f"{item} .tt-status", "agreed-ad-ref")
        pg.click(f"{item} .tt-set")
        _wait(lambda: read_amendment(server.root / "amendments" / "ahc5-sgp-vasp.xml").status
              == "agreed-ad-ref")
        _wait(lambda: head(server.root)[0].startswith("Secretariat <"))  # committed after the write
        # The page follows the change (a new generation) before the next selection is made.
        pg.wait_for_function(f"document.body.dataset.generation !== {generation!r}", timeout=10_000)
        pg.wait_for_selector(f"{item} .tt-status")
        # The secretariat types a delegation's proposal in, naming the delegation.
        assert pg.evaluate(SELECT, ["art_58__para_10__point_b", "requested State Party"])
        pg.dispatch_event("#art_58__para_10__point_b", "mouseup")
        pg.wait_for_selector("#tt-by-label:not([hidden])")
        pg.check("input[name=tt-kind][value=delete]")
        pg.fill("#tt-by", "bra")
        pg.click("#tt-table")
        pg.wait_for_function("document.getElementById('tt-toast').textContent.includes('Tabled as')")
        assert "Tabled as p-bra-58" in pg.inner_text("#tt-toast")
        assert read_amendment(server.root / "amendments" / "p-bra-58.xml").proposers == ("BRA",)
    finally:
        context.close()


def _attempt(server: Running, forwarded_for: str) -> int:
    """One failed sign-in claiming to come from `forwarded_for`: its status."""
    return httpx.post(server.url + "/api/proposals", json=WORDS, timeout=20,
                      headers={"Authorization": "Bearer tt-00000000-" + "q" * 40,
                               "X-Forwarded-For": forwarded_for}).status_code


def test_proxy_headers_only_when_told(room: Path, tokens) -> None:
    # Without --proxy-headers a client cannot escape the limit by claiming other addresses.
    with Running(room, serve.Options(write=True)) as r:
        assert [_attempt(r, "203.0.113.1") for _ in range(10)] == [401] * 10
        assert _attempt(r, "203.0.113.2") == 429
    # Behind a proxy (--proxy-headers), the proxy's X-Forwarded-For names the client.
    with Running(room, serve.Options(write=True, proxy_headers=True)) as r:
        assert [_attempt(r, "203.0.113.1") for _ in range(10)] == [401] * 10
        assert _attempt(r, "203.0.113.1") == 429
        assert _attempt(r, "203.0.113.2") == 401


# -- several worker processes ------------------------------------------------------------------


def test_workers_serve_one_socket_and_all_follow_a_write(room: Path, tokens) -> None:
    import signal

    proc = subprocess.Popen([sys.executable, "-m", "treaty", "serve", str(room), "--port", "0",
                             "--write", "--workers", "2"], stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    try:
        banner = proc.stdout.readline() if proc.stdout else ""
        assert "2 worker processes" in banner, banner
        url = banner.split(" at ", 1)[1].split()[0].rstrip("/")
        _wait(lambda: _ready(url), timeout=30)
        told: list[int] = []
        workers: set[str] = set()  # each worker's event stream starts with its own boot id
        hello = threading.Semaphore(0)

        def page(n: int) -> None:
            with httpx.stream("GET", url + "/events", timeout=20) as s:
                for line in s.iter_lines():
                    if line.startswith("data: ") and not told and len(workers) < 99:
                        workers.add(line[6:].split(".")[0])
                        hello.release()
                    if line == "event: change":
                        told.append(n)
                        return

        pages: list[threading.Thread] = []
        while len(workers) < 2 and len(pages) < 40:  # open pages until both workers hold some
            pages.append(threading.Thread(target=page, args=(len(pages),), daemon=True))
            pages[-1].start()
            assert hello.acquire(timeout=20)
        assert len(workers) == 2
        r = httpx.post(url + "/api/proposals", json=WORDS, timeout=30,
                       headers={"Authorization": f"Bearer {tokens['SGP']}"})
        assert r.status_code == 201, r.text
        for t in pages:
            t.join(10)
        assert sorted(told) == list(range(len(pages)))  # every open page, on either worker
        assert all("requesting State" in httpx.get(url + "/", timeout=20).text for _ in range(4))
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            out = proc.communicate(timeout=20)[0]
        except subprocess.TimeoutExpired:
            proc.kill()
            raise
    assert "stopped" in out and "Traceback" not in out


def _ready(url: str) -> bool:
    try:
        return httpx.get(url + "/", timeout=5).status_code == 200
    except httpx.HTTPError:
        return False


# -- the workspace lock ----------------------------------------------------------------------------


def test_concurrent_positions_lose_nothing(server: Running) -> None:
    codes = ["AUS", "BRA", "CAN", "DEU", "FRA", "JPN"]
    tokens = {c: access.add(server.root, c)[1] for c in codes}
    aid = "ahc5-che-058-ne-bis-in-idem"
    before = int(git(server.root, "rev-list", "--count", "HEAD"))
    statuses: list[int] = []

    def support(code: str) -> None:
        statuses.append(call(server, f"/api/amendments/{aid}/support", {}, token=tokens[code]).status_code)

    threads = [threading.Thread(target=support, args=(c,)) for c in codes]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert statuses == [200] * len(codes)
    a = read_amendment(server.root / "amendments" / f"{aid}.xml")
    assert set(codes) <= set(a.supporters)  # every one kept: no write lost another's
    assert int(git(server.root, "rev-list", "--count", "HEAD")) == before + len(codes)
    authors = git(server.root, "log", f"-{len(codes)}", "--format=%ae").split()
    assert sorted(authors) == sorted(f"{c.lower()}@delegations.invalid" for c in codes)


def test_a_locked_workspace_is_503_and_nothing_written(server: Running, tokens, monkeypatch) -> None:
    from treaty.lock import workspace_lock

    monkeypatch.setenv("TREATY_LOCK_TIMEOUT", "0.5")
    before = _content(server.root)
    with workspace_lock(server.root, "consolidate"):
        r = call(server, "/api/proposals", WORDS, token=tokens["SGP"])
        assert r.status_code == 503 and r.headers["retry-after"]
        assert "busy: consolidate" in r.json()["error"]
        assert _content(server.root) == before
    assert call(server, "/api/proposals", WORDS, token=tokens["SGP"]).status_code == 201


def test_a_refused_commit_is_500_saying_the_file_is_written(server: Running, tokens) -> None:
    hook = server.root / ".git" / "hooks" / "pre-commit"
    hook.write_text("#!/bin/sh\necho 'no commits during the plenary' >&2\nexit 1\n")
    hook.chmod(0o755)
    r = call(server, "/api/proposals", WORDS, token=tokens["SGP"])
    assert r.status_code == 500
    assert "no commits during the plenary" in r.json()["error"]
    assert "the files are written" in r.json()["error"]
    assert list((server.root / "amendments").glob("p-sgp-*.xml"))  # written, as it says
