"""Search finds a name however a reader types it: with or without its accents, or in Cyrillic.

The query goes through the site's own JavaScript (its language_data.js: the splitter and the
stemmer the search page uses, run in Node.js) and is looked up in the site's searchindex.js,
as the search page does."""

import json
import shutil
import subprocess
import time
from pathlib import Path

import jinja2
import jinja2.nodes
import pydata_sphinx_theme
import pytest

from book import parse_html

LOOKUP = r"""
const fs = require("fs"), vm = require("vm");
const [site, ...queries] = process.argv.slice(1);  // node -e SCRIPT SITE QUERY...
globalThis.window = globalThis;
vm.runInThisContext(fs.readFileSync(site + "/_static/language_data.js", "utf8"));
const index = JSON.parse(fs.readFileSync(site + "/searchindex.js", "utf8")
  .replace(/^Search\.setIndex\(/, "").replace(/\)\s*$/, ""));
const stemmer = new Stemmer();
const pages = {};
for (const query of queries) {
  const terms = splitQuery(query.trim()).map((t) => stemmer.stemWord(t.toLowerCase()));
  pages[query] = terms.map((t) => [].concat(index.terms[t] ?? []).map((i) => index.docnames[i]));
}
console.log(JSON.stringify(pages));
"""


def pages_found(site, *queries: str) -> dict[str, list[list[str]]]:
    node = shutil.which("node")
    if node is None:
        pytest.fail("Node.js is needed to run the site's search code (scripts/install-packages.sh test)")
    result = subprocess.run([node, "-e", LOOKUP, str(site), *queries], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.parametrize(
    ("plain", "accented"), [("Obregon", "Obregón"), ("Gomez", "Gómez"), ("Alvarez", "Álvarez")]
)
def test_a_name_is_found_with_or_without_its_accents(html_dir, plain, accented):
    found = pages_found(html_dir, plain, accented)
    assert found[plain] == found[accented] and found[plain][0], found


def test_names_are_found_in_cyrillic_and_in_transliteration(html_dir):
    found = pages_found(html_dir, "Пестковский", "Pestkovsky", "Trotsky")
    assert all(pages and pages[0] for pages in found.values()), found
    assert "glossary" in found["Пестковский"][0]


@pytest.mark.slow
@pytest.mark.parametrize("query, shown", [("Pestkovsky", "pestkovsky"), ("Obregon", "obregon"),
                                          ("Пестковский", "пестковский"), ("Gomez", "gomez")])  # fmt: skip
def test_each_result_shows_the_name_in_a_snippet_of_its_page(html_dir, query, shown):
    """The search page in Chromium: results for a name with or without its accents, each with a
    snippet of its page's own text that holds the name (accents and case aside)."""
    import unicodedata

    from booktools.checks.browser import chromium, search_results_shown, serve

    def fold(text: str) -> str:
        return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c)).lower()

    with serve(html_dir) as base, chromium() as browser:
        tab = browser.new_page()
        errors = []
        tab.on("pageerror", lambda error: errors.append(str(error)))

        def arrive_late(route):  # the snippet script, as on a slow connection: the results wait for it
            time.sleep(1)
            route.continue_()

        tab.route("**/booktools-search.js*", arrive_late)
        tab.goto(f"{base}/search.html?q={query}", wait_until="networkidle")
        search_results_shown(tab)
        results = tab.query_selector_all("#search-results li")
        assert results and errors == []
        for result in results:
            snippet = result.query_selector("p.context")
            assert snippet and fold(shown) in fold(snippet.inner_text()), result.inner_text()
        # The query is readable: its text starts right of the magnifier, not under it.
        icon, start = tab.evaluate("""() => {
            const form = [...document.querySelectorAll("form.bd-search")].find((f) => f.offsetParent);
            const field = form.querySelector("input");
            return [form.querySelector("i").getBoundingClientRect().right,
                    field.getBoundingClientRect().left + parseFloat(getComputedStyle(field).paddingLeft)];
        }""")
        assert start >= icon


def test_the_search_page_loads_the_themes_search_code_deferred_then_the_snippets(html_dir):
    """booktools/templates/search.html restates the theme's search scripts with ``defer``: each
    script the installed theme's search page names (read with Jinja's own parser) is loaded, in
    the theme's order, after Sphinx's scripts; the snippet script comes after the search code and
    before the index, whose arrival starts the search; nothing blocks."""
    theme = Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme" / "search.html"
    tree = jinja2.Environment(extensions=["jinja2.ext.i18n"]).parse(theme.read_text(encoding="utf-8"))
    block = next(b for b in tree.find_all(jinja2.nodes.Block) if b.name == "scripts")
    calls = [c for c in block.find_all(jinja2.nodes.Call) if getattr(c.node, "name", "") == "pathto"]
    theirs = [call.args[0].value for call in calls]
    assert theirs, "the theme's search page names its scripts"
    scripts = parse_html(html_dir / "search.html").select("head script[src]")
    ours = [script["src"].split("?")[0] for script in scripts]
    assert [src for src in ours if src in theirs] == theirs
    assert ours.index("_static/documentation_options.js") < ours.index(theirs[0])
    snippets = ours.index("_static/booktools-search.js")
    assert ours.index("_static/searchtools.js") < snippets < ours.index("searchindex.js")
    assert all(script.has_attr("defer") for script in scripts), ours
