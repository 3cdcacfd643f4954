// In-platform writing: autosave of sections (with a browser-side copy so nothing typed is lost
// on navigation or a lost connection), live 字数 for cases, drafts of new items, confirmations.
(function () {
  "use strict";
  var AUTOSAVE_MS = 3000;
  function csrf(form) { return form.querySelector("input[name=csrfmiddlewaretoken]").value; }
  function count(text) { return text.replace(/\s+/g, "").length; }
  var NUMBER = /\d|[一二三四五六七八九十百千万亿两]+(个|名|人|项|家|所|门|次|万|亿|%|％|倍|年|届|期|篇|本|套)/;

  function autosave(form) {
    var id = form.querySelector("input[name=section_id]").value;
    var key = "nianbao-section-" + id;
    var state = form.querySelector(".save-state");
    var version = form.querySelector("input[name=version]");
    var timer = null, dirty = false, saving = false;
    var stored = localStorage.getItem(key);
    if (stored) {
      try {
        var draft = JSON.parse(stored);
        if (String(draft.version) === version.value && draft.body !== form.body.value) {
          form.title.value = draft.title; form.body.value = draft.body; dirty = true;
          state.textContent = "已恢复上次未保存的内容，正在保存…";
          schedule();
        }
      } catch (e) { localStorage.removeItem(key); }
    }
    function keep() {
      localStorage.setItem(key, JSON.stringify({ version: version.value, title: form.title.value, body: form.body.value }));
    }
    function schedule() { clearTimeout(timer); timer = setTimeout(save, AUTOSAVE_MS); }
    function save() {
      if (!dirty || saving) return;
      saving = true; dirty = false; state.className = "save-state muted"; state.textContent = "正在保存…";
      var data = new FormData(form);
      fetch(form.action, { method: "POST", body: data, credentials: "same-origin",
        headers: { "X-Requested-With": "fetch", "X-CSRFToken": csrf(form) } })
        .then(function (r) { return r.json().then(function (j) { return { status: r.status, body: j }; }); })
        .then(function (res) {
          saving = false;
          if (res.body.ok) {
            version.value = res.body.version;
            if (!dirty) localStorage.removeItem(key); else keep();
            state.textContent = "已自动保存（" + res.body.chars + " 字）";
            if (dirty) schedule();
          } else {
            dirty = true; state.className = "save-state error"; state.textContent = res.body.error;
          }
        })
        .catch(function () {
          saving = false; dirty = true; state.className = "save-state error";
          state.textContent = "网络连接中断，内容已暂存在本浏览器中，恢复后将自动保存";
          timer = setTimeout(save, 10000);
        });
    }
    form.addEventListener("input", function () { dirty = true; keep(); state.textContent = "有未保存的修改"; schedule(); });
    form.addEventListener("submit", function (ev) { ev.preventDefault(); dirty = true; save(); });
    window.addEventListener("beforeunload", function (ev) { if (dirty || saving) { keep(); ev.preventDefault(); ev.returnValue = ""; } });
  }

  function drafts(form) {
    var key = "nianbao-draft-" + form.dataset.draftKey;
    var fields = form.querySelectorAll("input[name]:not([type=hidden]):not([type=file]), textarea");
    var stored = localStorage.getItem(key);
    if (stored) {
      try { var d = JSON.parse(stored); fields.forEach(function (f) { if (d[f.name] && !f.value) f.value = d[f.name]; }); } catch (e) { /* ignore */ }
    }
    form.addEventListener("input", function () {
      var d = {}; fields.forEach(function (f) { d[f.name] = f.value; }); localStorage.setItem(key, JSON.stringify(d));
    });
    // Cleared once the server accepted it: the next page load has no error message.
    if (!document.querySelector(".messages .error")) {
      var pending = sessionStorage.getItem("nianbao-submitted");
      if (pending === key) { localStorage.removeItem(key); sessionStorage.removeItem("nianbao-submitted"); fields.forEach(function (f) { f.value = ""; }); }
    }
    form.addEventListener("submit", function () { sessionStorage.setItem("nianbao-submitted", key); });
  }

  function liveCount(area) {
    var max = parseInt(area.dataset.countMax, 10);
    var out = area.parentNode.querySelector(".char-count");
    var hint = area.parentNode.querySelector(".evidence-hint");
    function update() {
      var n = count(area.value);
      out.textContent = n + "/" + max + " 字";
      out.className = "char-count " + (n > max ? "error" : "muted");
      if (hint) hint.hidden = !area.value.trim() || NUMBER.test(area.value);
    }
    area.addEventListener("input", update); update();
  }

  document.querySelectorAll("form[data-autosave]").forEach(autosave);
  document.querySelectorAll("form[data-draft-key]").forEach(drafts);
  document.querySelectorAll("textarea[data-count-max]").forEach(liveCount);
  document.querySelectorAll("form[data-confirm]").forEach(function (f) {
    f.addEventListener("submit", function (ev) { if (!confirm(f.dataset.confirm)) ev.preventDefault(); });
  });
})();
