// Polls an import's status and moves the progress bar until the import is finished.
(function () {
  "use strict";
  var box = document.getElementById("import-status");
  if (!box) { return; }
  var done = { imported: true, refused: true, failed: true };
  function field(name) { return box.querySelector('[data-field="' + name + '"]'); }
  function poll() {
    fetch(box.dataset.statusUrl, { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (s) {
        field("status").textContent = s.status;
        if (s.total) { field("bar").value = Math.min(100, Math.round(100 * s.bytes / s.total)); }
        if (done[s.status]) {
          field("bar").value = 100;
          window.location.reload();
          return;
        }
        field("message").textContent = "Reading… " + (s.total ? Math.round(100 * s.bytes / s.total) + "%" : "");
        window.setTimeout(poll, 1000);
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  if (!done[box.dataset.status]) { poll(); }
})();
