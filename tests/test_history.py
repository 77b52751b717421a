"""Git is the history: every writing command makes one commit of exactly its files, authored
by the delegation it acts for; `treaty log`, `treaty diff git:REV`; two clones that changed
the same proposal merge through `treaty merge-driver`. Real `treaty` and `git` processes in
real repositories (no global git configuration: HOME is a temporary folder)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from treaty.amend.format import read_amendment
from treaty.commands import proposals

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")


@pytest.fixture
def env(tmp_path: Path, monkeypatch) -> dict[str, str]:
    home = tmp_path / "home"
    home.mkdir()
    values = {"HOME": str(home), "GIT_CONFIG_NOSYSTEM": "1", "XDG_CONFIG_HOME": str(home)}
    for key, value in values.items():
        monkeypatch.setenv(key, value)
    for key in ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL"):
        monkeypatch.delenv(key, raising=False)
    return {**os.environ}


def git(cwd: Path, *args: str, check: bool = True) -> str:
    proc = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True)
    if check:
        assert proc.returncode == 0, proc.stderr
    return proc.stdout


def treaty(cwd: Path, *args: str, ok: bool = True) -> subprocess.CompletedProcess:
    proc = subprocess.run([sys.executable, "-m", "treaty", *args], cwd=cwd, capture_output=True,
                          text=True)
    if ok:
        assert proc.returncode == 0, proc.stderr + proc.stdout
    return proc


@pytest.fixture
def repo(demo: Path, env) -> Path:
    """The demo workspace as a git repository with one commit by a clerk."""
    git(demo, "init", "-q", "-b", "main")
    git(demo, "config", "user.name", "Clerk")
    git(demo, "config", "user.email", "clerk@un.example")
    treaty(demo, "git-setup")
    (demo / "settings.toml").write_text('[authors]\ndomain = "ahc.example.org"\n'
                                        'secretariat_email = "secretariat@ahc.example.org"\n'
                                        '[authors.email]\nSGP = "ahc@mfa.gov.sg"\n')
    git(demo, "add", "-A")
    git(demo, "commit", "-q", "-m", "the CND as circulated")
    return demo


def last_commit(root: Path) -> tuple[str, str, list[str]]:
    """(author "Name <email>", subject, files) of HEAD."""
    author = git(root, "log", "-1", "--format=%an <%ae>").strip()
    subject = git(root, "log", "-1", "--format=%s").strip()
    files = git(root, "show", "--name-only", "--format=", "HEAD").split()
    return author, subject, files


def count(root: Path) -> int:
    return int(git(root, "rev-list", "--count", "HEAD"))


def test_propose_is_one_commit_by_the_delegation(repo: Path) -> None:
    (repo / "notes.txt").write_text("the clerk's own notes, not part of the proposal\n")
    before = count(repo)
    out = treaty(repo, "propose", "--by", "SGP", "--target", "58.10(b)", "--id", "sgp-third-state",
                 "--replace", "requested State Party", "--with", "requesting State").stdout
    assert "committed" in out
    assert count(repo) == before + 1
    author, subject, files = last_commit(repo)
    assert author == "Singapore <ahc@mfa.gov.sg>"
    assert subject == ("Singapore: replace 'requested State Party' in Article 58, paragraph 10 (b) "
                       "[sgp-third-state]")
    assert files == ["amendments/sgp-third-state.xml"]
    assert "?? notes.txt" in git(repo, "status", "--short")  # untouched, not committed
    # The committer is whoever runs the command (git's configuration).
    assert git(repo, "log", "-1", "--format=%cn").strip() == "Clerk"


def test_new_definition_message(repo: Path) -> None:
    shutil.move(repo / "amendments" / "ahc5-sgp-vasp.xml", repo / "vasp.xml")
    git(repo, "rm", "-q", "--cached", "amendments/ahc5-sgp-vasp.xml")
    git(repo, "commit", "-q", "-m", "take it out to table it again")
    a = read_amendment(repo / "vasp.xml")
    path, commit = proposals.table(repo, a)
    assert commit
    author, subject, files = last_commit(repo)
    assert subject == "Singapore: new definition after Article 2 (h) [ahc5-sgp-vasp]"
    assert files == ["amendments/ahc5-sgp-vasp.xml"]


def test_status_support_consolidate_and_no_commit(repo: Path) -> None:
    before = count(repo)
    treaty(repo, "status", "ahc5-sgp-vasp", "adopted", "--note", "agreed in plenary")
    author, subject, files = last_commit(repo)
    assert author == "Secretariat <secretariat@ahc.example.org>"
    assert subject == ("Secretariat: ahc5-sgp-vasp proposed -> adopted (agreed in plenary) "
                       "[ahc5-sgp-vasp]")
    assert files == ["amendments/ahc5-sgp-vasp.xml"]

    proposals.declare(repo, "ahc5-che-058-ne-bis-in-idem", "AUS", "support")
    author, subject, files = last_commit(repo)
    assert author == "Australia <aus@ahc.example.org>"
    assert subject == "Australia: supports ahc5-che-058-ne-bis-in-idem [ahc5-che-058-ne-bis-in-idem]"
    assert files == ["amendments/ahc5-che-058-ne-bis-in-idem.xml"]

    treaty(repo, "status", "ahc5-che-058-ne-bis-in-idem", "rejected", "--no-commit")
    assert count(repo) == before + 2
    assert " M amendments/ahc5-che-058-ne-bis-in-idem.xml" in git(repo, "status", "--short")
    git(repo, "checkout", "--", "amendments")

    treaty(repo, "consolidate", "--label", "rev-1", "--date", "2023-05-01")
    author, subject, files = last_commit(repo)
    assert author.startswith("Secretariat <")
    assert subject.startswith("Secretariat: consolidated into rev-1 (1 applied")
    assert "versions/cnd-2023-04.akn.xml" in files and "articles/art_002.xml" in files
    assert git(repo, "status", "--short") == ""  # everything it wrote is in that one commit
    assert count(repo) == before + 3


def test_outside_git_nothing_is_committed(demo: Path, env) -> None:
    out = treaty(demo, "status", "ahc5-sgp-vasp", "adopted").stdout
    assert "committed" not in out
    proc = treaty(demo, "log", ok=False)
    assert proc.returncode == 1
    assert "not in a git repository" in proc.stderr and "Traceback" not in proc.stderr


def test_without_git_identity_the_author_commits(repo: Path) -> None:
    git(repo, "config", "--unset", "user.name")
    git(repo, "config", "--unset", "user.email")
    treaty(repo, "status", "ahc5-sgp-vasp", "rejected")
    assert git(repo, "log", "-1", "--format=%cn <%ce>").strip() == "Secretariat <secretariat@ahc.example.org>"


def test_log_by_proposal_article_and_delegation(repo: Path) -> None:
    treaty(repo, "propose", "--by", "SGP", "--target", "58.10(b)", "--id", "sgp-58",
           "--replace", "requested State Party", "--with", "requesting State")
    treaty(repo, "status", "sgp-58", "agreed-ad-ref")
    treaty(repo, "status", "ahc5-sgp-vasp", "rejected")

    lines = treaty(repo, "log", "sgp-58").stdout.splitlines()
    assert lines[-1] == "2 change(s) to sgp-58"
    assert "Secretariat" in lines[0] and "proposed -> agreed-ad-ref" in lines[0]
    assert "Singapore" in lines[1] and "[sgp-58]" in lines[1]

    by = treaty(repo, "log", "--by", "SGP").stdout.splitlines()
    assert by[-1] == "1 change(s) to SGP" and "[sgp-58]" in by[0]
    sec = treaty(repo, "log", "--by", "secretariat").stdout
    assert sec.count("Secretariat:") == 2

    art = treaty(repo, "log", "--article", "58").stdout
    assert "[sgp-58]" in art and "sgp-58 proposed -> agreed-ad-ref" in art
    assert "ahc5-sgp-vasp" not in art  # Article 2's proposal
    assert "the CND as circulated" in art

    bad = treaty(repo, "log", "no-such-id", ok=False)
    assert bad.returncode == 1 and "no amendment with this id" in bad.stderr


def test_diff_against_a_commit(repo: Path) -> None:
    first = git(repo, "rev-parse", "HEAD").strip()
    treaty(repo, "status", "ahc5-sgp-vasp", "adopted")
    treaty(repo, "consolidate", "--label", "rev-1", "--date", "2023-05-01")
    out = treaty(repo, "diff", f"git:{first}", "--format", "json").stdout
    import json

    data = json.loads(out)
    assert data["summary"]["words_inserted"] > 50  # the new definition
    assert "Virtual asset service provider" in out
    # Two commits compared, and WS@git:REV from elsewhere.
    same = treaty(repo.parent, "diff", f"{repo.name}@git:HEAD~2", f"{repo.name}@git:{first}")
    assert "no changes" in same.stderr
    # A stored version label keeps working.
    assert treaty(repo.parent, "diff", f"{repo.name}@cnd-2023-04", str(repo)).returncode == 0
    bad = treaty(repo, "diff", "git:nope", ok=False)
    assert bad.returncode == 1 and "git:nope: no such commit" in bad.stderr


def test_init_in_a_new_repository(tmp_path: Path, env) -> None:
    out = treaty(tmp_path, "init", "room", "--title", "Draft convention", "--git").stdout
    ws = tmp_path / "room"
    assert "committed" in out
    assert "amendments/*.xml merge=treaty-amendment" in (ws / ".gitattributes").read_text()
    assert ".treaty/" in (ws / ".gitignore").read_text()
    assert "merge-driver" in git(ws, "config", "merge.treaty-amendment.driver")
    files = git(ws, "ls-files").split()
    assert {"treaty.xml", ".gitattributes", ".gitignore"} <= set(files)
    assert git(ws, "status", "--short") == ""


# -- two offices, one proposal ----------------------------------------------------------------


@pytest.fixture
def clones(repo: Path, tmp_path: Path) -> tuple[Path, Path]:
    remote = tmp_path / "remote.git"
    git(tmp_path, "clone", "-q", "--bare", str(repo), str(remote))
    offices = []
    for name in ("geneva", "vienna"):
        dest = tmp_path / name
        git(tmp_path, "clone", "-q", str(remote), str(dest))
        git(dest, "config", "user.name", f"Clerk in {name}")
        git(dest, "config", "user.email", f"{name}@un.example")
        git(dest, "config", "pull.rebase", "false")
        treaty(dest, "git-setup")  # git keeps merge drivers per clone
        offices.append(dest)
    return offices[0], offices[1]


def test_merge_of_status_and_supporters(clones: tuple[Path, Path]) -> None:
    geneva, vienna = clones
    aid = "ahc5-che-058-ne-bis-in-idem"
    proposals.decide(geneva, aid, "agreed-ad-ref", "informals", today="2023-04-20")
    proposals.declare(geneva, aid, "AUS", "support", today="2023-04-20")
    git(geneva, "push", "-q")

    proposals.declare(vienna, aid, "BRA", "oppose", today="2023-04-21")
    # NOR supported it in the file: now it opposes it
    proposals.declare(vienna, aid, "NOR", "oppose", today="2023-04-21")
    proposals.decide(vienna, aid, "adopted", "plenary", today="2023-04-21")
    proc = subprocess.run(["git", "pull", "-q", "--no-edit"], cwd=vienna, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    merged = read_amendment(vienna / "amendments" / f"{aid}.xml")
    assert merged.supporters == ("AUS",)
    assert set(merged.opponents) == {"BRA", "NOR"}
    assert [(h.date, h.status) for h in merged.history if h.event in ("", "status")] == [
        ("2023-04-20", "agreed-ad-ref"), ("2023-04-21", "adopted")]
    assert sorted((h.event, h.by) for h in merged.history if h.event in ("support", "oppose")) == [
        ("oppose", "BRA"), ("oppose", "NOR"), ("support", "AUS")]
    assert [h.date for h in merged.history] == sorted(h.date for h in merged.history)
    assert merged.status == "adopted"
    assert "<<<<<<<" not in (vienna / "amendments" / f"{aid}.xml").read_text()
    assert git(vienna, "status", "--short") == ""
    assert treaty(vienna, "check").returncode == 0


def test_real_conflict_is_left_to_git(clones: tuple[Path, Path]) -> None:
    geneva, vienna = clones
    aid = "ahc5-che-058-ne-bis-in-idem"
    for office, words in ((geneva, "or of any other State"), (vienna, "or of a third State Party")):
        path = office / "amendments" / f"{aid}.xml"
        text = path.read_text().replace("or of a third State</new>", f"{words}</new>")
        path.write_text(text)
        git(office, "commit", "-q", "-am", f"words from {office.name}")
    git(geneva, "push", "-q")
    proc = subprocess.run(["git", "pull", "--no-edit"], cwd=vienna, capture_output=True, text=True)
    assert proc.returncode != 0
    assert f"amendments/{aid}.xml: cannot merge automatically: both sides changed changes" in proc.stderr
    text = (vienna / "amendments" / f"{aid}.xml").read_text()
    assert "<<<<<<< ours" in text and ">>>>>>> theirs" in text
    assert f"UU amendments/{aid}.xml" in git(vienna, "status", "--short")


def test_a_language_version_is_one_commit(tmp_path: Path, env) -> None:
    data = Path(__file__).parent / "data" / "languages"
    room = tmp_path / "room"
    git(tmp_path, "init", "-q", str(room))
    treaty(tmp_path, "import", str(data / "udhr_en.txt"), "--into", str(room), "--label", "udhr")
    assert git(room, "status", "--short") == ""
    out = treaty(tmp_path, "import", str(data / "udhr_fr.txt"), "--into", str(room),
                 "--language", "fr").stdout
    assert "committed" in out
    author, subject, files = last_commit(room)
    assert author == "Secretariat <secretariat@delegations.invalid>"
    assert subject == "Secretariat: imported udhr_fr.txt as the fr version"
    assert files and all(f.startswith("languages/fr/") for f in files)
    assert git(room, "status", "--short") == ""
