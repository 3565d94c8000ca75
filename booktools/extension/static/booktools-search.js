// The search page: Pagefind's results for the reader's query, one a page, each with the words
// found in a snippet of the page's running text. booktools/extension/search.py says what Pagefind reads.
//
// Names are the glossary's business, not the stemmer's. For each word of the query that is a
// form of a glossary name (the page carries them, folded), every spelling of that name is looked
// for ("Kollontay" finds the pages that say "Kollontai"), and a page is kept only if it has one
// of them as a whole word ("Calles" does not find "called"); its snippet is cut around the name.
"use strict";
(() => {
  const script = document.currentScript;
  const list = document.getElementById("search-results");
  const status = document.getElementById("search-status");
  if (!script || !list || !status) return;
  const query = (new URLSearchParams(window.location.search).get("q") || "").trim();
  const field = document.querySelector(".bd-search-container input[name=q]");
  if (field) {
    field.value = query;
    if (!query) field.focus();
  }
  if (!query) return;

  const fold = (text) => text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
  const names = new Map(); // a folded form -> all the forms of its name
  const given = document.getElementById("book-search-names");
  for (const forms of JSON.parse((given && given.textContent) || "[]")) {
    for (const form of forms) names.set(form, forms);
  }
  const words = fold(query)
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
  // The queries Pagefind is asked: the reader's words, a name's in each of its spellings.
  let queries = [[]];
  for (const word of words) {
    const spellings = names.get(word) || [word];
    queries = queries.flatMap((q) => spellings.map((s) => [...q, s])).slice(0, 24);
  }
  const asWord = (form) =>
    new RegExp(`(?<![\\p{L}\\p{N}])${form.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?![\\p{L}\\p{N}])`, "u");
  // For each name the reader typed, its spellings as words: the one typed first.
  const nameWords = words
    .filter((w) => names.has(w))
    .map((w) => [w, ...names.get(w).filter((form) => form !== w)].map(asWord));

  // The page's text folded, and for each folded character the offset of the one it came from.
  const folding = (text) => {
    let folded = "";
    const origin = [];
    for (let i = 0; i < text.length; i++) {
      const part = fold(text[i]);
      folded += part;
      for (let j = 0; j < part.length; j++) origin.push(i);
    }
    return { folded, origin };
  };

  // A snippet around the first name: the spelling typed if the page has it, else the first of
  // the others; about 30 words, the name marked.
  const nameSnippet = (content) => {
    const { folded, origin } = folding(content);
    const [typed, ...others] = nameWords[0].map((re) => re.exec(folded));
    const first = typed || others.filter(Boolean).sort((a, b) => a.index - b.index)[0];
    const at = origin[first.index];
    const end = origin[first.index + first[0].length - 1] + 1;
    const start = Math.max(content.lastIndexOf(" ", Math.max(at - 110, 0)), 0);
    const stop = content.indexOf(" ", Math.min(end + 110, content.length));
    const snippet = document.createElement("p");
    const mark = document.createElement("mark");
    mark.textContent = content.slice(at, end);
    snippet.append(
      (start > 0 ? "… " : "") + content.slice(start, at).trimStart(),
      mark,
      content.slice(end, stop < 0 ? content.length : stop).trimEnd() + (stop < 0 ? "" : " …"),
    );
    return snippet;
  };

  const show = (pages) => {
    const items = pages.map((page) => {
      const item = document.createElement("li");
      const link = document.createElement("a");
      link.href = page.url;
      link.textContent = page.meta.title;
      const snippet = nameWords.length ? nameSnippet(page.content) : document.createElement("p");
      if (!nameWords.length) snippet.innerHTML = page.excerpt; // Pagefind's: escaped text and <mark>
      snippet.classList.add("context");
      item.append(link, snippet);
      return item;
    });
    const ul = document.createElement("ul");
    ul.className = "search";
    ul.append(...items);
    list.replaceChildren(ul);
    status.textContent = pages.length
      ? `${pages.length} ${pages.length === 1 ? "page" : "pages"} found for “${query}”.`
      : `Nothing found for “${query}”. Check the spelling, or try fewer words.`;
    list.dataset.state = "shown";
  };

  const search = async () => {
    status.textContent = "Searching…";
    const pagefind = await import(new URL(script.dataset.pagefind, document.baseURI).href);
    await pagefind.options({
      baseUrl: new URL(script.dataset.root, document.baseURI).pathname,
      excerptLength: 30,
    });
    const searches = await Promise.all(queries.map((q) => pagefind.search(q.join(" "))));
    const best = new Map(); // one result a page, its best score
    for (const hit of searches.flatMap((s) => s.results)) {
      if (!best.has(hit.id) || best.get(hit.id).score < hit.score) best.set(hit.id, hit);
    }
    const hits = [...best.values()].sort((a, b) => b.score - a.score);
    const pages = await Promise.all(hits.map((hit) => hit.data()));
    show(pages.filter((page) => nameWords.every((forms) => forms.some((re) => re.test(fold(page.content))))));
  };
  search().catch((error) => {
    status.textContent = "The search could not be run: " + error.message;
    list.dataset.state = "failed";
    throw error;
  });
})();
