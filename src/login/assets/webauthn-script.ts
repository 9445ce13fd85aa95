/**
 * The login's WebAuthn script, served as a file (the pages' CSP runs no inline script). It drives
 * every `form[data-webauthn]`: the form's `data-options` are the server's options JSON, or
 * `data-options-url` is where the script asks for them (a same-origin JSON POST with the form's
 * CSRF token), so that the page's GET issues no challenge; the ceremony's result goes into the
 * form's `credential` field and the form is posted, so the server answers with a page or a
 * redirect as for any other step. `data-webauthn="register"` creates a credential,
 * `"authenticate"` asks for one; `data-autofill` also offers passkeys in the username field's
 * autofill (conditional UI). The forms are hidden until this script finds WebAuthn, so a browser
 * without JavaScript or WebAuthn never shows a button that cannot work.
 */
export const WEBAUTHN_SCRIPT = `(function () {
  'use strict';
  var W = window.SimpleWebAuthnBrowser;
  if (!W || !W.browserSupportsWebAuthn()) return;
  function post(form, credential) {
    form.querySelector('input[name="credential"]').value = JSON.stringify(credential);
    form.submit();
  }
  function report(form, error) {
    var out = form.querySelector('[data-webauthn-error]');
    if (!out) return;
    out.textContent = error && error.name === 'NotAllowedError'
      ? 'The request was cancelled or timed out. Try again.'
      : 'Your browser could not complete this step. Try again, or use another way.';
    out.hidden = false;
  }
  // The options of a form: inline, or asked for once (one challenge, for the autofill and the button alike).
  function optionsOf(form) {
    var url = form.getAttribute('data-options-url');
    if (!url) return Promise.resolve(JSON.parse(form.getAttribute('data-options')));
    return fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ _csrf: form.querySelector('input[name="_csrf"]').value })
    }).then(function (response) {
      if (!response.ok) throw new Error('options: HTTP ' + response.status);
      return response.json();
    });
  }
  document.querySelectorAll('form[data-webauthn]').forEach(function (form) {
    var register = form.getAttribute('data-webauthn') === 'register';
    var options = optionsOf(form);
    // Shown at once, as the page loads, not when the options arrive: a form appearing later moves
    // the page under the pointer of someone about to press another button.
    form.hidden = false;
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      options.then(function (optionsJSON) {
        return register ? W.startRegistration({ optionsJSON: optionsJSON }) : W.startAuthentication({ optionsJSON: optionsJSON });
      }).then(function (credential) { post(form, credential); }, function (error) { report(form, error); });
    });
    if (form.hasAttribute('data-autofill')) {
      Promise.all([options, W.browserSupportsWebAuthnAutofill()]).then(function (found) {
        if (!found[1]) return;
        // Settles only when a passkey is picked from the autofill; the button's ceremony aborts it.
        W.startAuthentication({ optionsJSON: found[0], useBrowserAutofill: true }).then(function (credential) { post(form, credential); }, function () {});
      }, function () {});
    }
  });
})();
`;
