/* Small enhancements: copy the concept URI and print buttons.
   Everything here is optional; each page works without it. */
(function () {
  "use strict";

  function setUpCopyButtons() {
    document.querySelectorAll(".js-copy").forEach(function (button) {
      var target = document.getElementById(button.getAttribute("data-copy-target"));
      if (!target || !navigator.clipboard) {
        return;
      }
      var status = button.parentElement.querySelector(".copy-status");
      button.hidden = false;
      function announce(attribute) {
        if (status) {
          status.textContent = button.getAttribute(attribute);
          window.setTimeout(function () { status.textContent = ""; }, 3000);
        }
      }
      button.addEventListener("click", function () {
        navigator.clipboard.writeText(target.textContent.trim()).then(
          function () { announce("data-copied"); },
          function () {
            // The browser refused the clipboard: select the text so the user can copy it.
            var range = document.createRange();
            range.selectNodeContents(target);
            var selection = window.getSelection();
            selection.removeAllRanges();
            selection.addRange(range);
            announce("data-selected");
          }
        );
      });
    });
  }

  function setUpPrintButtons() {
    document.querySelectorAll(".js-print").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
  }

  function init() {
    setUpCopyButtons();
    setUpPrintButtons();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
