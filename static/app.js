// Keyboard shortcuts for the moderation queue. The page works without them:
// every action is a plain form button.
(function () {
  "use strict";
  var items = Array.prototype.slice.call(document.querySelectorAll("article.comment"));
  if (!items.length) return;
  var current = -1;
  function focus(i) {
    current = Math.max(0, Math.min(items.length - 1, i));
    items[current].focus();
    items[current].scrollIntoView({ block: "nearest" });
  }
  document.addEventListener("keydown", function (e) {
    var tag = (e.target && e.target.tagName) || "";
    if (e.altKey || e.ctrlKey || e.metaKey || tag === "INPUT" || tag === "SELECT" || tag === "TEXTAREA") return;
    if (e.key === "j") { focus(current + 1); e.preventDefault(); return; }
    if (e.key === "k") { focus(current - 1); e.preventDefault(); return; }
    if (current < 0) return;
    var item = items[current];
    if (e.key === "x") {
      var box = item.querySelector("input[type=checkbox]");
      if (box) box.checked = !box.checked;
      e.preventDefault();
      return;
    }
    var button = item.querySelector('button[data-key="' + e.key + '"]');
    if (button) { button.click(); e.preventDefault(); }
  });
})();
