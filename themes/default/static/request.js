// The request form without a page reload: sends it as JSON, shows each problem next to
// its field, moves focus to the first one, and keeps everything typed. Without this
// script the form posts as usual and the server answers with a page.
(function () {
  "use strict";
  var form = document.getElementById("request-form");
  if (!form || !window.fetch || !window.FormData) return;
  var button = form.querySelector("button[type=submit]");
  var sending = false;

  function fieldOf(name) {
    return document.getElementById("f-" + name);
  }

  function clearErrors() {
    var old = document.getElementById("error-summary");
    if (old) old.parentNode.removeChild(old);
    Array.prototype.forEach.call(form.querySelectorAll(".error"), function (p) { p.textContent = ""; });
    Array.prototype.forEach.call(form.querySelectorAll("[aria-invalid]"), function (el) { el.removeAttribute("aria-invalid"); });
    Array.prototype.forEach.call(form.querySelectorAll(".has-error"), function (el) { el.classList.remove("has-error"); });
  }

  function showErrors(title, errors) {
    clearErrors();
    var summary = document.createElement("div");
    summary.className = "error-summary";
    summary.id = "error-summary";
    summary.tabIndex = -1;
    var heading = document.createElement("h2");
    heading.textContent = title;
    summary.appendChild(heading);
    var list = document.createElement("ul");
    errors.forEach(function (e) {
      var item = document.createElement("li");
      var input = e.field && fieldOf(e.field);
      if (input) {
        var link = document.createElement("a");
        link.href = "#f-" + e.field;
        link.textContent = e.message;
        item.appendChild(link);
        var note = document.getElementById("f-" + e.field + "-error");
        if (note) note.textContent = e.message;
        var group = input.closest("fieldset") || input;
        group.setAttribute("aria-invalid", "true");
        var wrapper = input.closest(".field");
        if (wrapper) wrapper.classList.add("has-error");
      } else {
        item.textContent = e.message;
      }
      list.appendChild(item);
    });
    summary.appendChild(list);
    form.parentNode.insertBefore(summary, form);
    var first = errors.length && errors[0].field && fieldOf(errors[0].field);
    (first || summary).focus();
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (sending) return; // a second click while the first is on its way
    sending = true;
    button.setAttribute("aria-disabled", "true");
    var data = {};
    new FormData(form).forEach(function (value, name) {
      if (Object.prototype.hasOwnProperty.call(data, name)) {
        data[name] = [].concat(data[name], value);
      } else {
        data[name] = value;
      }
    });
    fetch(form.action, {
      method: "POST",
      headers: { "Content-Type": "application/json", "Accept": "application/json" },
      body: JSON.stringify(data),
      credentials: "same-origin"
    })
      .then(function (response) {
        return response.json().then(function (body) { return { status: response.status, body: body }; });
      })
      .then(function (result) {
        if (result.status === 201 && result.body.thanks_url) {
          window.location.assign(result.body.thanks_url);
          return;
        }
        var errors = result.body.errors || [{ message: result.body.message }];
        showErrors(result.body.message || "", errors);
      })
      .catch(function () {
        // The script could not finish: send the form the plain way.
        HTMLFormElement.prototype.submit.call(form);
      })
      .then(function () {
        sending = false;
        button.removeAttribute("aria-disabled");
      });
  });
})();
