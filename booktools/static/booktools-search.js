// Search results with a snippet of the page's own text around the word the reader typed.
//
// Sphinx's makeSearchSummary looks for the stemmed words ("pestkovski") in the page's main
// area, which also holds the theme's download menu; when the stem is not in the text (a name),
// every result showed the menu's ".md" instead. This looks for the words as typed, accents
// and case aside ("Obregon" finds "Obregón"), in the article alone, and keeps Sphinx's form
// of the snippet: up to 240 characters, "..." where it is cut. Loaded on the search page only,
// deferred, after searchtools.js (Search is there to change) and before searchindex.js, whose
// arrival starts the search (templates/search.html).
"use strict";
(() => {
  if (typeof Search === "undefined" || !Search.makeSearchSummary) return; // stock Sphinx search
  const fold = (text) => text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
  const typed = () =>
    (new URLSearchParams(window.location.search).get("q") || "")
      .split(/\s+/)
      .filter((word) => word && !word.startsWith("-"))
      .map(fold);

  const sphinxSummary = Search.makeSearchSummary;
  Search.makeSearchSummary = (htmlText, keywords, anchor) => {
    const page = new DOMParser().parseFromString(htmlText, "text/html");
    const article = page.querySelector("article.bd-article") || page.querySelector('[role="main"]');
    if (!article) return sphinxSummary(htmlText, keywords, anchor);
    article.querySelectorAll(".headerlink, script, style").forEach((el) => el.remove());
    // A space after each block, so that a term and its definition do not run together.
    article
      .querySelectorAll("p, li, dt, dd, td, th, h1, h2, h3, h4, h5, h6, caption, figcaption")
      .forEach((el) => el.append(" "));
    const text = article.textContent.replace(/\s+/g, " ").trim();
    // The folded text, and for each of its characters the position of the one it came from.
    let folded = "";
    const origin = [];
    [...text].forEach((character, index) => {
      const part = fold(character);
      folded += part;
      for (let i = 0; i < part.length; i++) origin.push(index);
    });
    const characters = [...text];
    const found = typed()
      .map((word) => folded.indexOf(word))
      .filter((position) => position > -1);
    const at = found.length ? origin[Math.min(...found)] : 0;
    const start = Math.max(at - 120, 0);
    const summary = document.createElement("p");
    summary.classList.add("context");
    summary.textContent =
      (start > 0 ? "..." : "") +
      characters.slice(start, start + 240).join("").trim() +
      (start + 240 < characters.length ? "..." : "");
    return summary;
  };
})();
