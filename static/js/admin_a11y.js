"use strict";
// Django's panel picker (SelectFilter2.js, built on "load") gives a plain <span> an aria-label, which
// screen readers ignore and axe reports. The magnifier icon is an image with a name, so it gets that role.
// The admin may load this file before SelectFilter2.js, so the fix waits until every "load" listener ran.
window.addEventListener("load", function () {
  window.setTimeout(function () {
    document.querySelectorAll(".selector .search-label-icon[aria-label]").forEach(function (icon) {
      icon.setAttribute("role", "img");
    });
  }, 0);
});
