// Draw an area on a page preview: the drag becomes a line of «Áreas a retirar»
// (page; x0; y0; x1; y1; ground) in PDF points, the same text a reviewer may type.
(function () {
  "use strict";
  var textarea = document.getElementById("extra_areas");
  var groundSelect = document.getElementById("draw-ground");
  if (!textarea) { return; }

  function pointer(img, event) {
    var rect = img.getBoundingClientRect();
    return [Math.max(0, Math.min(event.clientX - rect.left, rect.width)),
            Math.max(0, Math.min(event.clientY - rect.top, rect.height))];
  }

  document.querySelectorAll("img[data-page]").forEach(function (img) {
    var start = null;
    var box = null;
    img.parentElement.style.position = "relative";
    img.addEventListener("mousedown", function (event) {
      event.preventDefault();
      start = pointer(img, event);
      box = document.createElement("div");
      box.className = "draw-box";
      img.parentElement.appendChild(box);
    });
    window.addEventListener("mousemove", function (event) {
      if (!start) { return; }
      var at = pointer(img, event);
      box.style.left = (img.offsetLeft + Math.min(at[0], start[0])) + "px";
      box.style.top = (img.offsetTop + Math.min(at[1], start[1])) + "px";
      box.style.width = Math.abs(at[0] - start[0]) + "px";
      box.style.height = Math.abs(at[1] - start[1]) + "px";
    });
    window.addEventListener("mouseup", function (event) {
      if (!start) { return; }
      var at = pointer(img, event);
      var rect = img.getBoundingClientRect();
      // Preview pixels → PDF points: undo the CSS scaling, then the render zoom.
      var scale = img.naturalWidth / rect.width / parseFloat(img.dataset.zoom);
      var x0 = Math.min(at[0], start[0]) * scale, x1 = Math.max(at[0], start[0]) * scale;
      var y0 = Math.min(at[1], start[1]) * scale, y1 = Math.max(at[1], start[1]) * scale;
      start = null;
      if (x1 - x0 < 2 || y1 - y0 < 2) { box.remove(); return; }
      var line = [img.dataset.page, x0.toFixed(1), y0.toFixed(1), x1.toFixed(1), y1.toFixed(1),
                  groundSelect ? groundSelect.value : "seguridad_publica"].join("; ");
      textarea.value = (textarea.value.trim() ? textarea.value.trim() + "\n" : "") + line;
    });
  });
}());
