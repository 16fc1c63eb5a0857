/* Autocomplete fields (app/web/autocomplete.py): select2 over /autocomplete/…, one page at a time.
 * The server renders only the chosen options; everything else is fetched as the user types. Search
 * filters are added to the page later (FAB's AdminFilters clones them): they start when they appear. */
(function () {
  "use strict";
  var $ = window.jQuery;
  if (!$ || !$.fn || !$.fn.select2) {
    return;
  }
  function start(element) {
    var $select = $(element);
    if ($select.data("select2") || !document.body.contains(element)) {
      return;
    }
    var messages = {};
    try {
      messages = JSON.parse($select.attr("data-messages") || "{}");
    } catch (ignored) {
      messages = {};
    }
    function say(key) {
      return function () { return messages[key] || ""; };
    }
    $select.select2({
      theme: "bootstrap",
      width: "100%",
      allowClear: $select.attr("data-allow-clear") === "true",
      placeholder: $select.attr("data-placeholder") || "",
      ajax: {
        url: $select.attr("data-url"),
        dataType: "json",
        delay: 250,
        cache: true,
        data: function (params) {
          return {q: params.term || "", page: params.page || 1};
        }
      },
      language: {
        searching: say("searching"),
        noResults: say("noResults"),
        loadingMore: say("loadingMore"),
        errorLoading: say("errorLoading")
      }
    });
  }
  function startAll(root) {
    $(root).find("select.ustaz-autocomplete").addBack("select.ustaz-autocomplete").each(function () {
      start(this);
    });
  }
  $(function () {
    startAll(document.body);
    if (window.MutationObserver) {
      new window.MutationObserver(function (changes) {
        changes.forEach(function (change) {
          change.addedNodes.forEach(function (node) {
            if (node.nodeType === 1) {
              startAll(node);
            }
          });
        });
      }).observe(document.body, {childList: true, subtree: true});
    }
  });
})();
