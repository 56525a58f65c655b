/* The card tells the page that frames it how tall it is, so that embed.js on that page can
   size the iframe to fit. The message carries a number only; it is safe to send anywhere.
   embed.js may load after the card has reported (it is loaded async), so it asks once when it
   starts and the card answers again. */
(function () {
  "use strict";
  if (window.parent === window) {
    return;
  }
  var reported = 0;

  function report(again) {
    var height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height > 0 && (again || height !== reported)) {
      reported = height;
      window.parent.postMessage({ type: "begrippenkader:height", height: height }, "*");
    }
  }

  if ("ResizeObserver" in window) {
    new ResizeObserver(function () { report(false); }).observe(document.documentElement);
  }
  window.addEventListener("message", function (event) {
    var data = event.data;
    if (event.source === window.parent && data && data.type === "begrippenkader:report-height") {
      report(true);
    }
  });
  window.addEventListener("load", function () { report(false); });
  report(false);
})();
