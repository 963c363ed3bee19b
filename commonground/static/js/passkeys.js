// Passkeys (WebAuthn) on the sign-in security pages.
//
// A form marked data-passkey="create" (add a passkey) or data-passkey="get" (use one at the
// second-factor page) is enhanced: on submit it posts its own fields to its data-options-url for a
// fresh challenge (JSON), hands that to the browser, and posts the browser's answer in the form's
// hidden "credential" field. When anything goes wrong (no passkey support, the person cancels, the
// device refuses) the form's message says so and the page stays as it is, so the person can try
// again or use a code. The button is never disabled, so keyboard focus stays where it was.

const SAY = {
  unsupported: "This browser cannot use passkeys. Try another browser, or use a code instead.",
  waiting: "Follow your browser's steps to use your passkey.",
  cancelled: "No passkey was used: it was cancelled or took too long. Try again when you are ready.",
  exists: "This device already holds a passkey for your account.",
  address: "This browser will not use passkeys on this address: open Common Ground by its name.",
  server: "Common Ground did not answer. Check your connection, then try again.",
  failed: "The passkey did not work. Try again, or use a code instead.",
};

function bytesOf(text) {
  const base64 = text.replace(/-/g, "+").replace(/_/g, "/");
  const padded = base64 + "===".slice((base64.length + 3) % 4);
  return Uint8Array.from(atob(padded), (character) => character.charCodeAt(0));
}

function textOf(buffer) {
  let binary = "";
  for (const byte of new Uint8Array(buffer)) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function withIds(descriptors) {
  return (descriptors || []).map((descriptor) => ({ ...descriptor, id: bytesOf(descriptor.id) }));
}

// The server sends binary values as base64url text (the WebAuthn JSON encoding); the browser wants bytes.
function creationOptions(json) {
  const options = json.publicKey;
  return {
    publicKey: {
      ...options,
      challenge: bytesOf(options.challenge),
      user: { ...options.user, id: bytesOf(options.user.id) },
      excludeCredentials: withIds(options.excludeCredentials),
    },
  };
}

function requestOptions(json) {
  const options = json.publicKey;
  return {
    publicKey: {
      ...options,
      challenge: bytesOf(options.challenge),
      allowCredentials: withIds(options.allowCredentials),
    },
  };
}

function answerOf(credential) {
  const response = credential.response;
  const answer = { clientDataJSON: textOf(response.clientDataJSON) };
  if (response.attestationObject) {
    answer.attestationObject = textOf(response.attestationObject);
    if (typeof response.getTransports === "function") answer.transports = response.getTransports();
  } else {
    answer.authenticatorData = textOf(response.authenticatorData);
    answer.signature = textOf(response.signature);
    answer.userHandle = response.userHandle ? textOf(response.userHandle) : null;
  }
  return {
    id: credential.id,
    rawId: textOf(credential.rawId),
    type: credential.type,
    response: answer,
    authenticatorAttachment: credential.authenticatorAttachment || undefined,
    clientExtensionResults: credential.getClientExtensionResults(),
  };
}

class Refused extends Error {}

function said(error) {
  if (error instanceof Refused) return error.message;
  switch (error && error.name) {
    case "NotAllowedError":
    case "AbortError":
      return SAY.cancelled;
    case "InvalidStateError":
      return SAY.exists;
    case "SecurityError":
      return SAY.address;
    default:
      return SAY.failed;
  }
}

function supported() {
  return Boolean(window.PublicKeyCredential && navigator.credentials && navigator.credentials.create);
}

async function optionsFor(form) {
  let response;
  try {
    response = await fetch(form.dataset.optionsUrl, {
      method: "POST",
      body: new FormData(form),
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    });
  } catch {
    throw new Refused(SAY.server);
  }
  const type = response.headers.get("Content-Type") || "";
  const json = type.includes("application/json") ? await response.json() : null;
  if (!json) throw new Refused(SAY.server);
  if (!response.ok) {
    const refused = new Refused(json.error || SAY.failed);
    refused.field = json.field;
    throw refused;
  }
  return json;
}

function enhance(form) {
  const kind = form.dataset.passkey;
  const message = form.querySelector("[data-passkey-message]");
  const button = form.querySelector("[data-passkey-button]");
  let busy = false;

  function say(text, { problem = false } = {}) {
    message.textContent = text;
    message.classList.toggle("nhsuk-error-message", problem);
  }

  if (!supported()) say(SAY.unsupported, { problem: true });

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (busy) return;
    if (!supported()) {
      say(SAY.unsupported, { problem: true });
      return;
    }
    busy = true;
    button.setAttribute("aria-disabled", "true");
    try {
      const json = await optionsFor(form);
      say(SAY.waiting);
      const credential =
        kind === "create"
          ? await navigator.credentials.create(creationOptions(json))
          : await navigator.credentials.get(requestOptions(json));
      if (!credential) throw new Refused(SAY.cancelled);
      form.elements.namedItem("credential").value = JSON.stringify(answerOf(credential));
      say("");
      form.submit(); // a plain post, as without this script: the page that answers says what happened
    } catch (error) {
      say(said(error), { problem: true });
      const field = error instanceof Refused && error.field && form.elements.namedItem(error.field);
      if (field) field.focus();
      busy = false;
      button.removeAttribute("aria-disabled");
    }
  });

  // Coming back to the page from the browser's history shows it as it was left: ready again.
  window.addEventListener("pageshow", (event) => {
    if (!event.persisted) return;
    busy = false;
    button.removeAttribute("aria-disabled");
    say(supported() ? "" : SAY.unsupported, { problem: !supported() });
  });
}

document.querySelectorAll("form[data-passkey]").forEach(enhance);
