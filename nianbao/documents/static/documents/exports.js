// Polls the status of exports still running and turns them into download links when done.
(function () {
  "use strict";
  function poll(row) {
    fetch(row.dataset.exportStatus, { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        row.querySelector(".export-state").textContent = data.label + (data.error ? "：" + data.error : "");
        if (data.download) {
          var a = document.createElement("a");
          a.href = data.download; a.textContent = "下载";
          var cell = row.querySelector(".export-link"); cell.textContent = ""; cell.appendChild(a);
        } else if (data.status === "pending" || data.status === "running") {
          setTimeout(function () { poll(row); }, 1500);
        }
      })
      .catch(function () { setTimeout(function () { poll(row); }, 5000); });
  }
  document.querySelectorAll("tr[data-export-status]").forEach(function (row) {
    if (row.dataset.status === "pending" || row.dataset.status === "running") poll(row);
  });
})();
