// Swagger UI has no translations: its fixed labels are replaced with Spanish ones as it
// draws them. Only whole labels are replaced, never text that comes from the schema.
(function () {
  "use strict";
  var LABELS = {
    "Authorize": "Autorizar", "Authorized": "Autorizado", "Available authorizations": "Autorizaciones disponibles",
    "Logout": "Cerrar sesión", "Close": "Cerrar", "Try it out": "Probar", "Execute": "Ejecutar",
    "Cancel": "Cancelar", "Clear": "Limpiar", "Parameters": "Parámetros", "No parameters": "Sin parámetros",
    "Request body": "Cuerpo de la solicitud", "Responses": "Respuestas", "Response body": "Cuerpo de la respuesta",
    "Response headers": "Encabezados de la respuesta", "Server response": "Respuesta del servidor",
    "Request URL": "URL de la solicitud", "Description": "Descripción", "Code": "Código", "Links": "Enlaces",
    "No links": "Sin enlaces", "Schemas": "Esquemas", "Schema": "Esquema", "Example Value": "Ejemplo",
    "Media type": "Tipo de contenido", "Details": "Detalles", "Download": "Descargar", "Name": "Nombre",
    "required": "obligatorio", "Value:": "Valor:", "Filter by tag": "Filtrar por grupo",
    "Loading...": "Cargando…", "Servers": "Servidores", "Undocumented": "Sin documentar",
    "Controls Accept header.": "Define el encabezado Accept.", "Copy to clipboard": "Copiar",
  };
  function translate(root) {
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    var node;
    while ((node = walker.nextNode())) {
      var text = node.nodeValue.trim();
      if (text && Object.prototype.hasOwnProperty.call(LABELS, text)) {
        node.nodeValue = node.nodeValue.replace(text, LABELS[text]);
      }
    }
    root.querySelectorAll && root.querySelectorAll("[aria-label],[title],[placeholder]").forEach(function (el) {
      ["aria-label", "title", "placeholder"].forEach(function (name) {
        var value = el.getAttribute(name);
        if (value && LABELS[value.trim()]) { el.setAttribute(name, LABELS[value.trim()]); }
      });
    });
  }
  var target = document.getElementById("swagger-ui");
  if (!target || !window.MutationObserver) { return; }
  new MutationObserver(function (changes) {
    changes.forEach(function (change) {
      change.addedNodes.forEach(function (added) {
        translate(added.nodeType === 1 ? added : added.parentNode || target);
      });
      if (change.type === "characterData" && change.target.parentNode) { translate(change.target.parentNode); }
    });
  }).observe(target, { childList: true, subtree: true, characterData: true });
  translate(target);
})();
