/* Console behaviour that needs script. Loaded from a file: the Content-Security-Policy
   allows no inline script and no inline event handler. */
"use strict";

/* The language switcher returns to the page shown now, which HTMX may have changed
   (hx-push-url) since the server rendered the form's `next` field. */
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (form instanceof HTMLFormElement && form.hasAttribute("data-next-from-location")) {
    form.elements.next.value = location.pathname + location.search;
  }
});
