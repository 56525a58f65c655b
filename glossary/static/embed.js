/* Begrippenkader embed script: definition tooltips for terms on any web page, and
   self-sizing definition cards. Plain JavaScript without dependencies; its only global is
   window.Begrippenkader. Loading it twice is harmless; if the service cannot be reached its
   terms turn back into plain text. Options and examples: docs/embed.md. */
(() => {
  "use strict";
  const script = document.currentScript;
  if (window.Begrippenkader) {
    window.Begrippenkader.setup(script);
    return;
  }
  if (!window.fetch || !Element.prototype.attachShadow) {
    return;
  }

  // The tooltip's words come from the service's catalogs (/embed/strings.json); these only
  // stand in when that request fails.
  const WORDS = {
    more: "More about this term",
    fallback: "Not yet translated",
    replaced: "Replaced by",
    retired: "Retired",
  };
  // Never annotate inside these: links, code, form controls, existing annotations.
  const SKIP = "a,button,code,pre,kbd,samp,script,style,textarea,select,svg,math," +
    "[contenteditable],[data-begrip]";
  const TOKEN = /[\p{L}\p{M}\p{N}]+/gu;
  const JOINER = /^[\s\-\u2010\u2011'\u2018\u2019"]+$/;
  const TERM_CSS = ".bgk-term{text-decoration:underline dotted;text-underline-offset:.2em;" +
    "cursor:help}.bgk-term:focus-visible{outline:2px solid #1a55a3;outline-offset:2px}";
  const TIP_CSS = ":host{all:initial}div{position:fixed;z-index:2147483647;" +
    "box-sizing:border-box;max-width:min(24rem,calc(100vw - 16px));max-height:50vh;" +
    "overflow:auto;padding:10px 14px;border:1px solid #8894a3;border-radius:6px;" +
    "background:#fff;color:#1c2530;box-shadow:0 6px 20px rgba(0,0,0,.18);" +
    "font:14px/1.45 system-ui,sans-serif;text-align:start}" +
    "strong{display:block;margin-bottom:4px;font-size:15px}" +
    "p{margin:0 0 6px;white-space:pre-line}" +
    "small{display:block;margin-bottom:6px;color:#4a5563;font-style:italic}" +
    "a{color:#1a55a3}a:focus-visible{outline:2px solid #1a55a3;outline-offset:2px}";

  const responses = new Map();
  const tips = new WeakMap();
  const annotated = new WeakSet();
  // Each decorated term with the base of the service it belongs to.
  const enhanced = new WeakMap();
  const origins = new Set();
  const unreachable = new Set();
  // Unknown data-begrip labels already reported in the console.
  const warned = new Set();
  let active = null;
  let hideTimer = 0;
  let counter = 0;
  let termStyled = false;
  let lastOptions = null;

  const fold = (text) => text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();

  /* A request that gets no answer at all means the service cannot be reached: from then on
     none of its terms pretends to be clickable. An error answer only fails that request. */
  function getJSON(url, options) {
    if (!responses.has(url)) {
      const headers = { Accept: "application/json" };
      responses.set(url, fetch(url, { credentials: "omit", headers }).then((response) =>
        response.ok ? response.json() : Promise.reject(new Error(String(response.status))),
      (error) => {
        offline(options.base);
        throw error;
      }));
    }
    return responses.get(url);
  }

  function offline(base) {
    unreachable.add(base);
    for (const term of document.querySelectorAll("[data-begrip]")) {
      if (enhanced.get(term) === base) {
        if (active && active.term === term) {
          active = null;
        }
        plain(term, tips.get(term));
      }
    }
  }

  function addStyle(root, css) {
    try {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(css);
      root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
    } catch (error) {
      const style = document.createElement("style");
      style.textContent = css;
      (root === document ? document.head : root).append(style);
    }
  }

  /* Cards: size each card iframe to the height the card reports. A card that loaded before
     this script reported to nobody, so the script asks every card to report again. */
  function resize(event, origin) {
    const data = event.data;
    if (event.origin !== origin || !data || data.type !== "begrippenkader:height") {
      return;
    }
    const height = Number(data.height);
    if (!(height > 0 && height < 10000)) {
      return;
    }
    for (const frame of document.querySelectorAll("iframe")) {
      if (frame.contentWindow === event.source) {
        frame.style.height = height + "px";
      }
    }
  }

  /* A frame still showing its initial about:blank (a loading="lazy" card below the fold)
     belongs to this page's origin: a message addressed to the service's origin would be
     refused with a console warning. Such a card reports by itself once it loads. */
  function holdsServicePage(frame) {
    try {
      return frame.contentWindow.location.href !== "about:blank";
    } catch (error) {
      return true; // another origin's page: the card (its origin is checked by postMessage)
    }
  }

  function askCards(options) {
    for (const frame of document.querySelectorAll("iframe")) {
      if (frame.src.startsWith(options.base + "/embed/") && frame.contentWindow &&
          holdsServicePage(frame)) {
        // Delivered only if the frame holds a page of the service by now.
        frame.contentWindow.postMessage({ type: "begrippenkader:report-height" }, options.origin);
      }
    }
  }

  /* Tooltips. */
  function resolveURL(term, options) {
    return options.base + "/api/v1/resolve?label=" + encodeURIComponent(term.dataset.begrip) +
      "&lang=" + encodeURIComponent(options.lang);
  }

  function load(term, options) {
    const api = options.base + "/api/v1/";
    const known = term.dataset.begripId;
    const found = known ? Promise.resolve({ id: known }) : getJSON(resolveURL(term, options),
      options);
    return found.then((hit) => getJSON(api + "concepts/" + encodeURIComponent(hit.id), options));
  }

  function words(options) {
    const url = options.base + "/embed/strings.json?lang=" + encodeURIComponent(options.lang);
    return getJSON(url, options).then((data) => ({ ...WORDS, ...data.strings }), () => WORDS);
  }

  function pick(values, lang) {
    const codes = Object.keys(values || {});
    const code = codes.includes(lang) ? lang : codes.includes("nl") ? "nl" : codes[0];
    return code ? [values[code], code] : ["", lang];
  }

  function element(tag, text, lang) {
    const node = document.createElement(tag);
    node.textContent = text;
    if (lang) {
      node.lang = lang;
    }
    return node;
  }

  function fill(tip, concept, text, options) {
    const [label, labelLang] = pick(concept.pref_label, options.lang);
    // data-text="explanation": the plain-language explanation where the concept has one.
    const plain = options.text === "explanation" ? pick(concept.explanation, options.lang) : [];
    const [definition, definitionLang] = plain[0] ? plain : pick(concept.definition, options.lang);
    const parts = [element("strong", label, labelLang)];
    if (definition && definitionLang !== options.lang) {
      parts.push(element("small", text.fallback));
    }
    if (concept.status === "replaced" || concept.status === "retired") {
      parts.push(notice(concept, text, options));
    }
    if (definition) {
      // The first paragraph; the concept page behind the link has the rest.
      const [first, ...rest] = definition.text.split(/\n\s*\n/);
      parts.push(element("p", rest.length ? first + " …" : first, definitionLang));
    }
    const more = element("a", text.more);
    more.href = new URL(concept.page, options.origin).href + "?lang=" +
      encodeURIComponent(options.lang);
    more.target = "_blank";
    more.rel = "noopener";
    parts.push(more);
    tip.box.replaceChildren(...parts);
    tip.filled = true;
  }

  // A concept no longer in force: where the term went (its successors' pages), or that it
  // was retired, so a reader of the page that embeds it is not left with an old meaning.
  function notice(concept, text, options) {
    const note = element("p", "");
    note.className = "bgk-status";
    if (concept.status === "retired") {
      note.textContent = text.retired + (concept.valid_until ? " (" + concept.valid_until + ")" : "");
      return note;
    }
    note.append(element("b", text.replaced + ": "));
    (concept.replaced_by || []).forEach((other, index) => {
      const [label, lang] = pick(other.pref_label, options.lang);
      const link = element("a", label, lang);
      link.href = new URL(other.page, options.origin).href + "?lang=" +
        encodeURIComponent(options.lang);
      link.target = "_blank";
      link.rel = "noopener";
      note.append(...(index ? [", ", link] : [link]));
    });
    return note;
  }

  function makeTip(term) {
    const host = document.createElement("span");
    host.className = "bgk-tip";
    host.id = "bgk-tip-" + ++counter;
    const root = host.attachShadow({ mode: "open" });
    addStyle(root, TIP_CSS);
    const box = document.createElement("div");
    box.hidden = true;
    root.append(box);
    host.addEventListener("mouseenter", cancelHide);
    host.addEventListener("mouseleave", hideSoon);
    host.addEventListener("focusout", leave);
    // Right after the term, so the tooltip's link is next in the keyboard order.
    term.after(host);
    term.setAttribute("aria-describedby", host.id);
    term.setAttribute("aria-controls", host.id);
    const tip = { term, host, box, filled: false, failed: false };
    tips.set(term, tip);
    return tip;
  }

  function place(tip) {
    const margin = 8;
    const gap = 6;
    const rect = tip.term.getBoundingClientRect();
    const below = innerHeight - rect.bottom - gap - margin;
    const above = rect.top - gap - margin;
    tip.box.style.maxHeight = "";
    const natural = tip.box.offsetHeight;
    const upwards = natural > below && above > below;
    // Never taller than the room on its side: a long definition scrolls inside the tooltip.
    tip.box.style.maxHeight = Math.max(80, Math.min(natural, upwards ? above : below)) + "px";
    const width = tip.box.offsetWidth;
    const height = tip.box.offsetHeight;
    tip.box.style.left = Math.max(margin, Math.min(rect.left, innerWidth - width - margin)) + "px";
    tip.box.style.top = (upwards ? rect.top - gap - height : rect.bottom + gap) + "px";
  }

  function show(term, options) {
    cancelHide();
    if (unreachable.has(options.base) || !term.classList.contains("bgk-term")) {
      return; // the service is out of reach, or the term was found unknown: plain text now
    }
    const tip = tips.get(term) || makeTip(term);
    if (active === tip || tip.failed) {
      return;
    }
    hide();
    active = tip;
    Promise.all([load(term, options), words(options)]).then(([concept, text]) => {
      if (!tip.filled) {
        fill(tip, concept, text, options);
      }
      if (active === tip) {
        tip.box.hidden = false;
        term.setAttribute("aria-expanded", "true");
        place(tip);
      }
    }, () => {
      if (active === tip) {
        active = null;
      }
      plain(term, tip);
    });
  }

  function hide() {
    cancelHide();
    if (active) {
      active.box.hidden = true;
      active.term.setAttribute("aria-expanded", "false");
      active = null;
    }
  }

  function cancelHide() {
    clearTimeout(hideTimer);
  }

  function hideSoon() {
    cancelHide();
    hideTimer = setTimeout(hide, 300);
  }

  function inside(tip, node) {
    return Boolean(node) && (tip.term.contains(node) || tip.host.contains(node));
  }

  function leave(event) {
    if (active && !inside(active, event.relatedTarget)) {
      hide();
    }
  }

  /* An unknown term or an unreachable service: undo the decoration, keep the text. */
  function plain(term, tip) {
    term.classList.remove("bgk-term");
    for (const name of ["role", "aria-expanded", "aria-describedby", "aria-controls"]) {
      term.removeAttribute(name);
    }
    if (term.dataset.begripTabindex) {
      term.removeAttribute("tabindex");
      delete term.dataset.begripTabindex;
    }
    if (tip) {
      tip.failed = true;
      tip.host.remove();
    }
  }

  function enhance(term, options) {
    if (enhanced.has(term) || !term.dataset.begrip.trim() || unreachable.has(options.base)) {
      return;
    }
    enhanced.set(term, options.base);
    term.classList.add("bgk-term");
    if (!term.matches("a[href],button,input,select,textarea,[tabindex]")) {
      term.tabIndex = 0;
      term.dataset.begripTabindex = "added";
      term.setAttribute("role", "button");
    }
    term.setAttribute("aria-expanded", "false");
    const open = () => show(term, options);
    term.addEventListener("mouseenter", open);
    term.addEventListener("focus", open);
    term.addEventListener("click", open);
    term.addEventListener("mouseleave", hideSoon);
    term.addEventListener("focusout", leave);
    term.addEventListener("keydown", (event) => {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        open();
      }
    });
    if (!term.dataset.begripId) {
      // Checked at once, not at the first hover: a term the glossary does not know loses its
      // styling, and the page's author is told once in the console.
      getJSON(resolveURL(term, options), options).catch((error) => {
        if (!unreachable.has(options.base) && error.message === "404" && enhanced.has(term)) {
          unknown(term, options);
        }
      });
    }
  }

  function unknown(term, options) {
    const label = term.dataset.begrip;
    if (!warned.has(label)) {
      warned.add(label);
      console.warn("Begrippenkader: no term \u201c" + label + "\u201d in " + options.base +
        " (language " + options.lang + "); data-begrip is shown as plain text.");
    }
    if (active && active.term === term) {
      active = null;
    }
    plain(term, tips.get(term));
  }

  /* Auto-annotation: the first mention of each term in a container's text. */
  function mentions(text, keys, longest) {
    const tokens = [...text.matchAll(TOKEN)].map((match) =>
      [match.index, match.index + match[0].length, fold(match[0])]);
    const found = [];
    let index = 0;
    while (index < tokens.length) {
      let joined = "";
      let best = null;
      for (let last = index; last < tokens.length; last++) {
        joined += tokens[last][2];
        if (joined.length > longest) {
          break;
        }
        if (keys.has(joined)) {
          best = { start: tokens[index][0], end: tokens[last][1], id: keys.get(joined), last };
        }
        const next = tokens[last + 1];
        if (!next || !JOINER.test(text.slice(tokens[last][1], next[0]))) {
          break;
        }
      }
      index = best ? best.last + 1 : index + 1;
      if (best) {
        found.push(best);
      }
    }
    return found;
  }

  function wrap(node, mention, options) {
    const range = document.createRange();
    range.setStart(node, mention.start);
    range.setEnd(node, mention.end);
    const term = document.createElement("span");
    term.dataset.begrip = node.data.slice(mention.start, mention.end);
    term.dataset.begripId = mention.id;
    range.surroundContents(term);
    enhance(term, options);
  }

  function mark(container, keys, longest, seen, options) {
    const walker = document.createTreeWalker(container, NodeFilter.SHOW_TEXT, {
      acceptNode: (node) => node.parentElement && !node.parentElement.closest(SKIP) ?
        NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_REJECT,
    });
    const nodes = [];
    while (walker.nextNode()) {
      nodes.push(walker.currentNode);
    }
    for (const node of nodes) {
      const picked = [];
      for (const mention of mentions(node.data, keys, longest)) {
        if (seen.size < options.max && !seen.has(mention.id)) {
          seen.add(mention.id);
          picked.push(mention);
        }
      }
      // Right to left, so the offsets of earlier mentions stay valid.
      picked.reverse().forEach((mention) => wrap(node, mention, options));
    }
  }

  function annotate(options) {
    let containers = [];
    try {
      containers = [...document.querySelectorAll(options.annotate)]
        .filter((container) => !annotated.has(container));
    } catch (error) {
      return;
    }
    if (!containers.length) {
      return;
    }
    containers.forEach((container) => annotated.add(container));
    const url = options.base + "/embed/labels.json?lang=" + encodeURIComponent(options.lang);
    getJSON(url, options).then((data) => {
      if (unreachable.has(options.base)) {
        return;
      }
      const keys = new Map(Object.entries(data.labels || {}));
      const longest = Math.max(0, ...[...keys.keys()].map((key) => key.length));
      const seen = new Set();
      containers.forEach((container) => mark(container, keys, longest, seen, options));
    }, () => {});
  }

  function scan(root, options) {
    root.querySelectorAll("[data-begrip]").forEach((term) => enhance(term, options));
  }

  function setup(tag) {
    if (!tag || !tag.src) {
      return;
    }
    const source = new URL(tag.src, location.href);
    const max = parseInt(tag.dataset.max, 10);
    const options = {
      origin: source.origin,
      base: source.href.replace(/\/static\/embed\.js(?:[?#].*)?$/, ""),
      lang: tag.dataset.lang || "nl",
      annotate: tag.dataset.annotate || "",
      text: tag.dataset.text === "explanation" ? "explanation" : "definition",
      max: max >= 0 ? max : 20,
    };
    lastOptions = options;
    if (!origins.has(options.origin)) {
      origins.add(options.origin);
      addEventListener("message", (event) => resize(event, options.origin));
    }
    const start = () => {
      if (!termStyled) {
        termStyled = true;
        addStyle(document, TERM_CSS);
      }
      askCards(options);
      scan(document, options);
      if (options.annotate || document.querySelector("[data-begrip]")) {
        // The tooltip's words, asked for at once: the answer also tells whether the service
        // can be reached before anyone hovers a term that would then lead nowhere.
        words(options);
      }
      if (options.annotate) {
        annotate(options);
      }
    };
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", start, { once: true });
    } else {
      start();
    }
  }

  document.addEventListener("pointerdown", (event) => {
    if (active && !inside(active, event.target)) {
      hide();
    }
  });
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && active) {
      const focusWasInside = inside(active, document.activeElement);
      const term = active.term;
      hide();
      if (focusWasInside) {
        term.focus();
      }
    }
  });
  addEventListener("scroll", () => active && !active.box.hidden && place(active),
    { capture: true, passive: true });
  addEventListener("resize", () => active && !active.box.hidden && place(active));

  window.Begrippenkader = {
    version: "1",
    setup,
    // For pages that add content later: enhance new [data-begrip] elements under root.
    refresh: (root) => lastOptions && scan(root || document, lastOptions),
  };
  setup(script);
})();
