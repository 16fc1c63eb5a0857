// The essay's live word count (the server counts the same way: runs of letters and digits).
(function () {
  var area = document.getElementById("essay");
  var out = document.getElementById("essay-count");
  if (!area || !out) { return; }
  var template = out.getAttribute("data-template") || "%(n)s";
  function update() {
    var words = (area.value.match(/[\p{L}\p{N}\p{M}_'’-]+/gu) || []).length;
    out.textContent = template.replace("%(n)s", String(words));
  }
  area.addEventListener("input", update);
  update();
})();
