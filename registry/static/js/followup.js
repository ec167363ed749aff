/* Follow-up pages: draw the rate charts embedded as plotly JSON in data-figure attributes (the content security
   policy forbids inline scripts), and tick or untick every patient of the due list at once. */
(function () {
  "use strict";

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll(".plot[data-figure]"), function (el) {
      if (!window.Plotly) { return; }
      var figure = JSON.parse(el.getAttribute("data-figure"));
      window.Plotly.newPlot(el, figure.data, figure.layout, { responsive: true, displaylogo: false })
        .then(function () { el.setAttribute("data-drawn", "yes"); });
    });
    Array.prototype.forEach.call(document.querySelectorAll("input.check-all"), function (all) {
      all.addEventListener("change", function () {
        var form = all.form;
        Array.prototype.forEach.call(form.querySelectorAll("input[name=patient_id]"), function (box) {
          box.checked = all.checked;
        });
      });
    });
  });
}());
