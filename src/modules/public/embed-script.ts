import { formFieldsHtml } from '../forms/form-html.js';
import type { FormRow } from '../forms/forms.repo.js';

/**
 * The script embed: renders the form into `<div data-rapport-form="ID">` and submits it as JSON
 * to the hosted endpoint (CORS), showing the answer in a live region. The form's HTML is built
 * server-side (escaped) and carried as a JSON string; answers are shown with textContent only.
 */
export function embedScript(form: FormRow, action: string): string {
  return `(function () {
  var html = ${JSON.stringify(formFieldsHtml(form, false))};
  var action = ${JSON.stringify(action)};
  var hosts = document.querySelectorAll('[data-rapport-form="${form.id}"]');
  Array.prototype.forEach.call(hosts, function (host) {
    if (host.getAttribute('data-rapport-ready')) return;
    host.setAttribute('data-rapport-ready', '1');
    var f = document.createElement('form');
    f.innerHTML = html;
    var out = document.createElement('p');
    out.setAttribute('role', 'status');
    host.appendChild(f);
    host.appendChild(out);
    f.addEventListener('submit', function (e) {
      e.preventDefault();
      var body = {};
      Array.prototype.forEach.call(f.elements, function (el) { if (el.name) body[el.name] = el.value; });
      var button = f.querySelector('button');
      if (button) button.disabled = true;
      fetch(action, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
        .then(function (r) { return r.json().then(function (j) { return { ok: r.ok, j: j }; }); })
        .then(function (r) {
          out.textContent = r.ok ? r.j.message : (r.j.error && r.j.error.message) || 'Something went wrong';
          if (r.ok) f.style.display = 'none';
        })
        .catch(function () { out.textContent = 'Something went wrong; please try again.'; })
        .then(function () { if (button) button.disabled = false; });
    });
  });
})();
`;
}
