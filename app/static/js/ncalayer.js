/* Signing a protocol with NCALayer, the national signing client on the member's computer.
   1. POST prepare -> {request_id, data}: the bytes of the protocol's next revision to sign (base64).
   2. NCALayer (wss://127.0.0.1:13579, module kz.gov.pki.knca.basics) signs them: a detached CMS.
   3. POST complete {request_id, cms} -> the server verifies the signature and embeds it. */
(function () {
  "use strict";
  var button = document.getElementById("sign-ncalayer");
  if (!button) { return; }
  var errorBox = document.getElementById("sign-error");

  function showError(text) {
    errorBox.textContent = text;
    errorBox.hidden = false;
    button.disabled = false;
  }

  function post(url, fields) {
    var body = new URLSearchParams(fields);
    body.append("csrf_token", button.dataset.csrf);
    return fetch(url, { method: "POST", body: body, credentials: "same-origin",
                        headers: { "X-CSRFToken": button.dataset.csrf } })
      .then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (json) {
          if (!response.ok) { throw new Error(json.message || button.dataset.msgFailed); }
          return json;
        });
      });
  }

  function signWithNcaLayer(dataBase64) {
    return new Promise(function (resolve, reject) {
      var socket;
      try { socket = new WebSocket(button.dataset.ncalayer); } catch (e) { reject(new Error(button.dataset.msgNoclient)); return; }
      var answered = false;
      socket.onerror = function () { if (!answered) { reject(new Error(button.dataset.msgNoclient)); } };
      socket.onopen = function () {
        socket.send(JSON.stringify({
          module: "kz.gov.pki.knca.basics", method: "sign",
          args: { allowedStorages: ["PKCS12", "AKKaztokenStore", "AKKZIDCardStore", "AKEToken72KStore", "AKJaCartaStore"],
                  format: "cms", data: dataBase64,
                  signingParams: { decode: true, encapsulate: false, digested: false },
                  signerParams: { extKeyUsageOids: ["1.3.6.1.5.5.7.3.4"] },
                  locale: document.documentElement.lang === "kk" ? "kk" : document.documentElement.lang === "ru" ? "ru" : "en" }
        }));
      };
      socket.onmessage = function (event) {
        var reply;
        try { reply = JSON.parse(event.data); } catch (e) { return; }
        if (!("status" in reply)) { return; } // the greeting with NCALayer's version
        answered = true;
        socket.close();
        if (reply.status !== true || !reply.body || !reply.body.result) {
          reject(new Error(button.dataset.msgCancelled));
          return;
        }
        var result = reply.body.result;
        resolve(Array.isArray(result) ? result[0] : result);
      };
    });
  }

  button.addEventListener("click", function () {
    button.disabled = true;
    errorBox.hidden = true;
    var requestId;
    post(button.dataset.prepare, {})
      .then(function (prepared) { requestId = prepared.request_id; return signWithNcaLayer(prepared.data); })
      .then(function (cms) { return post(button.dataset.complete, { request_id: requestId, cms: cms }); })
      .then(function (done) { window.location.assign(done.redirect); })
      .catch(function (error) { showError(error.message); });
  });
}());
