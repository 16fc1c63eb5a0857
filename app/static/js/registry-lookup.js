/* "Find in the registry" on the forms that add a teacher, a commission member or an organization
 * (app/templates/ustaz/_registry_lookup.html, views/registry_lookup.py): the button moves beside the
 * ИИН / БИН field, asks the server (a POST with the form's CSRF token) and fills the name fields
 * with what ГБД ФЛ / ГБД ЮЛ holds; the server's sentence is shown as it comes. Without script, or
 * when the registry cannot be asked, the user types the values and the form works the same. */
(function () {
  "use strict";

  function csrfToken(box) {
    var form = box.closest ? box.closest("form") : null;
    var field = (form && form.querySelector("input[name=csrf_token]")) ||
      document.querySelector("input[name=csrf_token]");
    return field ? field.value : "";
  }

  function attach(box) {
    var source = document.getElementById(box.getAttribute("data-source"));
    if (!source || !window.fetch || !window.FormData) {
      return;
    }
    source.parentNode.insertBefore(box, source.nextSibling);
    box.hidden = false;
    var button = box.querySelector("button");
    var status = box.querySelector("[role=status]");
    var fields = (box.getAttribute("data-fill") || "").split(",");
    var failed = box.getAttribute("data-failed");
    button.addEventListener("click", function () {
      var body = new FormData();
      body.append(box.getAttribute("data-param"), source.value.trim());
      button.disabled = true;
      status.textContent = box.getAttribute("data-busy");
      fetch(box.getAttribute("data-registry-lookup"), {
        method: "POST",
        body: body,
        credentials: "same-origin",
        headers: {"X-CSRFToken": csrfToken(box), "Accept": "application/json"}
      })
        .then(function (answer) {
          return answer.json().catch(function () { return {}; });
        })
        .then(function (data) {
          if (data.found) {
            fields.forEach(function (name) {
              var field = document.getElementById(name);
              if (field && typeof data[name] === "string") {
                field.value = data[name];
              }
            });
          }
          status.textContent = data.message || failed;
        })
        .catch(function () {
          status.textContent = failed;
        })
        .then(function () {
          button.disabled = false;
        });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("[data-registry-lookup]"), attach);
  });
}());
