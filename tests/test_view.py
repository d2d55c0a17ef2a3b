"""`kg view`: one self-contained HTML page, checked as a file and in headless Chromium."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.query import open_store
from kg.view import graph_from_store, render_html, view_data

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
EXPORT = ROOT / "exports" / "policy-kg.ttl"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1280, "height": 800}
needs_chromium = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="needs /usr/bin/chromium (scripts/system-deps/chromium.sh installs it)",
)


def kg(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kg", *args], capture_output=True, text=True, cwd=ROOT, timeout=300
    )


@pytest.fixture(scope="module")
def data() -> dict:
    store = open_store(EXPORT)
    return view_data(graph_from_store(store), store)


@pytest.fixture(scope="module")
def page_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("view") / "policy-kg.html"
    done = kg("view", "--graph", str(EXPORT), "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert "nodes" in done.stderr
    return out


def embedded_data(html: str) -> dict:
    match = re.search(r'<script id="kg-data" type="application/json">(.*?)</script>', html, re.S)
    assert match
    return json.loads(match.group(1))


# ------------------------------------------------------------------- the file


def test_page_is_one_offline_file(page_file: Path) -> None:
    html = page_file.read_text("utf-8")
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", html, re.I)
    assert not re.search(r"<script[^>]*\ssrc\s*=", html, re.I)
    assert not re.search(r"<link\b", html, re.I)
    assert "The Cytoscape Consortium" in html  # the library is inlined, licence header kept
    blob = embedded_data(html)
    assert len(blob["nodes"]) > 100 and len(blob["edges"]) > 100


def test_same_graph_gives_same_bytes(page_file: Path, tmp_path: Path) -> None:
    again = tmp_path / "again.html"
    assert kg("view", "-o", str(again)).returncode == 0  # the default graph is the export
    assert again.read_bytes() == page_file.read_bytes()


def test_data_cannot_close_the_script_element(data: dict) -> None:
    hostile = json.loads(json.dumps(data))
    hostile["nodes"][0]["labels"]["en"] = "</script><script>alert(1)</script><!--"
    html = render_html(hostile)
    assert html.lower().count("</script") == 3  # library, data, page code
    assert embedded_data(html)["nodes"][0]["labels"]["en"].startswith("</script>")


def test_entities_documents_and_quantities_but_no_provenance(data: dict) -> None:
    types = {n["type"] for n in data["nodes"]}
    assert {"Agency", "Hospital", "Programme", "Task", "Person", "Place", "Document"} <= types
    assert {"Target", "Statistic"} <= types
    assert not types & {"Phrase", "Sentence", "Statement", "Post", "AdministrativeDivision", ""}
    ids = {n["id"] for n in data["nodes"]}
    assert all(e["source"] in ids and e["target"] in ids for e in data["edges"])
    assert data["start"]["mode"] == "all"  # the seeds' graph is small
    kinds = {n["id"]: n["kind"] for n in data["nodes"]}
    assert {kinds[i] for i in data["start"]["nodes"]} == {"entity", "document"}
    assert data["types"][0]["labels"] == {"en": "Agency", "zh": "政府机构"}
    assert data["predicates"]["responsibleAgency"]["zh"] == "责任单位"


def test_nodes_carry_labels_aliases_and_evidence(data: dict) -> None:
    by_label = {n["label"]: n for n in data["nodes"]}
    agency = by_label["State Administration of Traditional Chinese Medicine"]
    assert agency["labels"] == {
        "en": "State Administration of Traditional Chinese Medicine",
        "zh": "国家中医药管理局",
    }
    finance = by_label["Municipal Finance Bureau"]
    assert 1 <= len(finance["evidence"]) <= 3
    assert all("Municipal Finance Bureau" in e["sentence"] for e in finance["evidence"])
    people = [n for n in data["nodes"] if n.get("posts")]
    assert any(p["role"] == "党支部书记" for n in people for p in n["posts"])
    assert any("evidence" in e for e in data["edges"] if e["predicate"] == "responsibleAgency")


def test_large_graphs_start_with_agencies_and_programmes(
    data: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    import kg.view

    monkeypatch.setattr(kg.view, "FULL_VIEW_LIMIT", 50)
    store = open_store(EXPORT)
    small = view_data(graph_from_store(store), store)
    assert small["start"]["mode"] == "core"
    kinds = {n["id"]: n["type"] for n in small["nodes"]}
    start = set(small["start"]["nodes"])
    assert {i for i, t in kinds.items() if t in ("Agency", "Programme")} <= start
    assert len(start) < len(data["start"]["nodes"])
    assert not any(kinds[i] in ("Target", "Statistic") for i in start)


def test_page_from_a_store(page_file: Path, tmp_path: Path) -> None:
    store, out = tmp_path / "store", tmp_path / "store.html"
    added = kg("add", "--quiet", "--workers", "1", "--store", str(store), str(ROOT / "seeds"))
    assert added.returncode == 0, added.stderr
    done = kg("view", "--store", str(store), "-o", str(out), "--lang", "zh")
    assert done.returncode == 0, done.stderr
    from_store = embedded_data(out.read_text("utf-8"))
    from_export = embedded_data(page_file.read_text("utf-8"))
    assert from_store["lang"] == "zh"
    assert len(from_store["nodes"]) == len(from_export["nodes"])
    assert len(from_store["edges"]) == len(from_export["edges"])


def test_missing_inputs_are_reported(tmp_path: Path) -> None:
    out = tmp_path / "never.html"
    done = kg("view", "--graph", "no/such.ttl", "-o", str(out))
    assert done.returncode == 2 and "no such graph file" in done.stderr
    done = kg("view", "--store", "no/such/store", "-o", str(out))
    assert done.returncode == 2 and "no store here" in done.stderr
    assert not out.exists()


# ---------------------------------------------------------------- the browser


@pytest.fixture(scope="module")
def browser_page(page_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator:
    if not CHROMIUM.exists():
        pytest.skip("needs /usr/bin/chromium (scripts/system-deps/chromium.sh installs it)")
    from playwright.sync_api import sync_playwright

    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile),
            executable_path=str(CHROMIUM),
            args=CHROMIUM_ARGS,
            headless=True,
            viewport=VIEWPORT,
        )
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.on(
            "request",
            lambda r: (
                errors.append(f"request {r.url}")
                if "://" in r.url and not r.url.startswith("file:")
                else None
            ),
        )
        page.goto(page_file.as_uri())
        page.wait_for_function("window.kgView && window.kgView.ready", timeout=30_000)
        yield page
        context.close()
        assert errors == []


def search(page, text: str) -> dict:
    page.fill("#search", text)
    page.press("#search", "Enter")
    page.wait_for_function("window.kgView.selected && !window.kgView.moving")
    return page.evaluate("window.kgView.data.nodes.find(n => n.id === window.kgView.selected)")


@needs_chromium
def test_graph_renders(browser_page) -> None:
    assert browser_page.evaluate("window.kgView.visibleCount()") > 10
    assert browser_page.evaluate("window.kgView.cy.nodes(':visible').length") > 10
    inked = browser_page.evaluate(
        """() => Array.from(document.querySelectorAll('#cy canvas')).reduce((sum, c) => {
        const px = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let n = 0; for (let i = 3; i < px.length; i += 4) if (px[i] > 0) n += 1;
        return sum + n; }, 0)"""
    )
    assert inked > 5000  # pixels drawn on the graph's canvases
    assert browser_page.evaluate("window.kgView.cy.nodes().length") > 100
    legend = browser_page.inner_text("#legend")
    assert "Agency" in legend and "Document" in legend


@needs_chromium
def test_search_selects_and_centres(browser_page) -> None:
    node = search(browser_page, "Municipal Finance Bureau")
    assert node["labels"]["en"] == "Municipal Finance Bureau"
    assert browser_page.inner_text("#panel h2") == "Municipal Finance Bureau"
    centre = browser_page.evaluate(
        """() => { const cy = window.kgView.cy, p = cy.getElementById(window.kgView.selected)
        .renderedPosition(); return [p.x - cy.width() / 2, p.y - cy.height() / 2]; }"""
    )
    assert abs(centre[0]) < 25 and abs(centre[1]) < 25  # its box with the label is centred
    node = search(browser_page, "国家中医药管理局")
    assert node["type"] == "Agency"
    assert "State Administration of Traditional Chinese Medicine" in browser_page.inner_text(
        "#panel"
    )
    node = search(browser_page, "哈密市维吾尔医医院")
    assert node["type"] == "Hospital"
    browser_page.fill("#search", "no such name at all")
    browser_page.press("#search", "Enter")
    assert "no such name at all" in browser_page.inner_text("#status")


@needs_chromium
def test_click_on_a_node_shows_its_facts_and_evidence(browser_page) -> None:
    # The entity with evidence farthest from any other node, centred and zoomed in.
    target = browser_page.evaluate(
        """() => {
        const view = window.kgView, cy = view.cy;
        view.select(null);
        const shown = cy.nodes().filter(n => n.visible());
        let best = null, room = -1;
        shown.forEach(n => {
          const d = view.data.nodes.find(x => x.id === n.id());
          if (d.kind !== "entity" || !d.evidence.length) return;
          const p = n.position();
          let near = Infinity;
          shown.forEach(m => { if (m !== n) { const q = m.position();
            near = Math.min(near, Math.hypot(p.x - q.x, p.y - q.y)); } });
          if (near > room) { room = near; best = n; }
        });
        cy.zoom(1.5); cy.center(best);
        const box = cy.container().getBoundingClientRect(), r = best.renderedPosition();
        return {id: best.id(), x: box.left + r.x, y: box.top + r.y};
    }"""
    )
    assert browser_page.evaluate("window.kgView.selected") is None
    browser_page.mouse.click(target["x"], target["y"])
    browser_page.wait_for_function("window.kgView.selected !== null")
    assert browser_page.evaluate("window.kgView.selected") == target["id"]
    node = browser_page.evaluate(
        f"window.kgView.data.nodes.find(n => n.id === {json.dumps(target['id'])})"
    )
    panel = browser_page.text_content("#panel") or ""
    assert browser_page.inner_text("#panel .type") == node["type"]
    evidence = " ".join(browser_page.inner_text("#panel blockquote.evidence").split())
    assert node["evidence"][0]["text"] in evidence
    assert " ".join(node["evidence"][0]["sentence"].split()) in evidence
    assert browser_page.inner_text("#panel blockquote.evidence mark") == node["evidence"][0]["text"]
    assert "Evidence" in panel and "Relations" in panel


@needs_chromium
def test_switching_language_changes_labels(browser_page) -> None:
    node = search(browser_page, "State Administration of Traditional Chinese Medicine")
    caption = f"window.kgView.caption({json.dumps(node['id'])})"
    assert browser_page.evaluate(caption).startswith("State Administration")
    browser_page.click(".langs button[data-lang=zh]")
    assert browser_page.evaluate("window.kgView.lang") == "zh"
    assert browser_page.evaluate(caption) == "国家中医药管理局"
    assert browser_page.inner_text("#panel h2") == "国家中医药管理局"
    assert "政府机构" in browser_page.inner_text("#legend")
    browser_page.click(".langs button[data-lang=en]")
    assert browser_page.evaluate(caption).startswith("State Administration")


@needs_chromium
def test_quantities_toggle(browser_page) -> None:
    browser_page.evaluate("window.kgView.reset()")
    before = browser_page.evaluate("window.kgView.visibleCount()")
    browser_page.check("#show-quantities")
    quantities = browser_page.evaluate(
        "window.kgView.data.nodes.filter(n => n.kind === 'quantity').length"
    )
    assert browser_page.evaluate("window.kgView.visibleCount()") == before + quantities
    browser_page.uncheck("#show-quantities")
    assert browser_page.evaluate("window.kgView.visibleCount()") == before


def take_screenshot(page, path: Path) -> None:
    """The picture in docs/view.png: the start view, one agency selected and centred."""
    page.evaluate("window.kgView.reset(); window.kgView.setLang('en')")
    search(page, "Municipal Education Bureau")
    page.evaluate("const cy = window.kgView.cy; cy.zoom(0.85); cy.center(cy.$(':selected'))")
    page.wait_for_timeout(200)
    page.screenshot(path=str(path))


@needs_chromium
def test_screenshot(browser_page, tmp_path: Path) -> None:
    shot = tmp_path / "view.png"
    take_screenshot(browser_page, shot)
    header = shot.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(header[16:20], "big"), int.from_bytes(header[20:24], "big")
    assert (width, height) == (VIEWPORT["width"], VIEWPORT["height"])
