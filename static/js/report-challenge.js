// The report form's anti-spam challenge (ALTCHA scheme, advisories/reports/challenge.py): find
// the number n with SHA-256(salt + n) = challenge, then put the signed answer in the hidden
// "altcha" field. No cookie, no third party. Without JavaScript the form still posts (the
// server then takes fewer reports from the same client).
(function () {
  "use strict";
  const form = document.querySelector("form[data-challenge]");
  if (!form || !window.crypto || !window.crypto.subtle) return;
  const field = form.querySelector("input[name=altcha]");
  const status = form.querySelector("[data-challenge-status]");
  const challenge = JSON.parse(form.dataset.challenge);
  const encoder = new TextEncoder();
  let solved = null;

  function hex(buffer) {
    return Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, "0")).join("");
  }

  async function solve() {
    for (let n = 0; n <= challenge.maxnumber; n++) {
      const digest = await crypto.subtle.digest("SHA-256", encoder.encode(challenge.salt + n));
      if (hex(digest) === challenge.challenge) return n;
    }
    return null;
  }

  const work = solve().then((number) => {
    if (number === null) return;
    solved = btoa(JSON.stringify({
      algorithm: challenge.algorithm,
      challenge: challenge.challenge,
      number: number,
      salt: challenge.salt,
      signature: challenge.signature,
    }));
    field.value = solved;
  });

  form.addEventListener("submit", (event) => {
    if (solved) return;
    event.preventDefault();
    if (status) {
      status.hidden = false;
      status.textContent = document.documentElement.lang === "en"
        ? "Checking that this is not spam…" : "Đang kiểm tra chống spam…";
    }
    work.then(() => form.submit());
  });
})();
