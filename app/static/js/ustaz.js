/* Ustaz page behaviour, kept out of the HTML so the Content-Security-Policy can refuse inline script.
 * <select data-autosubmit> submits its form when the choice changes. */
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    var field = event.target;
    if (field && field.form && field.hasAttribute("data-autosubmit")) {
      field.form.submit();
    }
  });
})();
