// Keeps the server-rendered countdown on a call page current ("noch 2 Tage und 3 Stunden").
// The words come from the page (#countdown-texts) in the page's language; the logic mirrors
// pool/templatetags/pool_public.py:countdown_text. Without JavaScript the server's text stays.
(function () {
  "use strict";
  var element = document.getElementById("countdown");
  var source = document.getElementById("countdown-texts");
  if (!element || !source) {
    return;
  }
  var texts = JSON.parse(source.textContent);
  var closesAt = new Date(element.getAttribute("data-closes-at")).getTime();
  if (isNaN(closesAt)) {
    return;
  }

  function fill(pattern, values) {
    return pattern.replace(/%\((\w+)\)s/g, function (match, name) {
      return values[name];
    });
  }

  function unit(name, count) {
    return fill(texts.units[name][count === 1 ? 0 : 1], { count: count });
  }

  function text(now) {
    var minutes = Math.ceil((closesAt - now) / 60000);
    if (minutes <= 0) {
      return texts.over;
    }
    var days = Math.floor(minutes / 1440);
    var hours = Math.floor((minutes % 1440) / 60);
    var rest = minutes % 60;
    var parts;
    if (days) {
      parts = [unit("day", days)].concat(hours ? [unit("hour", hours)] : []);
    } else if (hours) {
      parts = [unit("hour", hours)].concat(rest ? [unit("minute", rest)] : []);
    } else {
      parts = [unit("minute", rest)];
    }
    if (parts.length === 2) {
      return fill(texts.two, { first: parts[0], second: parts[1] });
    }
    return fill(texts.one, { first: parts[0] });
  }

  function update() {
    var next = text(Date.now());
    if (element.textContent !== next) {
      element.textContent = next;
    }
  }

  update();
  window.setInterval(update, 30000);
})();
