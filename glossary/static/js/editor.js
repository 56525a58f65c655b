/* The concept editor's live preview: each Markdown field is rendered by the server's own
   sanitizer (POST /beheer/voorbeeld, same origin, with the form's CSRF token), so the
   preview is exactly what the public page will show. Without script the form works as is. */
(function () {
  "use strict";

  // A pause in typing this long asks for a preview: each one spends the workspace's write
  // budget (60 a minute by default), so not every keystroke may ask.
  var DELAY_MS = 600;

  function csrfToken(field) {
    var form = field.form;
    var input = form && form.querySelector("input[name='csrf_token']");
    return input ? input.value : "";
  }

  function setUp(field) {
    var preview = document.getElementById(field.getAttribute("data-preview"));
    var url = field.getAttribute("data-preview-url");
    if (!preview || !url || !window.fetch) {
      return;
    }
    var timer = null;
    var asked = 0;

    function render() {
      var body = new URLSearchParams();
      body.set("text", field.value);
      var ticket = ++asked;
      fetch(url, {
        method: "POST",
        credentials: "same-origin",
        headers: { "X-CSRFToken": csrfToken(field) },
        body: body
      }).then(function (response) {
        return response.ok ? response.text() : Promise.reject(response.status);
      }).then(function (html) {
        if (ticket !== asked) {
          return; // a later keystroke asked again: its answer wins
        }
        // The server's sanitizer made this HTML (the same one the public page uses).
        preview.innerHTML = html;
        preview.hidden = field.value.trim() === "";
      }, function () {
        preview.hidden = true;
      });
    }

    field.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(render, DELAY_MS);
    });
  }

  document.querySelectorAll("textarea.js-markdown").forEach(setUp);
}());
