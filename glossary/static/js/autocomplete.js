/* Autocomplete for the search box: the WAI-ARIA 1.2 combobox pattern with a listbox popup
   ("list autocomplete with manual selection").

   Without JavaScript the search form simply submits. With it, the input becomes a combobox:
   typing asks /api/v1/suggest for label completions (labels in the page's content language
   first; any other label tagged with its language, "EN: …"); Down/Up move through them (focus stays
   in the input, aria-activedescendant points at the active option), Enter opens the chosen
   term, Escape closes the list (or clears the input when it is already closed), Alt+Down
   opens it, and a polite live region says how many suggestions there are. */
(function () {
  "use strict";

  var DELAY_MS = 120;
  var LIMIT = 8;
  var counter = 0;

  function suggestionsOf(data) {
    var items = Array.isArray(data) ? data : data.suggestions || data.results || [];
    return items
      .map(function (item) {
        var pref = item.pref_label;
        if (pref && typeof pref === "object") {
          pref = pref[item.lang] || Object.values(pref)[0];
        }
        return {
          id: item.id,
          label: item.label || item.text || item.matched_label || pref,
          pref: pref || "",
          lang: item.lang || ""
        };
      })
      .filter(function (item) { return item.id && item.label; });
  }

  function Combobox(root) {
    this.root = root;
    this.input = root.querySelector("input");
    this.listbox = root.querySelector("[role=listbox]");
    this.status = root.querySelector("[data-combobox-status]");
    this.form = root.closest("form");
    this.options = [];
    this.active = -1;
    this.timer = null;
    this.request = null;
    this.lastQuery = "";
    this.prefix = "ac" + (counter += 1);
    this.setUp();
  }

  Combobox.prototype.setUp = function () {
    var input = this.input;
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", this.listbox.id);
    input.addEventListener("input", this.onInput.bind(this));
    input.addEventListener("keydown", this.onKeyDown.bind(this));
    input.addEventListener("blur", this.onBlur.bind(this));
    input.addEventListener("focus", this.onFocus.bind(this));
    // mousedown rather than click: choosing must happen before the input loses focus.
    this.listbox.addEventListener("mousedown", this.onPointer.bind(this));
    this.listbox.addEventListener("touchstart", this.onPointer.bind(this), { passive: false });
  };

  Combobox.prototype.onInput = function () {
    var self = this;
    window.clearTimeout(this.timer);
    this.timer = window.setTimeout(function () { self.fetch(self.input.value.trim()); }, DELAY_MS);
  };

  Combobox.prototype.onFocus = function () {
    if (this.options.length && this.input.value.trim() === this.lastQuery) {
      this.open();
    }
  };

  Combobox.prototype.onBlur = function () {
    var self = this;
    window.setTimeout(function () { self.close(); }, 150);
  };

  Combobox.prototype.fetch = function (query) {
    var self = this;
    this.lastQuery = query;
    if (!query) {
      this.render([]);
      return;
    }
    if (this.request) {
      this.request.abort();
    }
    var controller = new AbortController();
    this.request = controller;
    var url = this.root.getAttribute("data-suggest-url") +
      "?q=" + encodeURIComponent(query) +
      "&lang=" + encodeURIComponent(this.root.getAttribute("data-lang")) +
      "&limit=" + LIMIT;
    fetch(url, { signal: controller.signal, headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : { suggestions: [] }; })
      .then(function (data) {
        if (query === self.input.value.trim()) {
          self.render(suggestionsOf(data));
        }
      })
      .catch(function () { /* offline or aborted: the plain form still works */ });
  };

  Combobox.prototype.render = function (items) {
    var self = this;
    this.options = items;
    this.active = -1;
    this.input.removeAttribute("aria-activedescendant");
    this.listbox.textContent = "";
    items.forEach(function (item, index) {
      var option = document.createElement("li");
      option.id = self.prefix + "-option-" + index;
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      option.setAttribute("data-index", String(index));
      // A label in another language than the page's content is tagged ("EN: Blended help").
      if (item.lang && item.lang !== self.root.getAttribute("data-lang")) {
        var tag = document.createElement("span");
        tag.className = "lang-tag";
        tag.lang = item.lang;
        tag.textContent = item.lang.toUpperCase() + ": ";
        option.appendChild(tag);
      }
      var label = document.createElement("span");
      label.className = "option-label";
      label.textContent = item.label;
      if (item.lang) {
        label.lang = item.lang;
      }
      option.appendChild(label);
      if (item.pref && item.pref !== item.label) {
        var target = document.createElement("span");
        target.className = "option-target";
        target.textContent = "→ " + item.pref;
        option.appendChild(target);
      }
      self.listbox.appendChild(option);
    });
    this.announce(items.length);
    if (items.length) {
      this.open();
    } else {
      this.close();
    }
  };

  Combobox.prototype.announce = function (count) {
    if (!this.status) {
      return;
    }
    var text;
    if (count === 0) {
      text = this.lastQuery ? this.root.getAttribute("data-status-none") : "";
    } else if (count === 1) {
      text = this.root.getAttribute("data-status-one");
    } else {
      text = this.root.getAttribute("data-status-many").replace("{n}", String(count));
    }
    this.status.textContent = text;
  };

  Combobox.prototype.open = function () {
    if (!this.options.length) {
      return;
    }
    this.listbox.hidden = false;
    this.input.setAttribute("aria-expanded", "true");
  };

  Combobox.prototype.close = function () {
    this.listbox.hidden = true;
    this.input.setAttribute("aria-expanded", "false");
    this.setActive(-1);
  };

  Combobox.prototype.isOpen = function () {
    return !this.listbox.hidden;
  };

  Combobox.prototype.setActive = function (index) {
    var options = this.listbox.querySelectorAll("[role=option]");
    options.forEach(function (option) { option.setAttribute("aria-selected", "false"); });
    this.active = index;
    if (index < 0 || index >= options.length) {
      this.active = -1;
      this.input.removeAttribute("aria-activedescendant");
      return;
    }
    var option = options[index];
    option.setAttribute("aria-selected", "true");
    this.input.setAttribute("aria-activedescendant", option.id);
    option.scrollIntoView({ block: "nearest" });
  };

  Combobox.prototype.move = function (step) {
    if (!this.options.length) {
      return;
    }
    if (!this.isOpen()) {
      this.open();
    }
    var count = this.options.length;
    var next = this.active < 0 ? (step > 0 ? 0 : count - 1) : (this.active + step + count) % count;
    this.setActive(next);
  };

  Combobox.prototype.choose = function (index) {
    var item = this.options[index];
    if (!item) {
      return;
    }
    this.input.value = item.label;
    this.close();
    var url = this.root.getAttribute("data-concept-url") + encodeURIComponent(item.id);
    var lang = this.form && this.form.querySelector("input[name=lang]");
    if (lang) {
      url += "?lang=" + encodeURIComponent(lang.value);
    }
    window.location.assign(url);
  };

  Combobox.prototype.onKeyDown = function (event) {
    switch (event.key) {
      case "ArrowDown":
        event.preventDefault();
        if (event.altKey) {
          this.open();
        } else {
          this.move(1);
        }
        break;
      case "ArrowUp":
        event.preventDefault();
        this.move(-1);
        break;
      case "Enter":
        if (this.isOpen() && this.active >= 0) {
          event.preventDefault();
          this.choose(this.active);
        }
        break;
      case "Escape":
        if (this.isOpen()) {
          event.preventDefault();
          this.close();
        } else if (this.input.value) {
          event.preventDefault();
          this.input.value = "";
          this.render([]);
        }
        break;
      case "Tab":
        this.close();
        break;
      default:
        break;
    }
  };

  Combobox.prototype.onPointer = function (event) {
    var option = event.target.closest("[role=option]");
    if (!option) {
      return;
    }
    event.preventDefault();
    this.choose(Number(option.getAttribute("data-index")));
  };

  function init() {
    document.querySelectorAll("[data-autocomplete]").forEach(function (root) {
      if (!root.combobox && root.querySelector("input") && window.fetch) {
        root.combobox = new Combobox(root);
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
