// Type-ahead for long dropdowns: every <select data-search="提示"> gets a search box above it
// that hides the options not containing what was typed (name, code or any part of the label).
(function () {
  "use strict";
  function attach(select) {
    if (select.dataset.searchReady) return;
    select.dataset.searchReady = "1";
    var box = document.createElement("input");
    box.type = "search";
    box.className = "picker-search";
    box.placeholder = select.dataset.search || "输入关键字筛选";
    box.setAttribute("aria-label", (select.labels && select.labels[0] ? select.labels[0].textContent.trim() + "：" : "") + box.placeholder);
    box.setAttribute("aria-controls", select.id || "");
    var status = document.createElement("span");
    status.className = "picker-count muted";
    status.setAttribute("aria-live", "polite");
    select.parentNode.insertBefore(box, select);
    select.parentNode.insertBefore(status, select.nextSibling);
    box.addEventListener("input", function () {
      var words = box.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0, first = null;
      Array.prototype.forEach.call(select.options, function (opt) {
        if (!opt.value) { return; }
        var text = opt.textContent.toLowerCase();
        var match = words.every(function (w) { return text.indexOf(w) >= 0; });
        opt.hidden = !match;
        if (match) { shown += 1; first = first || opt; }
      });
      status.textContent = words.length ? "找到 " + shown + " 项" : "";
      if (!select.multiple && first && words.length && (!select.value || select.selectedOptions[0].hidden)) {
        first.selected = true;
        select.dispatchEvent(new Event("change", { bubbles: true }));
      }
    });
  }
  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("select[data-search]"), attach);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
