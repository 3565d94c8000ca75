// Previews of the book's links for every reader, not only a mouse's.
//
// Each link within the book carries a preview of what it points to in its title (a section's
// first words, a term's definition, a citation's reference: booktools/extension/previews.py,
// sphinxcontrib-bibtex), which browsers show on hover alone. Here the preview opens as well on
// keyboard focus, and on touch: a first tap shows it, a second follows the link. It stays while
// the pointer is on the link or on the preview, and Escape closes it (WCAG 2.1, 1.4.13). Screen
// readers are given it as the link's description. Without script, the title stays.
"use strict";
(() => {
  const links = document.querySelectorAll("article.bd-article a.reference.internal[title]");
  if (!links.length) return;
  const tip = document.createElement("div");
  tip.className = "book-preview";
  tip.setAttribute("role", "tooltip");
  tip.hidden = true;
  const descriptions = document.createElement("div");
  descriptions.hidden = true;
  document.body.append(tip, descriptions);

  let shown = null; // the link whose preview is open
  let leaving = 0;
  const close = () => {
    tip.hidden = true;
    shown = null;
  };
  const open = (link) => {
    clearTimeout(leaving);
    if (shown === link) return;
    tip.textContent = link.dataset.preview;
    tip.hidden = false;
    const box = link.getBoundingClientRect();
    const width = tip.offsetWidth;
    const left = Math.min(Math.max(box.left, 8), document.documentElement.clientWidth - width - 8);
    tip.style.left = `${left + window.scrollX}px`;
    tip.style.top = `${box.bottom + window.scrollY + 6}px`;
    shown = link;
  };
  const closeSoon = () => {
    leaving = setTimeout(close, 300); // time to move the pointer onto the preview
  };

  let firstTap = false;
  links.forEach((link, index) => {
    link.dataset.preview = link.title;
    link.removeAttribute("title"); // one preview, not the browser's too
    const description = document.createElement("span");
    description.id = `book-preview-${index}`;
    description.textContent = link.dataset.preview;
    descriptions.append(description);
    link.setAttribute("aria-describedby", description.id);
    link.addEventListener("mouseenter", () => open(link));
    link.addEventListener("mouseleave", closeSoon);
    link.addEventListener("focus", () => open(link));
    link.addEventListener("blur", closeSoon);
    link.addEventListener("pointerdown", (event) => {
      // A tap focuses the link before its click: whether its preview was open is known here.
      firstTap = event.pointerType === "touch" && shown !== link;
    });
    link.addEventListener("click", (event) => {
      if (firstTap) {
        event.preventDefault(); // the first tap shows where the link goes
        open(link);
      }
      firstTap = false;
    });
  });
  tip.addEventListener("mouseenter", () => clearTimeout(leaving));
  tip.addEventListener("mouseleave", closeSoon);
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && shown) close();
  });
  document.addEventListener("pointerdown", (event) => {
    if (shown && event.target !== shown && !shown.contains(event.target) && !tip.contains(event.target)) close();
  });
})();
