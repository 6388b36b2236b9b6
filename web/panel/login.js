/* The login form: POST /api/session, then this same address again (the page asked for). */
"use strict";

(() => {
  const form = K.$("#login-form");
  const error = K.$("#login-error");
  const submit = K.$("#login-submit");

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    error.hidden = true;
    const login = form.login.value.trim();
    const password = form.password.value;
    if (!login || !password) {
      error.textContent = K.t("panel.login.missing");
      error.hidden = false;
      (login ? form.password : form.login).focus();
      return;
    }
    const label = submit.textContent;
    submit.disabled = true;
    submit.textContent = K.t("panel.login.working");
    try {
      await K.api("POST", "/api/session", { login, password }, { noReload: true });
      window.location.reload();
    } catch (failure) {
      error.textContent = failure.message;
      error.hidden = false;
      form.password.select();
      form.password.focus();
    } finally {
      submit.disabled = false;
      submit.textContent = label;
    }
  });
})();
