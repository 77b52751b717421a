"""Finding 1 (code execution from a workspace template) and 8 (the PDF step fetching URLs)."""

from __future__ import annotations

from pathlib import Path

import pytest
from jinja2.sandbox import SandboxedEnvironment

from treaty.model import TreatyError

from .helpers import one_line_error, treaty

SSTI = ("{{ self.__init__.__globals__.__builtins__.__import__('os')"
        ".popen('touch %s').read() }}")


def test_template_cannot_run_code(demo: Path, tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    (demo / "render").mkdir(exist_ok=True)
    (demo / "render" / "masthead.html.j2").write_text(SSTI % marker)
    for fmt in ("html", "pdf"):  # the PDF of the HTML engine renders the same templates
        result = treaty("compile", str(demo), "--format", fmt, "--pdf-engine", "html",
                        "-o", str(tmp_path / f"x.{fmt}"))
        one_line_error(result, "masthead.html.j2", "refused")
        assert not marker.exists()
        assert not (tmp_path / f"x.{fmt}").exists()


def test_other_sandbox_escapes_refused(demo: Path, tmp_path: Path) -> None:
    from treaty.commands import load
    from treaty.compile import compile_bracketed
    from treaty.render import RenderOptions, render

    loaded = load(demo)
    compiled = compile_bracketed(loaded.ws.document, loaded.amendments)
    for payload in ("{{ ''.__class__.__mro__[1].__subclasses__() }}",
                    "{{ d.__class__.__init__.__globals__ }}",
                    "{{ cycler.__init__.__globals__.os.popen('id').read() }}"):
        folder = tmp_path / str(abs(hash(payload)))
        folder.mkdir()
        (folder / "masthead.html.j2").write_text(payload)
        with pytest.raises(TreatyError) as info:
            render(compiled, "html", RenderOptions(template_dirs=(folder,)))
        assert "\n" not in str(info.value)


def test_every_html_writer_and_serve_use_the_one_factory_sandboxed_for_workspaces(tmp_path: Path) -> None:
    from treaty.render import diff_html, env, html, positions_html
    from treaty.serve import State

    (tmp_path / "render").mkdir()
    assert html.environment is env.environment
    assert diff_html.environment is env.environment
    assert positions_html.environment is env.environment
    sandboxed = [env.environment((tmp_path / "render",)), env.make_env(tmp_path / "render"),
                 State(root=tmp_path).env]
    trusted = [env.environment(), env.make_env(None)]  # the package's own templates only
    assert State(root=tmp_path).env is env.environment((tmp_path / "render",))
    for e in sandboxed + trusted:
        assert isinstance(e, SandboxedEnvironment) == (e in sandboxed)
        assert isinstance(e.loader, env.SafeLoader)
        assert e.autoescape and e.undefined.__name__ == "StrictUndefined"
    # Jinja compiles calls differently in a sandbox: the two kinds never share compiled code
    assert sandboxed[0].bytecode_cache.pattern != trusted[0].bytecode_cache.pattern


def test_template_link_out_of_render_is_refused(demo: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET")
    (demo / "render" / "masthead.html.j2").unlink()
    (demo / "render" / "masthead.html.j2").symlink_to(secret)
    result = treaty("compile", str(demo), "-o", str(tmp_path / "x.html"))
    one_line_error(result, "masthead.html.j2", "outside the workspace")
    assert not (tmp_path / "x.html").exists()


def test_pdf_fetches_nothing_outside_the_workspace(demo: Path, tmp_path: Path) -> None:
    (demo / "render").mkdir(exist_ok=True)
    (demo / "render" / "house.css").write_text(
        "@font-face { font-family: Evil; src: url(file:///dev/zero); }\n"
        "body { font-family: Evil; background: url(http://127.0.0.1:9/track.png); }\n"
        "h1 { background: url(file:///etc/hostname); }\n")
    out = tmp_path / "x.pdf"
    result = treaty("compile", str(demo), "--format", "pdf", "--pdf-engine", "html", "-o", str(out),
                    timeout=300)
    assert result.returncode == 0, result.stderr
    assert out.read_bytes().startswith(b"%PDF")
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning: PDF")]
    assert len(warnings) == 3, result.stderr
    for url in ("file:///dev/zero", "http://127.0.0.1:9/track.png", "file:///etc/hostname"):
        assert sum(url in w for w in warnings) == 1


def test_pdf_uses_files_inside_render(tmp_path: Path) -> None:
    from treaty.render.fetch import allowed_file

    render = tmp_path / "render"
    render.mkdir()
    (render / "logo.png").write_bytes(b"x")
    (render / "out.png").symlink_to("/etc/hostname")
    assert allowed_file((render / "logo.png").as_uri(), (render,)) is not None
    assert allowed_file((render / "out.png").as_uri(), (render,)) is None
    assert allowed_file("file:///etc/passwd", (render,)) is None
    assert allowed_file("https://example.org/x.css", (render,)) is None


def test_serve_renders_workspace_templates_sandboxed(demo: Path, tmp_path: Path) -> None:
    pytest.importorskip("starlette")
    from treaty import serve

    marker = tmp_path / "pwned-by-serve"
    (demo / "render" / "masthead.html.j2").write_text(SSTI % marker)
    page = serve.make_draft(serve.State(root=demo), serve.Filters())
    assert not marker.exists()
    assert page.status >= 400
    assert b"refused: the template does something unsafe" in page.html
