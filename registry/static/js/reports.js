/* Reports: draw every figure embedded as JSON in a data-figure attribute with the plotly.js served from
   static/vendor (the content security policy forbids inline scripts and CDNs), and wire the PNG buttons. */
(function () {
  "use strict";

  function draw(el) {
    var figure = JSON.parse(el.getAttribute("data-figure"));
    var config = {
      responsive: true,
      displaylogo: false,
      toImageButtonOptions: { format: "png", filename: el.getAttribute("data-filename") || "report", scale: 2 }
    };
    return window.Plotly.newPlot(el, figure.data, figure.layout, config);
  }

  function downloadPng(button) {
    var target = document.getElementById(button.getAttribute("data-target"));
    if (target) {
      window.Plotly.downloadImage(target, { format: "png", filename: button.getAttribute("data-filename") || "report",
                                            width: target.clientWidth || 900, height: target.clientHeight || 450 });
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    var plots = document.querySelectorAll(".plot[data-figure]");
    Array.prototype.forEach.call(plots, function (el) {
      draw(el).then(function () { el.setAttribute("data-drawn", "yes"); });
    });
    Array.prototype.forEach.call(document.querySelectorAll(".png-download"), function (button) {
      button.addEventListener("click", function () { downloadPng(button); });
    });
  });
}());
