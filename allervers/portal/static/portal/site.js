// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";

  // Marianne once the page has loaded (see site.css), its three weights added together: one re-layout.
  var fontFiles = document.body.getAttribute("data-polices");
  if (fontFiles && "FontFace" in window && document.fonts) {
    window.addEventListener("load", function () {
      var weights = ["400", "500", "700"];
      var faces = fontFiles.split(" ").map(function (url, index) {
        return new FontFace("Marianne chargée", "url(" + url + ") format(\"woff2\")", { weight: weights[index] });
      });
      Promise.all(faces.map(function (face) { return face.load(); }))
        .then(function (loaded) { loaded.forEach(function (face) { document.fonts.add(face); }); })
        .catch(function () {});
    });
  }

  // Quick exit: replace this history entry so "back" does not return here.
  function quickExit(event) {
    var link = document.getElementById("quick-exit");
    if (!link) return;
    if (event) event.preventDefault();
    document.body.style.display = "none";
    window.location.replace(link.href);
  }
  var exitLink = document.getElementById("quick-exit");
  if (exitLink) exitLink.addEventListener("click", quickExit);
  var lastEscape = 0;
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var now = Date.now();
    if (now - lastEscape < 1000) quickExit(null);
    lastEscape = now;
  });

  // Commune autocomplete: suggestions from the public API in a native datalist.
  var input = document.getElementById("id_commune");
  var codeField = document.getElementById("id_code_commune");
  var list = document.getElementById("communes-suggestions");
  if (input && list) {
    var timer = null;
    var byLabel = {};
    input.addEventListener("input", function () {
      if (codeField) codeField.value = byLabel[input.value] || "";
      var text = input.value.trim();
      if (text.length < 2 || byLabel[input.value]) return;
      clearTimeout(timer);
      timer = setTimeout(function () {
        fetch("/api/v1/communes?q=" + encodeURIComponent(text), { credentials: "omit" })
          .then(function (response) { return response.ok ? response.json() : []; })
          .then(function (items) {
            list.textContent = "";
            byLabel = {};
            items.forEach(function (item) {
              var option = document.createElement("option");
              option.value = item.label;
              byLabel[item.label] = item.code_commune;
              list.appendChild(option);
            });
          })
          .catch(function () {});
      }, 150);
    });
  }

  // Offline: the service worker keeps the emergency numbers and the last pages read (see portal/sw.js).
  var worker = document.body.getAttribute("data-service-worker");
  if (worker && "serviceWorker" in navigator) {
    window.addEventListener("load", function () {
      // The page that installs the worker was fetched before it ran: once the worker is ready, it is asked to keep
      // this page too, so that a page read once (a help page opened from a QR code) opens later without network.
      var firstVisit = !navigator.serviceWorker.controller;
      navigator.serviceWorker.register(worker).then(function () {
        return navigator.serviceWorker.ready;
      }).then(function (registration) {
        if (firstVisit && registration.active) {
          registration.active.postMessage({ keep: location.pathname + location.search });
        }
      }).catch(function () {});
    });
  }
  var offlineNotice = document.getElementById("hors-ligne");
  function showConnection() {
    if (offlineNotice) offlineNotice.hidden = navigator.onLine;
  }
  window.addEventListener("online", showConnection);
  window.addEventListener("offline", showConnection);
  showConnection();

  // "Autour de moi": the browser's position, sent as two hidden fields.
  var locate = document.getElementById("locate-me");
  if (locate && navigator.geolocation) {
    locate.hidden = false;
    locate.addEventListener("click", function () {
      var status = document.getElementById("locate-status");
      status.textContent = "Recherche de votre position…";
      navigator.geolocation.getCurrentPosition(function (position) {
        document.getElementById("id_lat").value = position.coords.latitude.toFixed(5);
        document.getElementById("id_lon").value = position.coords.longitude.toFixed(5);
        input.value = "";
        if (codeField) codeField.value = "";
        locate.form.submit();
      }, function () {
        status.textContent = "Votre position n'est pas disponible. Tapez le nom de votre commune.";
      }, { timeout: 10000, maximumAge: 600000 });
    });
  }
})();
