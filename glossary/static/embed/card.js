/* The card tells the page that frames it how tall it is, so that embed.js on that page can
   size the iframe to fit. The message carries a number only; it is safe to send anywhere. */
(function () {
  "use strict";
  if (window.parent === window) {
    return;
  }
  var reported = 0;

  function report() {
    var height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height > 0 && height !== reported) {
      reported = height;
      window.parent.postMessage({ type: "begrippenkader:height", height: height }, "*");
    }
  }

  if ("ResizeObserver" in window) {
    new ResizeObserver(report).observe(document.documentElement);
  }
  window.addEventListener("load", report);
  report();
})();
