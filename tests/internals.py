# ruff: noqa: E501  (a table: each row's cells are whole sentences)
"""Every place booktools leans on behaviour its dependencies do not document, one row each: where
(found by a pattern, so the line number is always current), what is relied on, what breaks when
it changes, the test that would notice, and what the build does then. CONTRIBUTING.md's table is
rendered from this list (``python tests/internals.py`` rewrites it; a test checks it is current
and that every guarding test exists)."""

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
START = "<!-- the internals: rendered by tests/internals.py -->"
END = "<!-- end of the internals -->"

# (places, relied on, breaks, guarded by, fallback, status); places = [(path, pattern)]
B = "booktools/"
E = "booktools/extension/"
ROWS = [
    # ---------------- the TEI edition ----------------
    (
        [(E + "tei.py", r"tree = inline_all_toctrees\("), (E + "tei.py", r"^def by_page")],
        "Sphinx `sphinx.util.nodes.inline_all_toctrees` (the single-file builders' helper, not in the API docs), and the pages it inlines keeping their parent pointers to their own doctrees",
        "the TEI's pages not divided, or ids not found",
        "tests/test_tei.py::test_each_note_person_event_and_work_of_the_book_is_in_the_tei_once; ::test_names_point_to_their_entries_and_citations_to_their_works",
        "none: the TEI builder fails, or `make check` finds its pointers unresolved",
        "NEW",
    ),
    (
        [(E + "teiapparatus.py", r'getattr\(env.get_domain\("cite"\), "citations"')],
        "sphinxcontrib-bibtex `BibtexDomain.citations` (`citation_id`, `bibliography_key.docname`, `key`)",
        "citations point to no work",
        "tests/test_tei.py::test_names_point_to_their_entries_and_citations_to_their_works; tests/test_fallbacks.py::test_a_changed_internal_is_named_once_a_build",
        "citations as plain links + one warning (fallback)",
        "NEW",
    ),
    (
        [(E + "teitext.py", r"^    def visit_inline")],
        "sphinxcontrib-bibtex's resolved citation: an `inline` of class `bibtex-citation` whose "
        "`rawsource` is the role's target (`key{p. 73}`), each work's locator after its reference "
        "as the reference style writes it",
        "locators in the TEI not `citedRange`",
        "tests/test_tei.py::test_a_locator_a_works_comment_an_uncertain_date_and_a_definitions_citation_are_encoded",
        "silent (the locator stays plain text in the `bibl`)",
        "NEW",
    ),
    # ---------------- listed ----------------
    (
        [(E + "sources.py", r'getattr\(env, "dependencies"')],
        "Sphinx `BuildEnvironment.dependencies` (not in the env API docs)",
        "pages judged by their own file only; files outside `docs/` not reported as inputs",
        "tests/test_build_promise.py::test_a_file_included_from_outside_the_sources_is_an_input; tests/test_editor_loop.py::test_a_file_restored_with_an_older_time_is_read_again",
        "`{}` + one warning (`booktools.fallback`)",
        "listed",
    ),
    (
        [(E + "downloads.py", r'context.get\("header_buttons"\)')],
        "sphinx-book-theme `header_buttons` context (group `download-buttons`, button `download-pdf-button`)",
        "menu keeps the theme's print-this-page entry",
        "tests/test_theme.py::test_the_download_menu_offers_the_editions_or_is_the_themes_own",
        "theme menu kept + one warning at build end (fallback)",
        "listed",
    ),
    (
        [(E + "indexing.py", r"^MARK = "), (E + "indexing.py", r"^class IndexSortingTranslator")],
        "Sphinx LaTeX writer's `\\index{key@\\spxentry{text}}`; `LaTeXTranslator.visit_index` appending to `self.body`",
        "sort keys keep accents/Cyrillic (wrong letter in the printed index)",
        "tests/test_indexing.py::test_when_the_writer_changes_the_entries_are_sphinxs_own",
        "keys left as Sphinx wrote them + warning (`check_sort_keys`, fallback); silent if no `\\index{` is written at all",
        "listed",
    ),
    (
        [(E + "indexing.py", r"default_priority = 840")],
        "Sphinx `SphinxDomains` transform (priority 850) collecting index nodes",
        "mentions of glossary names missing from the index",
        "tests/test_indexing.py::test_when_the_index_collects_entries_earlier_the_build_says_so",
        "one warning (`check_mentions_collected`, fallback)",
        "listed",
    ),
    (
        [(B + "shared/bibfile.py", r"^class LocatingParser")],
        "pybtex `LowLevelParser` (`command_start`, `current_entry_key`, `handle_error=`), plus `Parser.parse_string` overridden with `unnamed_entry_counter`, `process_entry`, `.data`",
        "no line numbers in bibliography messages",
        "tests/test_checks.py::test_the_bibliography_is_read_with_lines_or_without_them_when_pybtex_changes",
        "pybtex's public `Parser`: no lines; one warning (fallback) in the build, a note in the build command's pre-check, a problem in the lint",
        "listed (CONTRIBUTING says `checks/bib.py`)",
    ),
    (
        [
            (E + "navigation.py", r"^def navigation_html"),
            (E + "templates/book-navigation.html", r'<nav class="bd-links'),
        ],
        "markup of sphinx-book-theme `sbt-sidebar-nav.html` (classes `bd-sidenav`, `toctree-l1 current active`, caption `<p role=heading>`)",
        "sidebar differs from the theme's",
        "tests/test_theme.py::test_the_sidebar_is_the_themes_own",
        "none (snapshot test fails)",
        "listed",
    ),
    (
        [(E + "navigation.py", r"^def no_header_bar")],
        "pydata `sections/header.html` drawn only when a `navbar_*` theme option lists items; both "
        "themes' scripts bind only the page's first `.primary-toggle` (pydata-sphinx-theme#2451)",
        "a phone's sidebar button opens nothing",
        "tests/test_theme.py::test_a_phone_has_one_sidebar_button_the_one_it_shows, "
        "tests/test_styles.py::test_the_cut_style_sheets_draw_every_page_as_the_whole_ones_do",
        "none",
        "listed",
    ),
    (
        [(E + "templates/search-button-field.html", r'<button class="btn search-button-field')],
        "markup of pydata `search-button-field.html`",
        "button drifts from the theme's",
        "tests/test_theme.py::test_the_search_button_is_the_themes_but_named_by_its_text",
        "none",
        "listed",
    ),
    (
        [
            (E + "templates/book-search-field.html", r'<form class="bd-search'),
            (E + "templates/layout.html", r"block search_dialog"),
        ],
        "markup of pydata `components/search-field.html`; `search_dialog` block of its `layout.html`, `docs_body` of `search.html`",
        "search field drifts from the theme's",
        "tests/test_theme.py::test_the_search_field_is_the_themes_with_a_submit_button",
        "none",
        "listed",
    ),
    (
        [(E + "templates/search.html", r"block scripts"), (E + "templates/search.html", r"block docs_body")],
        "pydata `search.html` blocks `scripts`, `docs_body` replaced",
        "search page breaks",
        "tests/test_search.py (every test)",
        "none",
        "listed",
    ),
    (
        [(E + "search.py", r"^UNUSED = ")],
        "Pagefind 1.5's own UI file names (outside the audited projects)",
        "unused files published",
        "tests/test_search.py",
        "silent (files stay)",
        "listed",
    ),
    (
        [(E + "icons.py", r"^FONT = "), (E + "icons.py", r"^ICON_RULE = ")],
        "pydata's Font Awesome path `_static/vendor/fontawesome/webfonts/fa-solid-900.woff2`, `--fa:` CSS rules",
        "font published whole",
        "tests/test_theme.py::test_an_icon_font_the_book_cannot_read_is_published_whole; ::test_the_icon_font_holds_every_icon_a_page_shows_and_no_more",
        "the font published whole; one warning (fallback)",
        "listed",
    ),
    (
        [(E + "templates/latex.tex.jinja", r'include "latex.tex.jinja"')],
        "Sphinx's LaTeX template by name; a full path in `templates_path` shadowing it",
        "no `\\DocumentMetadata`: no XMP (or a template loop)",
        "tests/test_pdf.py::test_the_metadata_is_in_xmp_too",
        "none",
        "listed",
    ),
    (
        [(E + "imprint.py", r"AddToDocumentProperties\[document\]\{\{pdfcreationdate")],
        "LaTeX kernel pdfmanagement document properties (outside the audited projects)",
        "dates = clock: builds differ",
        "tests/test_reproducible.py::test_the_dates_are_the_epochs; ::test_two_clean_builds_in_two_folders_are_byte_identical",
        "silent",
        "listed",
    ),
    (
        [(E + "epub.py", r"def get_refnodes")],
        "Sphinx: `Epub3Builder.get_refnodes` (undocumented), its entries' `text` key, reference `secnumber`",
        "EPUB contents unnumbered",
        "tests/test_epub.py::test_the_contents_number_the_chapters_as_the_html_does",
        "silent (entry left as Sphinx wrote it; a renamed method is never called)",
        "listed",
    ),
    (
        [(E + "scripts.py", r"return type\(script\)\(script.filename")],
        "`script_files` items = `sphinx.builders.html._assets._JavaScript` (`filename`, `priority`, `attributes`, constructor)",
        "scripts not deferred",
        "tests/test_styles.py::test_when_sphinx_scripts_are_not_what_booktools_knows_they_load_as_sphinx_writes_them; ::test_every_script_waits_for_the_page",
        "left as Sphinx wrote them; one warning (fallback) (a field the copy drops: silent)",
        "listed",
    ),
    (
        [(E + "static/booktools-menus.js", r'data-bs-toggle="dropdown"\]\'\);')],
        "Bootstrap dropdown markup in the theme's menus",
        "menus do not open",
        "tests/test_styles.py::test_the_menus_open_close_and_choose_without_bootstraps_script",
        "none",
        "listed",
    ),
    (
        [(E + "latex.py", r'style = Path\(app.outdir, "sphinx.xdy"\)')],
        "`sphinx.xdy` copied into the LaTeX folder, without a range rule",
        '"1012" for 10–12',
        "tests/test_indexing.py::test_the_printed_index_gives_obregon_a_page_in_each_chapter_that_names_him",
        "no `sphinx.xdy`: one warning (fallback); one with a range rule of its own is kept",
        "listed",
    ),
    (
        [(E + "evidence.py", r"head = addnodes.pending_xref\(")],
        "sphinxcontrib-bibtex resolving a booktools-made `pending_xref` (domain `cite`, target `key{locator}`)",
        "evidence opens without its citation",
        "tests/test_evidence.py::test_each_piece_of_evidence_names_its_key_on_the_citing_page",
        "none (unresolved-reference warning)",
        "listed",
    ),
    (
        [
            (E + "fallbacks.py", r"^def bibliography_entries"),
            (E + "evidence.py", r"bibliography_entries\(env\)"),
            (E + "latex.py", r"bibliography_entries\(env\)"),
            (E + "citations.py", r"bibliography_entries\(self.env\)"),
        ],
        "sphinxcontrib-bibtex `BibtexDomain.bibdata` (`.data.entries`); the order it prints one citation's works (= `AuthorYearSortingStyle`)",
        "marks out of order; names hyphenated in the PDF; titles without language",
        "tests/test_apparatus.py::test_every_citation_of_the_1981_documents_gives_a_page_or_says_why_not; tests/test_pdf.py::test_no_name_is_broken_at_a_line_end; tests/test_html.py::test_titles_not_in_english_carry_their_language",
        "marks in the text's order, names may be hyphenated, titles without language; one warning (fallback)",
        "listed",
    ),
    (
        [(E + "citations.py", r"^def mark_title")],
        "pybtex-docutils' split of an entry into text pieces around “ ”",
        "quoted titles unmarked",
        "tests/test_html.py::test_titles_not_in_english_carry_their_language",
        "silent (returns)",
        "listed",
    ),
    (
        [(E + "accessibility.py", r"^class AccessibleHTMLTranslator")],
        "Sphinx: `HTML5Translator.visit_title`/`visit_citation` markup (`self.body`, `self.context`, `depart_citation` closing the list, `compact_paragraph['toctree']`)",
        "captions without level, bibliography not a list (axe)",
        "`make check` (axe); tests/test_reader.py::test_the_browser_check_catches_weight_hosts_and_barriers",
        "none",
        "listed",
    ),
    # ---------------- new ----------------
    (
        [
            (E + "fallbacks.py", r"^def section_numbers"),
            (E + "latex.py", r"numbered = section_numbers"),
            (E + "navigation.py", r"numbers = section_numbers"),
            (E + "epub.py", r"by_page = section_numbers"),
        ],
        "Sphinx `env.toc_secnumbers` (undocumented layout docname → {anchor: numbers}); `start_of_file['docname']`; post-transforms on the LaTeX builder's assembled tree (also `AbstractUnderItsHeading`: its first section is the root doc)",
        "PDF numbering no longer follows the HTML, the sidebar has no numbers, the EPUB no `bodymatter` landmark; abstract heading misplaced",
        "tests/test_pdf.py::test_chapters_are_numbered_soberly; ::test_the_abstract_has_its_heading; tests/test_theme.py::test_the_sidebar_is_the_themes_own; tests/test_epub.py::test_the_navigation_has_its_roles_and_landmarks",
        "chapters unnumbered; one warning (fallback) when the attribute is gone; silent if its layout changes",
        "NEW",
    ),
    (
        [(E + "navigation.py", r"root = env.get_doctree"), (E + "navigation.py", r'node\["entries"\]')],
        "Sphinx: `env.get_doctree` (not in the env API docs); toctree node attributes `entries` (title, docname) and `caption` (undocumented)",
        "sidebar empty or wrong",
        "tests/test_theme.py::test_the_sidebar_is_the_themes_own",
        "none: crashes (KeyError/AttributeError)",
        "NEW",
    ),
    (
        [(E + "epub.py", r"^    changes = \["), (E + "epub.py", r"app.builder.out_suffix")],
        'exact text of Sphinx\'s EPUB templates (`  </metadata>`, `<nav epub:type="toc">`, `  </body>`, NCX `dtb:uid` meta, manifest `href=… media-type=…`); `builder.out_suffix` (undocumented)',
        "no a11y metadata, doc-toc role, landmarks, NCX uid, cover-image",
        "tests/test_epub.py::test_the_package_says_how_the_book_can_be_read; ::test_the_navigation_has_its_roles_and_landmarks; ::test_the_book_has_its_lasting_identifier; ::test_calibre_finds_the_cover_and_keeps_it_in_azw3",
        "warning per missing anchor (fallback); `out_suffix` gone: crashes",
        "NEW",
    ),
    (
        [(E + "epub.py", r'context.get\("html_tag", ""\)')],
        "Sphinx: Epub3Builder's `html_tag` global context key and its exact text (undocumented)",
        "EPUB pages without `lang` (Ace serious)",
        "tests/test_epub.py::test_every_page_is_in_the_books_language",
        "page left as is; one warning (fallback)",
        "NEW",
    ),
    (
        [(E + "epub.py", r"^def archive")],
        "Sphinx writes `{epub_basename}.epub` before `build-finished`, each entry being the outdir file of that name",
        "EPUB not reproducible, or crash",
        "tests/test_reproducible.py::test_the_epub_archive_is_dated_by_the_book",
        "none: crashes (FileNotFoundError)",
        "NEW",
    ),
    (
        [
            (E + "chronology.py", r"images = Path\(self.builder.outdir"),
            (E + "chronology.py", r"self.builder.imgpath"),
        ],
        "Sphinx: HTML/EPUB builder attributes `imgpath`, `outdir` (undocumented); a file written into `_images` while writing lands in the EPUB manifest",
        "EPUB timeline image broken or unmanifested",
        "tests/test_timeline.py::test_the_page_and_the_epub_carry_the_drawings; tests/test_reader.py::test_the_epub_is_complete",
        "none: crashes / epubcheck fails",
        "NEW",
    ),
    (
        [(E + "chronology.py", r"from sphinx.util.texescape import")],
        "`sphinx.util.texescape.escape` (not in the API docs)",
        "TikZ labels",
        "tests/test_apparatus.py::test_the_timeline_figure_is_in_the_pdf",
        "none: ImportError at setup",
        "NEW",
    ),
    (
        [(E + "imprint.py", r"from sphinx.util.texescape import")],
        "`sphinx.util.texescape.escape(..., latex_engine=)`",
        "imprint and PDF metadata text",
        "tests/test_pdf.py::test_the_imprint_gives_edition_rights_citation_and_where_to_report_errors; ::test_the_metadata_is_in_xmp_too",
        "none: ImportError at setup",
        "NEW",
    ),
    (
        [(E + "metadata.py", r"from sphinx.util.i18n import format_date")],
        "`sphinx.util.i18n.format_date` (not in the API docs; reads SOURCE_DATE_EPOCH)",
        "How-to-cite year, citation_* dates",
        "tests/test_apparatus.py::test_how_to_cite_gives_a_bibtex_entry_for_this_edition",
        "none: ImportError",
        "NEW",
    ),
    (
        [(E + "edition.py", r"from sphinx.util.i18n import format_date")],
        "`sphinx.util.i18n.format_date`",
        "edition label's date on every edition",
        "tests/test_edition.py::test_the_date_is_source_date_epoch_not_the_clock",
        "none: ImportError",
        "NEW",
    ),
    (
        [(E + "metadata.py", r'"sphinxext.opengraph" in app.extensions')],
        "`app.extensions` (undocumented); sphinxext-opengraph skipping pages without a doctree",
        "og:* missing, or doubled on genindex/search",
        "tests/test_apparatus.py::test_every_page_carries_citation_and_opengraph_tags",
        "none: AttributeError; doubled tags: silent",
        "NEW",
    ),
    (
        [(E + "imprint.py", r"app.env.domains.standard_domain.labels")],
        "Sphinx: `env.domains` (`_DomainsContainer`) `.standard_domain`; `StandardDomain.labels` → (docname, labelid, sectname)",
        'imprint\'s link to "Reporting an error"',
        "tests/test_pdf.py::test_the_imprint_gives_edition_rights_citation_and_where_to_report_errors",
        "none: crashes",
        "NEW",
    ),
    (
        [(E + "imprint.py", r"detokenize\{\{\{docname\}:\{labelid\}")],
        "LaTeX label names Sphinx's writer gives sections: `\\label{\\detokenize{docname:labelid}}`",
        '`\\hyperref`/`\\pageref*` unresolved ("??")',
        "tests/test_pdf.py::test_the_imprint_gives_edition_rights_citation_and_where_to_report_errors",
        "silent (LaTeX warning only)",
        "NEW",
    ),
    (
        [(E + "indexing.py", r'get_domain\("index"\).entries')],
        "Sphinx: `IndexDomain.entries` (docname → 5-tuples), domain data layout",
        "the 850-priority check itself crashes",
        "tests/test_indexing.py::test_when_the_index_collects_entries_earlier_the_build_says_so",
        "none: crashes on every page read",
        "NEW",
    ),
    (
        [(E + "indexing.py", r"getattr\(app, \"parallel\", None\)")],
        "Sphinx: `app.parallel` (undocumented)",
        "the -j warning",
        "tests/test_indexing.py::test_a_parallel_read_says_the_glossarys_names_may_be_missed, "
        "tests/test_fallbacks.py::test_a_changed_internal_is_named_once_a_build",
        "no -j warning + one warning (fallback)",
        "NEW",
    ),
    (
        [
            (E + "indexing.py", r"for glossary in document.findall\(addnodes.glossary\)"),
            (E + "indexing.py", r'child.get\("reftype"\) == "term"'),
        ],
        "doctree of Sphinx's `glossary` directive (glossary > definition_list > definition_list_item > several `term`); `{term}` xrefs' `reftype`/`reftarget`",
        "no mention indexed; search page gets no names",
        "tests/test_indexing.py::test_every_mention_of_a_glossary_name_is_an_entry_at_its_place; tests/test_search.py::test_every_spelling_the_glossary_records_leads_to_the_persons_pages",
        "silent (no names found)",
        "NEW",
    ),
    (
        [(E + "indexing.py", r"index = addnodes.index\(entries=")],
        "Sphinx: index node's undocumented `inline` attribute (LaTeX: `\\index` in the line or on its own) and the role's index+target pair",
        "printed page of a mention off",
        "tests/test_indexing.py::test_the_printed_index_has_each_mention_before_its_word",
        "silent",
        "NEW",
    ),
    (
        [
            (E + "evidence.py", r'self.hypertarget\(node\["ids"\]\[0\]\)$'),
            (E + "evidence.py", r"self.attval\("),
            (E + "evidence.py", r"def visit_mark_text"),
            (E + "chronology.py", r"self.add_text\("),
        ],
        "Sphinx: `LaTeXTranslator.hypertarget`/`hyperlink` (undocumented; targets named `docname:id` from `curfilestack`; `hyperlink` leaves two braces for the caller's `}}`); docutils `_html_base.HTMLTranslator.attval`/`starttag`; `TextTranslator.add_text`",
        "unbalanced LaTeX, dead evidence links",
        "tests/test_evidence.py::test_the_pdf_lists_the_evidence_linked_both_ways; ::test_every_citation_links_to_its_evidence_and_back",
        "none: LaTeX error / AttributeError",
        "NEW",
    ),
    (
        [(E + "evidence.py", r"sphinxnolinkurl")],
        "`\\sphinxnolinkurl` (not in Sphinx's LaTeX docs); `LaTeXTranslator.encode_uri`",
        "copy addresses not breaking, or undefined macro",
        "tests/test_pdf.py::test_nothing_runs_outside_the_text_block",
        "none: LaTeX stops",
        "NEW",
    ),
    (
        [(E + "evidence.py", r"from sphinxcontrib.bibtex.citation_target import")],
        "`sphinxcontrib.bibtex.citation_target.parse_citation_targets` (module not in its API docs)",
        "evidence cannot be read",
        "tests/test_evidence.py (all); tests/test_bad_inputs.py::test_sphinx_stops_and_names_the_place",
        "none: ImportError",
        "NEW",
    ),
    (
        [(E + "evidence.py", r'rubric\["heading-level"\]')],
        "Sphinx: rubric node attribute `heading-level` read by `HTML5Translator.visit_rubric` (only the directive option is documented)",
        '"Evidence" a `<p>`, not a heading',
        "tests/test_evidence.py::test_the_evidence_is_a_heading_of_its_own",
        "silent",
        "NEW",
    ),
    (
        [(E + "audit.py", r"domain.citation_refs"), (E + "audit.py", r"domain.bibdata.bibfiles")],
        "sphinxcontrib-bibtex: `BibtexDomain.citation_refs` (`CitationRef.targets[].key`), `bibdata.bibfiles`: domain data, as `bibdata` (whose listed row omits audit.py)",
        "uncited-entry check",
        "tests/test_bad_inputs.py::test_sphinx_stops_and_names_the_place[uncited-entry]",
        "none: crashes",
        "NEW",
    ),
    (
        [(E + "audit.py", r"stop_on_bibtex_syntax_errors, priority=400")],
        "sphinxcontrib-bibtex parsing the .bib files in its `builder-inited` handler (default priority 500)",
        "pybtex's traceback instead of file:line",
        "tests/test_bad_inputs.py::test_sphinx_stops_and_names_the_place[unbalanced-brace]",
        "silent",
        "NEW",
    ),
    (
        [
            (E + "citations.py", r"from sphinxcontrib.bibtex.style.template import"),
            (E + "citations.py", r'data\["reference_info"\].post_text'),
        ],
        "sphinxcontrib-bibtex template internals: `node`, `join2`, `pre_text` (not among its documented template functions); data keys `entry`, `formatted_entry`, `reference_info.post_text`",
        "in-text citations",
        "tests/test_chicago.py::test_every_in_text_form_is_the_csl_styles; tests/test_citations.py::test_a_page_locator_drops_p_and_any_other_stays",
        "none: ImportError/KeyError",
        "NEW",
    ),
    (
        [(E + "citations.py", r"^PLUGINS = \("), (E + "citations.py", r"force=True")],
        "pybtex's run-time plugin registry read before the entry points (the plugins themselves are found by pybtex's `find_plugin`)",
        "builds as slow as pybtex's own look-ups (0.7 s more for the book)",
        "tests/test_extension.py::test_a_build_raises_no_warning_from_booktools",
        "pybtex's own look-up, slower; silent (the result is the same)",
        "NEW",
    ),
    (
        [
            (E + "citations.py", r"def format_entry\(self, label, entry"),
            (E + "citations.py", r"except \(pickle.UnpicklingError"),
        ],
        "pybtex `BaseStyle.format_entries` routing through `format_entry`; attributes `abbreviate_names`, `name_style`; pickle layout of `FormattedEntry`/rich text",
        "cache bypassed or never hit",
        "tests/test_citations.py::test_formatted_entries_kept_between_builds_are_never_stale",
        "silent (unpickling errors swallowed, cache dropped)",
        "NEW",
    ),
    (
        [(E + "citations.py", r"^def typographic")],
        "pybtex rich-text internals `.parts`, `Tag.name`, `String.value`",
        "apostrophes, or crash",
        "tests/test_chicago.py::test_the_reference_list_is_the_csl_styles_apart_from_the_listed_differences",
        "none: AttributeError",
        "NEW",
    ),
    (
        [(E + "citations.py", r"nodes.make_id\(self.config.bibtex_cite_id")],
        "ids sphinxcontrib-bibtex gives reference-list `citation` nodes (`bibtex_cite_id` through `make_id`)",
        "titles without language",
        "tests/test_html.py::test_titles_not_in_english_carry_their_language",
        "silent",
        "NEW",
    ),
    (
        [
            (E + "templatecache.py", r'getattr\(getattr\(app.builder, "templates"'),
            (E + "templatecache.py", r"except Exception:"),
        ],
        "`builder.templates` (BuiltinTemplateLoader) `.environment`: Sphinx's Jinja environment, given a bytecode cache",
        "templates compiled on every build",
        "tests/test_caches.py::test_compiled_templates_are_kept_and_a_damaged_one_is_compiled_again",
        "no cache: one warning (fallback); a bad entry is compiled again",
        "NEW",
    ),
    (
        [(E + "icons.py", r"app.builder.theme.get_theme_dirs\(\)")],
        "`builder.theme.get_theme_dirs()` (sphinx.theming, undocumented)",
        "icon font subsetting",
        "tests/test_theme.py::test_the_icon_font_holds_every_icon_a_page_shows_and_no_more",
        "none: crashes (the listed fallback covers only path/CSS)",
        "NEW",
    ),
    (
        [(E + "templates/layout.html", r"block extrahead")],
        "pydata `layout.html` `extrahead` contents emptied (viewport, docsearch metas, `searchtools.js`, last-update meta)",
        "whatever pydata adds there later is dropped",
        "tests/test_styles.py::test_the_search_code_loads_only_where_search_is_used; tests/test_extension.py::test_with_a_published_address_every_page_names_itself_absolutely",
        "none (silent)",
        "NEW",
    ),
    (
        [(E + "assets.py", r"^def one_viewport"), (E + "assets.py", r"^VIEWPORT = ")],
        "Sphinx keeping the docutils writer's viewport meta (sphinx-doc/sphinx#11699) beside its layout's; `<meta name=\"viewport\"` markup",
        "two viewports (validator, Lighthouse)",
        "tests/test_extension.py::test_with_a_published_address_every_page_names_itself_absolutely",
        "silent",
        "NEW",
    ),
    (
        [(E + "assets.py", r"^LOADER = ")],
        '`<script src="…">`/`<link href="…">` markup Sphinx and the themes write; theme static file names in conf.py\'s `book_theme_static_exclude`',
        "pages load deleted files (404s)",
        "tests/test_theme.py::test_no_page_loads_a_file_left_out_and_every_file_it_loads_is_there",
        "silent (files deleted regardless)",
        "NEW",
    ),
    (
        [
            (E + "accessibility.py", r'context.get\("pagetitle"\)'),
            (E + "templates/book-navigation.html", r"root_title"),
        ],
        "sphinx-book-theme context keys `pagetitle`, `root_title`",
        "empty print heading on genindex; empty home link",
        "tests/test_html.py::test_no_heading_is_empty; tests/test_theme.py::test_the_sidebar_is_the_themes_own",
        "silent",
        "NEW",
    ),
    (
        [
            (E + "downloads.py", r"add_download_links, priority=400"),
            (E + "navigation.py", r"navigation.add, priority=400"),
        ],
        "pydata's `html-page-context` handler (priority 500) rendering sidebar templates and dropping empty ones; book theme's header buttons at 501",
        "sidebar downloads/navigation dropped",
        "tests/test_reader.py::test_every_page_links_to_every_edition; tests/test_theme.py::test_the_sidebar_is_the_themes_own",
        "silent for the sidebar (the menu part warns, row 2)",
        "NEW",
    ),
    (
        [(E + "search.py", r'"\.headerlink",')],
        "class `headerlink` of Sphinx's permalinks",
        "pilcrows in search snippets",
        "tests/test_search.py::test_the_permalinks_pagefind_leaves_out_are_sphinxs_headerlinks",
        "silent",
        "NEW",
    ),
    (
        [
            (E + "previews.py", r'reference\["reftitle"\] = text'),
            (E + "previews.py", r"env.get_doctree\(doc\)"),
        ],
        "`HTML5Translator.visit_reference` writing `reftitle` as `title`; `internal`/`refid`/`refuri` of resolved references; sphinxcontrib-bibtex tooltips' `reftitle`; `env.get_doctree` (not in the env API docs)",
        "no hover previews",
        "tests/test_reader.py::test_hovering_shows_what_a_link_points_to",
        "silent",
        "NEW",
    ),
    (
        [(E + "static/booktools-previews.js", r"article.bd-article a.reference.internal")],
        "pydata `article.bd-article`, Sphinx `reference internal` classes",
        "no focus/touch previews",
        "tests/test_styles.py::test_previews_open_on_focus_hover_and_touch_and_escape_closes_them; tests/test_fallbacks.py::test_a_changed_internal_is_named_once_a_build",
        "one warning (fallback) when a class is gone from the theme's files (extension/expectations.py)",
        "NEW",
    ),
    (
        [
            (E + "static/booktools.css", r"\.prev-next-area \{"),
            (E + "static/booktools.css", r"^@media print"),
            (E + "templates/book-index-link.html", r"bd-sidenav"),
        ],
        "theme HTML structure/classes (`.prev-next-area`, `.search-button-field`, `.sidebar-toggle`, `.dropdown-download-buttons`, `.sidebar-primary-item`, `.bd-header`…`.theme-switch-button`, `form.bd-search`, `bd-sidenav`, `toctree-l1`), `--pst-color-*`, FA codepoint `\\f303`",
        "layout, focus rings, print view regress",
        "tests/test_reader.py::test_printing_a_chapter_shows_only_the_text; tests/test_styles.py::test_every_control_shows_the_keyboards_focus; ::test_no_text_is_cut_off_from_320_px_up; ::test_one_search_and_the_title_in_view_at_load; tests/test_fallbacks.py::test_a_changed_internal_is_named_once_a_build",
        "one warning (fallback) when a class is gone from the theme's files (extension/expectations.py)",
        "NEW",
    ),
    (
        [
            (E + "static/booktools.css", r"^div.citation > span.label"),
            (E + "static/booktools-epub.css", r"^div.citation > span.label"),
        ],
        "docutils/Sphinx citation markup (`div.citation > span.label`, `> p`)",
        "author-year labels shown",
        "tests/test_citations.py::test_the_list_prints_no_labels_only_chicago_entries",
        "silent",
        "NEW",
    ),
    (
        [(E + "texinputs/booktools.sty", r"py@HeaderFamily")],
        "`\\py@HeaderFamily` (private; the documented way is `sphinxsetup` HeaderFamily)",
        "headings sans serif",
        "tests/test_fallbacks.py::test_a_changed_internal_is_named_once_a_build",
        "one warning (fallback) when the name is gone from Sphinx's LaTeX packages (extension/expectations.py)",
        "NEW",
    ),
    (
        [(E + "texinputs/booktools.sty", r"py@release")],
        "`\\py@release` (private) printed by Sphinx's title page",
        "title page shows Sphinx's release",
        "tests/test_pdf.py::test_the_title_page_names_the_edition_as_the_html_does; tests/test_fallbacks.py::test_a_changed_internal_is_named_once_a_build",
        "one warning (fallback) when the name is gone from Sphinx's LaTeX packages (extension/expectations.py)",
        "NEW",
    ),
    (
        [(E + "texinputs/booktools.sty", r"g@addto@macro\\sphinxatlongtablestart")],
        "`\\sphinxatlongtablestart`, `\\sphinxattablestart` (undocumented); cells in `varwidth` starting with `\\sphinxAtStartPar`",
        "justified cells: underfull boxes",
        "tests/test_pdf.py::test_no_overfull_or_underfull_box_in_the_latex_log; tests/test_fallbacks.py::test_a_changed_internal_is_named_once_a_build",
        "one warning (fallback) when the name is gone from Sphinx's LaTeX packages (extension/expectations.py)",
        "NEW",
    ),
    (
        [(E + "texinputs/booktools.sty", r"def\\book@continues")],
        'the English text Sphinx\'s longtable template passes to `\\sphinxtablecontinued` ("continues on next page")',
        "note set below the text block",
        "tests/test_pdf.py::test_nothing_runs_outside_the_text_block; tests/test_fallbacks.py::test_a_changed_internal_is_named_once_a_build",
        "one warning (fallback) when the name is gone from Sphinx's LaTeX packages (extension/expectations.py)",
        "NEW",
    ),
    (
        [(E + "texinputs/booktools.sty", r"spx@boxes@border@top")],
        "`\\spx@boxes@border@top`, `\\spx@boxes@padding@top` (private sphinx.sty dimens)",
        "notes across pages overfill",
        "tests/test_pdf.py::test_no_overfull_or_underfull_box_in_the_latex_log",
        "none: undefined control sequence stops LaTeX",
        "NEW",
    ),
    (
        [(E + "texinputs/booktools.sty", r"env/sphinxadmonition/begin")],
        "environment `sphinxadmonition` for generic admonitions (not in Sphinx's documented list)",
        "underfull reports within notes",
        "tests/test_pdf.py::test_no_overfull_or_underfull_box_in_the_latex_log; tests/test_fallbacks.py::test_a_changed_internal_is_named_once_a_build",
        "one warning (fallback) when the name is gone from Sphinx's LaTeX packages (extension/expectations.py)",
        "NEW",
    ),
    (
        [(E + "texinputs/booktools.sty", r"fancypagestyle\{normal\}")],
        "Sphinx's page styles named `normal`/`plain` (undocumented)",
        "running heads revert to Sphinx's",
        "tests/test_pdf.py::test_running_heads_name_the_chapter; tests/test_fallbacks.py::test_a_changed_internal_is_named_once_a_build",
        "one warning (fallback) when the name is gone from Sphinx's LaTeX packages (extension/expectations.py)",
        "NEW",
    ),
    (
        [(E + "texinputs/booktools.sty", r"renewenvironment\{sphinxthebibliography\}")],
        "the LaTeX writer gathering every citation into one `sphinxthebibliography` at the document's end (inside the last page's chapter): not documented",
        "bibliography outside its chapter",
        "tests/test_pdf.py::test_every_bibliography_entry_is_in_the_bibliography_chapter; tests/test_fallbacks.py::test_a_changed_internal_is_named_once_a_build",
        "one warning (fallback) when the name is gone from Sphinx's LaTeX packages (extension/expectations.py)",
        "NEW",
    ),
    (
        [(E + "templates/search.html", r"js_tag\(js\)"), (E + "templates/layout.html", r"tobool")],
        "Sphinx's undocumented Jinja helpers `js_tag`, `tobool`",
        "template error",
        "tests/test_search.py (every test); tests/test_theme.py::test_the_search_field_is_the_themes_with_a_submit_button",
        "none: the build stops",
        "NEW",
    ),
    (
        [(E + "freshlinks.py", r"app.config.linkcheck_ignore = ")],
        "Sphinx: linkcheck builder reading `linkcheck_ignore` only after `builder-inited`",
        "every URL fetched again",
        "tests/test_linkcheck.py::test_fresh_results_are_not_fetched_again_and_stale_ones_are",
        "silent",
        "NEW",
    ),
    (
        [(B + "checks/linkcheck.py", r'"output.json"\)\.read_text')],
        "Sphinx: linkcheck's `output.json` (only `output.txt` is documented): keys, status names",
        "wrong verdicts or crash",
        "tests/test_linkcheck.py::test_each_kind_of_link_gets_its_verdict",
        "none: KeyError; no file: stderr shown, exit 1",
        "NEW",
    ),
    (
        [(B + "shared/latex.py", r"^TOOL_FILES = "), (B + "shared/latex.py", r'"clean"\]')],
        "files Sphinx writes into the LaTeX folder (`latexmkrc`, `latexmkjarc`, `*.xdy`, `*.ist`, `Makefile`) and its Makefile's `clean` target (only `all-pdf`, LATEXMKOPTS/LATEXOPTS are documented)",
        "stale LaTeX files after a tool change",
        "tests/test_editor_loop.py::test_a_changed_index_style_reaches_the_printed_index",
        "clean failure reported; a renamed tool file: silent",
        "NEW",
    ),
    (
        [(E + "notes.py", r"^class EditorsNote\(BaseAdmonition\)")],
        "docutils `BaseAdmonition.run` (undocumented): with `node_class = admonition`, `arguments[0]` is the title",
        "notes lose title/class",
        "tests/test_html.py::test_search_and_dark_mode_are_there",
        "none",
        "NEW",
    ),
    (
        [(E + "static/booktools-search.js", r'ul.className = "search"')],
        "Sphinx `basic.css` rules for `ul.search` / `p.context`",
        "results unstyled",
        "tests/test_search.py::test_the_result_list_keeps_sphinxs_style_for_it",
        "silent",
        "NEW",
    ),
]

E2 = "booktools/extension/"


def located(path: str, pattern: str) -> str:
    """path:line of the first line that matches pattern (a row whose place is gone fails)."""
    lines = (ROOT / path).read_text(encoding="utf-8").splitlines()
    hits = [number for number, line in enumerate(lines, 1) if re.search(pattern, line)]
    if not hits:
        raise LookupError(f"{path}: nothing matches {pattern!r}")
    return f"{path.removeprefix('booktools/')}:{hits[0]}"


def table() -> str:
    rows = ["| where | relied on | what breaks when it changes | guarded by | what the build does then |",
            "|---|---|---|---|---|"]  # fmt: skip
    for places, relied_on, breaks, guard, fallback, _status in ROWS:
        where = ", ".join(located(path, pattern) for path, pattern in places)
        cells = [where, relied_on, breaks, guard.replace("; ", ", "), fallback]
        rows.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
    return "\n".join(rows) + "\n"


def guards() -> list[str]:
    """Every test a row names (path::name)."""
    return sorted({m for _, _, _, guard, _, _ in ROWS for m in re.findall(r"tests/[\w/]+\.py::\w+", guard)})


def rendered(contributing: str) -> str:
    before, rest = contributing.split(START + "\n", 1)
    _, after = rest.split(END, 1)
    return f"{before}{START}\n{table()}{END}{after}"


if __name__ == "__main__":
    path = ROOT / "CONTRIBUTING.md"
    path.write_text(rendered(path.read_text(encoding="utf-8")), encoding="utf-8")
    print(f"{path}: {len(ROWS)} internals", file=sys.stderr)
