// Writing aids: "插入引用" puts [[fig:key]] at the cursor of the section being written, and the
// chart form previews the picked indicators with the report's own values.
(function () {
  "use strict";
  document.addEventListener("click", function (ev) {
    var button = ev.target.closest("[data-ref-insert]");
    if (!button) return;
    var select = document.getElementById(button.dataset.refInsert);
    var area = select && document.getElementById(select.dataset.refTarget);
    if (!area || !select.value) { if (select) select.focus(); return; }
    var start = area.selectionStart, end = area.selectionEnd;
    area.value = area.value.slice(0, start) + select.value + area.value.slice(end);
    area.focus();
    area.selectionStart = area.selectionEnd = start + select.value.length;
    area.dispatchEvent(new Event("input", { bubbles: true }));  // autosave sees the change
  });

  function preview(select) {
    var box = select.form.querySelector("[data-chart-preview]");
    var picked = Array.prototype.filter.call(select.options, function (o) { return o.selected; });
    box.textContent = "";
    if (!picked.length) {
      var p = document.createElement("p"); p.className = "muted";
      p.textContent = "选择指标后，这里显示按本单位数据生成的预览。"; box.appendChild(p); return;
    }
    var numbers = picked.map(function (o) { return o.dataset.value === "" ? null : Math.abs(parseFloat(o.dataset.value)); });
    var top = Math.max.apply(null, numbers.map(function (n) { return n || 0; })) || 1;
    var head = document.createElement("p"); head.className = "muted";
    head.textContent = "预览（按本单位当前数据）"; box.appendChild(head);
    picked.forEach(function (o, i) {
      var row = document.createElement("div"); row.className = "bar-row";
      var label = document.createElement("span"); label.className = "bar-label"; label.textContent = o.textContent;
      var track = document.createElement("span"); track.className = "bar-track";
      var bar = document.createElement("span"); bar.className = "bar";
      bar.style.width = (numbers[i] === null ? 0 : numbers[i] / top * 100) + "%";
      track.appendChild(bar);
      var value = document.createElement("span"); value.className = "bar-value";
      value.textContent = numbers[i] === null ? "未填" : o.dataset.value;
      row.appendChild(label); row.appendChild(track); row.appendChild(value); box.appendChild(row);
    });
  }
  document.querySelectorAll("select[data-chart-source]").forEach(function (select) {
    select.addEventListener("change", function () { preview(select); });
  });
})();
