// The sign-in page: email + password → tokens in this tab → the page asked for, or the person's start page.
import { ApiError, homeFor, session, showError, signIn } from "/static/app.js";

const form = document.getElementById("login-form");
const errors = document.getElementById("login-error");
const submit = document.getElementById("login-submit");

function nextPage(user) {
  const next = new URLSearchParams(location.search).get("next");
  // Only same-site paths: never bounce a person to another site after signing in.
  if (next && next.startsWith("/") && !next.startsWith("//") && !next.startsWith("/login")) return next;
  return homeFor(user);
}

const existing = session.get();
if (existing?.access_token && existing.user) location.replace(nextPage(existing.user));

form.addEventListener("submit", async (ev) => {
  ev.preventDefault();
  errors.replaceChildren();
  const email = form.email.value.trim();
  const password = form.password.value;
  if (!email || !password) {
    showError(errors, new ApiError(0, "missing_fields", "Enter your email and password."));
    return;
  }
  submit.disabled = true;
  submit.textContent = "Signing in…";
  try {
    const user = await signIn(email, password);
    location.assign(nextPage(user));
  } catch (err) {
    showError(errors, err, { testid: "login-error" });
    form.password.select();
  } finally {
    submit.disabled = false;
    submit.textContent = "Sign in";
  }
});
