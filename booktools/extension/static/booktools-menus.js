// The theme's two menus (downloads, colour mode), opened without Bootstrap's script.
//
// The theme draws them with Bootstrap's documented dropdown markup: a button with
// data-bs-toggle="dropdown" followed by a .dropdown-menu. Bootstrap's script (24 KB compressed,
// a third of what a page weighs) is not published (conf.py, book_theme_static_exclude); this
// does what the book needs of it: click or Enter opens a menu, Escape or a click elsewhere
// closes it, the arrow keys move through its items. Tooltips fall back to the title attribute.
"use strict";
(() => {
  const toggles = () => document.querySelectorAll('[data-bs-toggle="dropdown"]');
  const menuOf = (toggle) => toggle.parentElement.querySelector(".dropdown-menu");
  const items = (menu) => [...menu.querySelectorAll(".dropdown-item")];

  function close(toggle) {
    const menu = menuOf(toggle);
    if (!menu || !menu.classList.contains("show")) return;
    menu.classList.remove("show");
    toggle.classList.remove("show");
    toggle.setAttribute("aria-expanded", "false");
  }

  function open(toggle) {
    toggles().forEach((other) => other !== toggle && close(other));
    const menu = menuOf(toggle);
    // data-bs-popper: Bootstrap's style sheet then places the menu under its button.
    menu.setAttribute("data-bs-popper", "static");
    menu.classList.add("show");
    toggle.classList.add("show");
    toggle.setAttribute("aria-expanded", "true");
  }

  document.addEventListener("click", (event) => {
    const toggle = event.target.closest('[data-bs-toggle="dropdown"]');
    if (toggle) {
      event.preventDefault();
      menuOf(toggle).classList.contains("show") ? close(toggle) : open(toggle);
      return;
    }
    // A choice made, or a click elsewhere: every menu closes.
    toggles().forEach(close);
  });

  document.addEventListener("keydown", (event) => {
    const shown = [...toggles()].find((toggle) => menuOf(toggle).classList.contains("show"));
    if (!shown) return;
    const choices = items(menuOf(shown));
    if (event.key === "Escape") {
      close(shown);
      shown.focus();
    } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      const step = event.key === "ArrowDown" ? 1 : -1;
      const here = choices.indexOf(document.activeElement);
      const next = here < 0 ? (step > 0 ? 0 : choices.length - 1) : here + step;
      choices[(next + choices.length) % choices.length].focus();
    }
  });
})();
