/* Accessibility of the theme's own page furniture, on the first load and after every instant
   navigation. The course's pages need no script to be read; this fills what the theme leaves out:

   - the search dialog gets an accessible name;
   - a table too wide for the screen scrolls sideways inside a wrapper; a keyboard user can only
     scroll it once it takes focus, and a screen reader announces it by its name, so such a
     wrapper becomes a focusable region named after the table's caption or the heading above it. */
(() => {
  "use strict";

  const WRAPPERS = ".md-typeset__scrollwrap";

  function nameSearchDialog() {
    document.querySelectorAll('.md-search[role="dialog"]:not([aria-label]):not([aria-labelledby])').forEach((dialog) => {
      dialog.setAttribute("aria-label", "Search");
    });
  }

  function headingText(heading) {
    const copy = heading.cloneNode(true);
    copy.querySelectorAll(".headerlink").forEach((link) => link.remove());
    return copy.textContent.replace(/\s+/g, " ").trim();
  }

  // The caption of the table, or the nearest heading before the wrapper in reading order.
  function tableName(wrapper) {
    const caption = wrapper.querySelector("caption");
    if (caption && caption.textContent.trim()) return caption.textContent.replace(/\s+/g, " ").trim();
    const headings = Array.from(document.querySelectorAll(".md-content h1, .md-content h2, .md-content h3, .md-content h4, .md-content h5, .md-content h6"));
    let before = null;
    for (const heading of headings) {
      if (heading.compareDocumentPosition(wrapper) & Node.DOCUMENT_POSITION_FOLLOWING) before = heading;
      else break;
    }
    return before ? headingText(before) : "";
  }

  function markScrollable(wrapper) {
    const scrolls = wrapper.scrollWidth > wrapper.clientWidth + 1;
    if (scrolls && !wrapper.hasAttribute("tabindex")) {
      const name = tableName(wrapper);
      wrapper.setAttribute("tabindex", "0");
      wrapper.setAttribute("role", "region");
      wrapper.setAttribute("aria-label", name ? `Table: ${name} (scrolls sideways)` : "Table (scrolls sideways)");
      wrapper.dataset.ccScroll = "";
    } else if (!scrolls && wrapper.hasAttribute("data-cc-scroll")) {
      ["tabindex", "role", "aria-label", "data-cc-scroll"].forEach((attr) => wrapper.removeAttribute(attr));
    }
  }

  function markTables() {
    document.querySelectorAll(WRAPPERS).forEach(markScrollable);
  }

  let pending = false;
  function onResize() {
    if (pending) return;
    pending = true;
    window.requestAnimationFrame(() => {
      pending = false;
      markTables();
    });
  }

  function init() {
    nameSearchDialog();
    // The theme wraps tables in the same round of work that calls this: look once it is done.
    window.requestAnimationFrame(markTables);
  }

  window.addEventListener("resize", onResize);
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
