// Concept maps on a narrow screen: the drawing keeps its own size inside a frame that
// scrolls; start with the middle of the drawing in view rather than its left edge.
(function () {
  "use strict";
  function centre() {
    document.querySelectorAll(".concept-map-canvas").forEach(function (canvas) {
      var spare = canvas.scrollWidth - canvas.clientWidth;
      if (spare > 0 && canvas.scrollLeft === 0) {
        canvas.scrollLeft = spare / 2;
      }
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", centre);
  } else {
    centre();
  }
})();
