/* Console behaviour that needs script. Loaded from a file: the Content-Security-Policy
   allows no inline script and no inline event handler. Every page works without it; the
   script only moves focus, links error messages to their controls, folds the menu on a
   phone and makes boxes that scroll sideways reachable by keyboard. */
"use strict";

/* The language switcher returns to the page shown now, which HTMX may have changed
   (hx-push-url) since the server rendered the form's `next` field. */
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (form instanceof HTMLFormElement && form.hasAttribute("data-next-from-location")) {
    form.elements.next.value = location.pathname + location.search;
  }
});

/* The first control of an element (itself when it takes focus). */
function focusTarget(el) {
  if (el.matches("input, select, textarea, button, a[href], [tabindex]")) { return el; }
  return el.querySelector("input:not([type=hidden]), select, textarea, button") || el;
}

/* After a failed submit the error summary takes the focus (it is the one announcement:
   role=alert), and each of its links moves the focus to the control at fault. */
function focusErrorSummary(root) {
  var summary = root.querySelector(".error-summary");
  if (summary) {
    summary.focus();
  }
}

document.addEventListener("click", function (event) {
  var link = event.target instanceof Element && event.target.closest(".error-summary a[href^='#']");
  if (!link) { return; }
  var target = document.getElementById(decodeURIComponent(link.getAttribute("href").slice(1)));
  if (!target) { return; }
  event.preventDefault();
  var control = focusTarget(target);
  var field = target.closest(".field") || target;
  field.scrollIntoView({ block: "center" });
  control.focus({ preventScroll: true });
});

/* Screen readers read a field's error messages with the control (aria-describedby). */
function describeErrors(root) {
  root.querySelectorAll(".field--error").forEach(function (field) {
    var ids = Array.prototype.map.call(field.querySelectorAll(".error[id]"), function (e) { return e.id; });
    if (!ids.length) { return; }
    var controls = field.tagName === "FIELDSET" ? [field] : field.querySelectorAll("input, select, textarea");
    controls.forEach(function (control) {
      var have = (control.getAttribute("aria-describedby") || "").split(/\s+/).filter(Boolean);
      ids.forEach(function (id) { if (have.indexOf(id) < 0) { have.push(id); } });
      control.setAttribute("aria-describedby", have.join(" "));
    });
  });
}

/* A table or panel wider than the screen scrolls inside its own box; such a box must be
   reachable by keyboard to be scrolled (it gets tabindex=0 and the focus ring). */
var SCROLLERS = ".table, .panel, .scroll, .table-scroll, pre";
function markScrollables(root) {
  root.querySelectorAll(SCROLLERS).forEach(function (box) {
    var overflowX = getComputedStyle(box).overflowX;
    var scrolls = (overflowX === "auto" || overflowX === "scroll") && box.scrollWidth > box.clientWidth + 1;
    if (scrolls && !box.hasAttribute("tabindex")) {
      box.setAttribute("tabindex", "0");
      box.setAttribute("data-scroll-focus", "");
    } else if (!scrolls && box.hasAttribute("data-scroll-focus")) {
      box.removeAttribute("tabindex");
      box.removeAttribute("data-scroll-focus");
    }
  });
}

/* A select whose longest choice does not fit its grid column takes the whole row, so the
   chosen text is not cut off. */
function widenSelects(root) {
  var ruler = document.createElement("canvas").getContext("2d");
  root.querySelectorAll(".form .grid > .field select").forEach(function (select) {
    ruler.font = getComputedStyle(select).font;
    var widest = 0;
    Array.prototype.forEach.call(select.options, function (option) {
      widest = Math.max(widest, ruler.measureText(option.text).width);
    });
    if (widest + 48 > select.clientWidth) {
      select.closest(".field").classList.add("field--wide");
    }
  });
}

/* The main menu folds behind a button on a narrow screen (CSS decides when). */
function setUpMenu() {
  var toggle = document.querySelector(".nav-toggle");
  var header = document.querySelector(".top");
  if (!toggle || !header) { return; }
  header.classList.add("top--foldable");
  toggle.hidden = false;
  toggle.addEventListener("click", function () {
    var open = toggle.getAttribute("aria-expanded") !== "true";
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
    header.classList.toggle("top--open", open);
  });
}

function ready() {
  setUpMenu();
  describeErrors(document);
  widenSelects(document);
  markScrollables(document);
  focusErrorSummary(document);
}

if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", ready);
} else {
  ready();
}

document.addEventListener("htmx:afterSettle", function (event) {
  var root = event.detail && event.detail.elt instanceof Element ? event.detail.elt : document;
  describeErrors(root);
  markScrollables(document);
  focusErrorSummary(root);
});

var resizeTimer = null;
window.addEventListener("resize", function () {
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(function () { markScrollables(document); }, 150);
});
