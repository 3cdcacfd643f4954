// Small widgets every page uses, served from this site (no CDN):
// - type-ahead for long dropdowns: every <select data-search="提示"> gets a search box above it
//   that hides the options not containing what was typed (name, code or any part of the label);
// - file inputs in Chinese whatever the browser's language: "选择文件" / "未选择文件" instead of
//   the browser's own "Choose File / No file chosen".
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
  var fileCount = 0;
  function localiseFile(input) {
    if (input.dataset.fileReady) return;
    input.dataset.fileReady = "1";
    if (!input.id) { fileCount += 1; input.id = "file-input-" + fileCount; }
    var wrap = document.createElement("span");
    wrap.className = "file-picker";
    var button = document.createElement("label");
    button.className = "button secondary file-button";
    button.htmlFor = input.id;
    button.textContent = input.multiple ? "选择文件（可多选）" : "选择文件";
    var name = document.createElement("span");
    name.className = "file-name muted";
    name.setAttribute("aria-live", "polite");
    name.textContent = "未选择文件";
    input.parentNode.insertBefore(wrap, input);
    wrap.appendChild(input);
    wrap.appendChild(button);
    wrap.appendChild(name);
    input.classList.add("file-native");
    input.addEventListener("change", function () {
      var names = Array.prototype.map.call(input.files, function (f) { return f.name; });
      name.textContent = names.length ? names.join("、") : "未选择文件";
    });
  }
  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("select[data-search]"), attach);
    Array.prototype.forEach.call(document.querySelectorAll("input[type=file]"), localiseFile);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();

// Progress pages of background work reload themselves while it runs (<meta name="nianbao-refresh"
// content="seconds">): a script, not an http-equiv refresh, so assistive technology is not cut off.
(function () {
  const meta = document.querySelector('meta[name="nianbao-refresh"]');
  const seconds = meta ? Number(meta.content) : 0;
  if (seconds > 0) setTimeout(function () { window.location.reload(); }, seconds * 1000);
})();
