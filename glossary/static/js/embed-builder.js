/* The embed builder on concept pages: choosing a language, theme or release rewrites the card
   code, the oEmbed page address and the live preview. Everything is served by this site. */
(function () {
  "use strict";

  function cardAddress(base, lang, theme, release) {
    return base + "?lang=" + encodeURIComponent(lang) +
      (theme && theme !== "light" ? "&theme=" + encodeURIComponent(theme) : "") +
      (release ? "&versie=" + encodeURIComponent(release) : "");
  }

  function setUp(form) {
    var cardBase = form.getAttribute("data-card-url").split("?")[0];
    var previewBase = form.getAttribute("data-preview-url").split("?")[0];
    var pageBase = form.getAttribute("data-page-url").split("?")[0];
    var card = document.getElementById("embed-code-card");
    var oembed = document.getElementById("embed-code-oembed");
    var preview = form.querySelector(".embed-preview");
    var shownCard = form.getAttribute("data-card-url");

    function update() {
      var lang = form.querySelector("select[name=lang]").value;
      var theme = form.querySelector("select[name=theme]").value;
      var pinned = form.querySelector("select[name=versie]");
      var release = pinned ? pinned.value : "";
      var next = cardAddress(cardBase, lang, theme, release);
      if (card) {
        // The code is HTML source: an ampersand in the src attribute is written &amp;.
        card.textContent = card.textContent.split('src="' + shownCard.replace(/&/g, "&amp;") + '"')
          .join('src="' + next.replace(/&/g, "&amp;") + '"');
      }
      shownCard = next;
      if (oembed) { oembed.textContent = cardAddress(pageBase, lang, "", release); }
      if (preview) { preview.src = cardAddress(previewBase, lang, theme, release); }
    }

    form.addEventListener("change", update);
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll(".embed-builder"), setUp);
  });
})();
