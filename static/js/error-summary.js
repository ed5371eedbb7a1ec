// After a failed submission the error summary at the top of a form gets the focus, so that screen
// readers announce it and keyboard users start from its list of links. A link moves the focus into
// its field (following a #fragment alone would only scroll there).
(function () {
  "use strict";
  var summary = document.getElementById("error-summary");
  if (!summary) {
    return;
  }
  summary.focus();
  summary.addEventListener("click", function (event) {
    var link = event.target.closest("a[href^='#']");
    var target = link && document.getElementById(link.getAttribute("href").slice(1));
    if (target) {
      event.preventDefault();
      target.focus();
      target.scrollIntoView({ block: "center" });
    }
  });
})();
