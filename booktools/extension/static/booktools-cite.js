// The "Cite this page" buttons (templates/book-cite-page.html): each copies its form of the
// citation. The citations are text on the page; script is needed only to copy.
"use strict";
(() => {
  const status = document.querySelector(".book-copy-status");
  document.querySelectorAll("button.book-copy[data-copy]").forEach((button) => {
    if (!navigator.clipboard) return;
    button.hidden = false;
    button.addEventListener("click", async () => {
      const text = document.getElementById(button.dataset.copy).textContent;
      try {
        await navigator.clipboard.writeText(text);
        status.textContent = `${button.textContent.replace(/^Copy /, "")} copied.`;
      } catch (error) {
        status.textContent = "The browser did not allow copying: select the text instead.";
      }
    });
  });
})();
