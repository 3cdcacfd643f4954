// Data-table entry: warn before leaving with unsaved input, and keep a local copy of unsaved
// input so a closed tab or a lost session does not lose what was typed.
(function () {
  "use strict";
  var form = document.getElementById("entry-form");
  if (!form || !form.querySelector("[name^='v_']")) return;
  var key = form.dataset.draftKey;
  var note = document.getElementById("dirty-note");
  var dirty = false;
  var fields = function () { return form.querySelectorAll("[name^='v_'], [name^='n_']"); };

  function snapshot() {
    var data = {};
    fields().forEach(function (el) { if (el.value !== el.defaultValue || el.tagName === "SELECT") data[el.name] = el.value; });
    return data;
  }
  function markDirty() {
    dirty = true;
    if (note) note.hidden = false;
    try { localStorage.setItem(key, JSON.stringify(snapshot())); } catch (e) { /* storage full or disabled */ }
  }
  // Restore input left unsaved for this very table version.
  try {
    var saved = JSON.parse(localStorage.getItem(key) || "null");
    if (saved && !document.querySelector(".has-error, .conflict")) {
      var restored = 0;
      Object.keys(saved).forEach(function (name) {
        var el = form.elements[name];
        if (el && el.value !== saved[name]) { el.value = saved[name]; restored++; }
      });
      if (restored) {
        dirty = true;
        if (note) { note.hidden = false; note.textContent = "已恢复 " + restored + " 项上次未保存的输入，请检查后保存"; }
      }
    }
  } catch (e) { /* ignore a corrupt draft */ }
  form.addEventListener("input", markDirty);
  form.addEventListener("change", markDirty);
  form.addEventListener("submit", function () {
    dirty = false;
    try { localStorage.removeItem(key); } catch (e) { /* ignore */ }
  });
  window.addEventListener("beforeunload", function (event) {
    if (!dirty) return;
    event.preventDefault();
    event.returnValue = "";
  });
})();
