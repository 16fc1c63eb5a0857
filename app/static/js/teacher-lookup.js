/* A teacher typed into a plain text box (the contest participants dialog): suggestions come from the
 * scoped autocomplete (/autocomplete/…, app/web/autocomplete.py) as the user types, one page at a
 * time, into the box's <datalist>. A suggestion reads "Full name · masked ИИН — #id"; the server
 * finds the teacher by that id inside the user's scope (app/portfolio/participants.find_teacher). */
(function () {
  "use strict";
  function attach(input) {
    var list = document.getElementById(input.getAttribute("list"));
    var url = input.getAttribute("data-lookup");
    if (!list || !url || !window.fetch) {
      return;
    }
    var timer = null;
    var asked = "";
    input.addEventListener("input", function () {
      var term = input.value.trim();
      if (term.length < 2 || term.indexOf(" — #") !== -1 || term === asked) {
        return;
      }
      clearTimeout(timer);
      timer = setTimeout(function () {
        asked = term;
        fetch(url + "?q=" + encodeURIComponent(term) + "&page=1", {credentials: "same-origin"})
          .then(function (answer) { return answer.ok ? answer.json() : {results: []}; })
          .then(function (body) {
            while (list.firstChild) {
              list.removeChild(list.firstChild);
            }
            (body.results || []).forEach(function (row) {
              var option = document.createElement("option");
              option.value = row.text + " — #" + row.id;
              list.appendChild(option);
            });
          })
          .catch(function () { /* no suggestions: typing an ИИН still works */ });
      }, 250);
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("input[data-lookup]"), attach);
  });
}());
