/**
 * The login's WebAuthn script, served as a file (the pages' CSP runs no inline script). It drives
 * every `form[data-webauthn]`: the form's `data-options` are the server's options JSON; the
 * ceremony's result goes into the form's `credential` field and the form is posted, so the server
 * answers with a page or a redirect as for any other step. `data-webauthn="register"` creates a
 * credential, `"authenticate"` asks for one; `data-autofill` also offers passkeys in the username
 * field's autofill (conditional UI). The forms are hidden until this script finds WebAuthn, so a
 * browser without JavaScript or WebAuthn never shows a button that cannot work.
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
  document.querySelectorAll('form[data-webauthn]').forEach(function (form) {
    var optionsJSON = JSON.parse(form.getAttribute('data-options'));
    var register = form.getAttribute('data-webauthn') === 'register';
    form.hidden = false;
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var started = register ? W.startRegistration({ optionsJSON: optionsJSON }) : W.startAuthentication({ optionsJSON: optionsJSON });
      started.then(function (credential) { post(form, credential); }, function (error) { report(form, error); });
    });
    if (form.hasAttribute('data-autofill')) {
      W.browserSupportsWebAuthnAutofill().then(function (supported) {
        if (!supported) return;
        // Settles only when a passkey is picked from the autofill; the button's ceremony aborts it.
        W.startAuthentication({ optionsJSON: optionsJSON, useBrowserAutofill: true }).then(function (credential) { post(form, credential); }, function () {});
      });
    }
  });
})();
`;
