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

/* Date fields (app/web/dates.py): bootstrap-datepicker in the page's language and format. FAB ships
 * the picker without locale files: the server puts the month and day names on the input
 * (data-date-locale), and the picker starts on first focus (also for search filters added later). */
(function () {
  "use strict";
  var $ = window.jQuery;
  if (!$ || !$.fn || !$.fn.datepicker) {
    return;
  }
  function start(input) {
    var $input = $(input);
    if ($input.data("datepicker")) {
      return;
    }
    var lang = $input.attr("data-date-language") || "kk";
    var locale = {};
    try {
      locale = JSON.parse($input.attr("data-date-locale") || "{}");
    } catch (ignored) {
      locale = {};
    }
    if (locale.months && !$.fn.datepicker.dates[lang]) {
      $.fn.datepicker.dates[lang] = locale;
    }
    $input.datepicker({
      language: $.fn.datepicker.dates[lang] ? lang : "en",
      format: locale.format || "dd.mm.yyyy",
      weekStart: locale.weekStart || 1,
      autoclose: true,
      forceParse: false
    });
    $input.datepicker("show");
  }
  $(document).on("focus click", ".ustaz-date input", function () {
    start(this);
  });
  $(document).on("click", ".ustaz-date .input-group-addon", function () {
    $(this).siblings("input").trigger("focus");
  });
})();
