/*
 * The after-sales assistant's web chat widget: one script tag adds a chat bubble and a
 * panel to any page.
 *
 *   <script src="https://GATEWAY/widget.js" data-gateway="" data-lang="auto" async></script>
 *
 * data-gateway  the gateway's address (default: where this script came from)
 * data-lang     zh, en or auto (auto: the page's <html lang>, else the browser's)
 * data-title    the panel's title (default: "Customer service" in the chosen language)
 *
 * Plain JavaScript, no framework and no build step. It talks to the public conversation
 * API: messages are shown from the conversation's history and its live stream only,
 * each once, in the order of their seq. Every text is set with textContent: whatever a
 * customer, the bot or an agent writes is shown as text, never read as HTML.
 */
(function () {
  "use strict";

  var TEXTS = /* catalogue */ {};
  var script = document.currentScript;
  if (!script || window.__afterSalesWidget) {
    return;
  }
  window.__afterSalesWidget = true;

  var gateway = (script.getAttribute("data-gateway") || new URL(script.src, location.href).origin)
    .replace(/\/+$/, "");
  var API = gateway + "/api/v1/conversations";
  var STORE = "after-sales-chat:" + gateway;
  var LANG_STORE = STORE + ":lang";
  var titleOverride = script.getAttribute("data-title") || "";

  function detectLanguage() {
    var chosen = (script.getAttribute("data-lang") || "auto").toLowerCase();
    if (chosen === "zh" || chosen === "en") {
      return chosen;
    }
    var page = (document.documentElement.getAttribute("lang") || "").toLowerCase();
    if (page) {
      return page.indexOf("zh") === 0 ? "zh" : "en";
    }
    return (navigator.language || "").toLowerCase().indexOf("zh") === 0 ? "zh" : "en";
  }

  var lang = readStored(LANG_STORE) || detectLanguage();
  var conversation = readConversation();
  var messages = {}; // seq -> element
  var lastSeq = 0;
  var lastCustomerSeq = 0;
  var stream = null;
  var retryTimer = null;
  var busy = 0;
  var state = "bot";
  var unread = false;

  // Storage ------------------------------------------------------------------------------
  function readStored(key) {
    try {
      return window.localStorage.getItem(key);
    } catch (e) {
      return null;
    }
  }

  function writeStored(key, value) {
    try {
      if (value === null) {
        window.localStorage.removeItem(key);
      } else {
        window.localStorage.setItem(key, value);
      }
    } catch (e) {
      /* private mode: the conversation lasts as long as the page */
    }
  }

  function readConversation() {
    try {
      var stored = JSON.parse(readStored(STORE) || "null");
      if (stored && typeof stored.id === "string" && typeof stored.token === "string") {
        return stored;
      }
    } catch (e) {
      /* unreadable: start afresh */
    }
    return null;
  }

  function t(key, values) {
    var text = (TEXTS[lang] && TEXTS[lang][key]) || key;
    Object.keys(values || {}).forEach(function (name) {
      text = text.split("{" + name + "}").join(values[name]);
    });
    return text;
  }

  // Elements -----------------------------------------------------------------------------
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text !== undefined) {
      node.textContent = text;
    }
    return node;
  }

  var labelled = []; // [element, attribute or null for textContent, key]
  function label(node, attribute, key) {
    labelled.push([node, attribute, key]);
    return node;
  }

  var host = el("aside");
  host.id = "after-sales-chat";
  var root = host.attachShadow({ mode: "open" });
  var sheet = el("link");
  sheet.rel = "stylesheet";
  sheet.href = gateway + "/widget.css";
  root.appendChild(sheet);

  var bubble = label(el("button", "bubble"), "aria-label", "open");
  bubble.type = "button";
  bubble.setAttribute("aria-expanded", "false");
  bubble.setAttribute("aria-controls", "panel");
  bubble.appendChild(icon("M4 4h16v11H8l-4 4z"));
  var badge = el("span", "badge");
  badge.hidden = true;
  bubble.appendChild(badge);

  var panel = el("div", "panel");
  panel.id = "panel";
  panel.hidden = true;
  panel.setAttribute("role", "dialog");
  panel.setAttribute("aria-labelledby", "title");

  var header = el("div", "header");
  var heading = el("div", "heading");
  var title = el("h2", "title");
  title.id = "title";
  var subtitle = el("p", "subtitle");
  heading.appendChild(title);
  heading.appendChild(subtitle);
  var tools = el("div", "tools");
  var langButton = el("button", "tool lang");
  langButton.type = "button";
  var newButton = el("button", "tool");
  newButton.type = "button";
  label(newButton, null, "new");
  var closeButton = el("button", "tool close");
  closeButton.type = "button";
  label(closeButton, "aria-label", "close");
  closeButton.appendChild(icon("M6 6l12 12M18 6L6 18"));
  tools.appendChild(langButton);
  tools.appendChild(newButton);
  tools.appendChild(closeButton);
  header.appendChild(heading);
  header.appendChild(tools);

  var log = el("div", "log");
  log.setAttribute("role", "log");
  log.setAttribute("aria-live", "polite");
  log.tabIndex = 0;
  label(log, "aria-label", "messages");
  var welcome = label(el("p", "welcome"), null, "welcome");
  log.appendChild(welcome);

  var typing = el("div", "typing");
  typing.setAttribute("role", "status");
  var dots = el("span", "dots");
  dots.setAttribute("aria-hidden", "true");
  dots.appendChild(el("span"));
  dots.appendChild(el("span"));
  dots.appendChild(el("span"));
  var typingText = el("span", "typing-text");
  typing.appendChild(dots);
  typing.appendChild(typingText);

  var alertBox = el("p", "error");
  alertBox.setAttribute("role", "alert");

  var form = el("form", "composer");
  var fileInput = el("input", "visually-hidden");
  fileInput.type = "file";
  fileInput.id = "photo";
  fileInput.accept = "image/*";
  var fileLabel = el("label", "attach");
  fileLabel.htmlFor = "photo";
  fileLabel.appendChild(icon("M4 7h4l2-2h4l2 2h4v12H4zM12 10a3.5 3.5 0 1 0 0 7a3.5 3.5 0 1 0 0-7"));
  var fileLabelText = label(el("span", "visually-hidden"), null, "attach");
  fileLabel.appendChild(fileLabelText);
  var textLabel = label(el("label", "visually-hidden"), null, "message_label");
  textLabel.htmlFor = "text";
  var input = el("textarea", "text-input");
  input.id = "text";
  input.rows = 1;
  input.maxLength = 2000;
  input.autocomplete = "off";
  label(input, "placeholder", "placeholder");
  var send = label(el("button", "send"), null, "send");
  send.type = "submit";
  form.appendChild(fileInput);
  form.appendChild(fileLabel);
  form.appendChild(textLabel);
  form.appendChild(input);
  form.appendChild(send);

  panel.appendChild(header);
  panel.appendChild(log);
  panel.appendChild(typing);
  panel.appendChild(alertBox);
  panel.appendChild(form);
  root.appendChild(panel);
  root.appendChild(bubble);

  function icon(path) {
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    var shape = document.createElementNS(ns, "path");
    shape.setAttribute("d", path);
    svg.appendChild(shape);
    return svg;
  }

  // Labels in the chosen language --------------------------------------------------------
  function applyLanguage() {
    host.setAttribute("aria-label", t("region"));
    host.setAttribute("lang", lang === "zh" ? "zh-CN" : "en");
    labelled.forEach(function (entry) {
      if (entry[1] === null) {
        entry[0].textContent = t(entry[2]);
      } else {
        entry[0].setAttribute(entry[1], t(entry[2]));
      }
    });
    title.textContent = titleOverride || t("title");
    var other = lang === "zh" ? "en" : "zh";
    langButton.textContent = TEXTS[other].language_name;
    langButton.setAttribute("lang", other === "zh" ? "zh-CN" : "en");
    langButton.setAttribute("aria-label", TEXTS[other].switch_language);
    showState(state);
    showTyping();
    Object.keys(messages).forEach(function (seq) {
      relabel(messages[seq]);
    });
  }

  langButton.addEventListener("click", function () {
    lang = lang === "zh" ? "en" : "zh";
    writeStored(LANG_STORE, lang);
    applyLanguage();
  });

  function showState(value) {
    state = value;
    subtitle.textContent = t("state_" + (value in { bot: 1, waiting: 1, agent: 1, closed: 1 } ? value : "bot"));
  }

  // The bot is working while a request is in flight; an agent is typing for a few
  // seconds after each "typing" event (until their message arrives).
  var agentTyping = "";
  var agentTypingTimer = null;
  function showTyping() {
    var on = busy > 0 || agentTyping !== "";
    typing.classList.toggle("on", on);
    typingText.textContent = busy > 0 ? t("typing") : agentTyping ? t("agent_typing").replace("{agent}", agentTyping) : "";
  }
  function showAgentTyping(name) {
    agentTyping = name || "";
    window.clearTimeout(agentTypingTimer);
    if (agentTyping) {
      agentTypingTimer = window.setTimeout(function () {
        agentTyping = "";
        showTyping();
      }, 6000);
    }
    showTyping();
  }

  function showError(key) {
    alertBox.textContent = key ? t(key) : "";
  }

  // Opening and closing ------------------------------------------------------------------
  function open() {
    panel.hidden = false;
    host.classList.add("open");
    bubble.setAttribute("aria-expanded", "true");
    unread = false;
    badge.hidden = true;
    input.focus();
    scrollDown();
    if (conversation) {
      catchUp();
    }
  }

  function close() {
    panel.hidden = true;
    host.classList.remove("open");
    bubble.setAttribute("aria-expanded", "false");
    bubble.focus();
  }

  bubble.addEventListener("click", function () {
    if (panel.hidden) {
      open();
    } else {
      close();
    }
  });
  closeButton.addEventListener("click", close);
  panel.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      event.preventDefault();
      close();
    }
  });

  newButton.addEventListener("click", function () {
    forget();
    writeStored(STORE, null);
    input.focus();
  });

  function forget() {
    stopStream();
    conversation = null;
    Object.keys(messages).forEach(function (seq) {
      messages[seq].remove();
    });
    messages = {};
    lastSeq = 0;
    lastCustomerSeq = 0;
    welcome.hidden = false;
    showState("bot");
    showError(null);
  }

  // Another tab started or ended a conversation: follow it.
  window.addEventListener("storage", function (event) {
    if (event.key !== STORE) {
      return;
    }
    var stored = readConversation();
    if (!stored || !conversation || stored.id !== conversation.id) {
      forget();
      conversation = stored;
      if (conversation) {
        catchUp();
        startStream();
      }
    }
  });

  // Messages -----------------------------------------------------------------------------
  function scrollDown() {
    log.scrollTop = log.scrollHeight;
  }

  function relabel(node) {
    var who = node.querySelector(".who");
    var sender = node.getAttribute("data-sender");
    if (sender === "agent") {
      who.textContent = t("sender_agent", { name: node.getAttribute("data-author") || "" });
    } else {
      who.textContent = t(sender === "customer" ? "sender_you" : "sender_bot");
    }
    node.querySelectorAll("img").forEach(function (img) {
      img.alt = t("photo_alt");
    });
  }

  function render(message) {
    var seq = Number(message.seq);
    if (!seq || messages[seq]) {
      return;
    }
    var sender = message.sender === "customer" || message.sender === "agent" ? message.sender : "bot";
    if (sender === "agent") {
      showAgentTyping("");
    }
    var node = el("div", "msg msg--" + sender);
    node.setAttribute("data-seq", String(seq));
    node.setAttribute("data-sender", sender);
    if (message.author) {
      node.setAttribute("data-author", String(message.author));
    }
    node.appendChild(el("p", sender === "agent" ? "who" : "who visually-hidden"));
    var photos = Array.isArray(message.attachments) ? message.attachments : [];
    photos.forEach(function (photo) {
      var img = el("img", "photo");
      img.src = gateway + photo.url + "?token=" + encodeURIComponent(conversation.token);
      img.width = Math.min(Number(photo.width) || 200, 200);
      img.height = Math.round(img.width * ((Number(photo.height) || 1) / (Number(photo.width) || 1)));
      node.appendChild(img);
    });
    if (photos.length) {
      node.classList.add("msg--photo");
    } else {
      node.appendChild(el("p", "text", String(message.text)));
    }
    var buttons = Array.isArray(message.buttons) ? message.buttons : [];
    if (buttons.length) {
      var group = el("div", "choices");
      group.setAttribute("role", "group");
      group.setAttribute("aria-label", String(message.text).slice(0, 80));
      buttons.forEach(function (button) {
        var choice = el("button", "choice", String(button.title));
        choice.type = "button";
        choice.addEventListener("click", function () {
          choice.classList.add("chosen");
          disableChoices();
          post({ payload: String(button.payload) });
        });
        group.appendChild(choice);
      });
      node.appendChild(group);
    }
    relabel(node);
    var later = null;
    Object.keys(messages).forEach(function (other) {
      if (Number(other) > seq && (later === null || Number(other) < later)) {
        later = Number(other);
      }
    });
    log.insertBefore(node, later === null ? null : messages[later]);
    messages[seq] = node;
    welcome.hidden = true;
    lastSeq = Math.max(lastSeq, seq);
    if (sender === "customer") {
      lastCustomerSeq = Math.max(lastCustomerSeq, seq);
    }
    refreshChoices();
    scrollDown();
    if (panel.hidden && sender !== "customer") {
      unread = true;
      badge.hidden = false;
    }
  }

  // Only buttons offered after the customer's last message can still be pressed.
  function refreshChoices() {
    Object.keys(messages).forEach(function (seq) {
      var stale = Number(seq) < lastCustomerSeq;
      messages[seq].querySelectorAll(".choice").forEach(function (choice) {
        choice.disabled = stale;
      });
    });
  }

  function disableChoices() {
    log.querySelectorAll(".choice").forEach(function (choice) {
      choice.disabled = true;
    });
  }

  // The API ------------------------------------------------------------------------------
  function request(method, path, body, contentType, extra) {
    var headers = extra || {};
    if (conversation) {
      headers.Authorization = "Bearer " + conversation.token;
    }
    if (body !== undefined) {
      headers["Content-Type"] = contentType || "application/json";
    }
    return fetch(API + path, {
      method: method,
      headers: headers,
      body: body === undefined ? undefined : contentType ? body : JSON.stringify(body),
      credentials: "omit",
    });
  }

  function ensureConversation() {
    if (conversation) {
      return Promise.resolve(conversation);
    }
    return request("POST", "", { language: lang, channel: "web" }).then(function (response) {
      if (!response.ok) {
        throw new Error("start " + response.status);
      }
      return response.json().then(function (created) {
        conversation = { id: created.conversation_id, token: created.token };
        writeStored(STORE, JSON.stringify(conversation));
        startStream();
        return conversation;
      });
    });
  }

  function conversationPath(suffix) {
    return "/" + encodeURIComponent(conversation.id) + suffix;
  }

  function ended() {
    forget();
    writeStored(STORE, null);
    showError("error_ended");
  }

  function catchUp() {
    if (!conversation) {
      return Promise.resolve();
    }
    return request("GET", conversationPath("/messages?after=" + lastSeq + "&limit=500"))
      .then(function (response) {
        if (response.status === 401 || response.status === 404) {
          ended();
          return;
        }
        if (response.ok) {
          return response.json().then(function (page) {
            page.messages.forEach(render);
          });
        }
      })
      .catch(function () {
        /* offline: the stream catches up when it reconnects */
      });
  }

  function work(step) {
    busy += 1;
    showTyping();
    showError(null);
    return ensureConversation()
      .then(step)
      .then(function (response) {
        if (response.status === 401 || response.status === 404) {
          ended();
          return;
        }
        if (response.status === 413) {
          showError("error_too_large");
        } else if (response.status === 415) {
          showError("error_not_photo");
        } else if (response.status === 503) {
          showError("error_unavailable");
        } else if (!response.ok) {
          showError("error_send");
        }
        return catchUp();
      })
      .catch(function () {
        showError("error_send");
      })
      .then(function () {
        busy -= 1;
        showTyping();
        refreshChoices();
      });
  }

  // A message goes with a key of its own: resent after a 503 (a server restarting), it is
  // stored once and answered once. After the last try the customer is told to try later.
  var RESENDS = 3;

  function newKey() {
    if (window.crypto && window.crypto.randomUUID) {
      return window.crypto.randomUUID();
    }
    return Date.now().toString(36) + "-" + Math.random().toString(36).slice(2);
  }

  function pause(ms) {
    return new Promise(function (resolve) {
      window.setTimeout(resolve, ms);
    });
  }

  function deliver(body, key, resent) {
    return request("POST", conversationPath("/messages"), body, undefined, {
      "Idempotency-Key": key,
    }).then(function (response) {
      var later = response.status === 503 || response.status === 429;
      if (!later || resent >= RESENDS) {
        if (resent > 0 && response.ok) {
          showError(null);
        }
        return response;
      }
      showError("error_retrying");
      var seconds = Math.min(Number(response.headers.get("Retry-After")) || 2, 10);
      return pause(seconds * 1000).then(function () {
        return deliver(body, key, resent + 1);
      });
    });
  }

  function post(body) {
    var key = newKey();
    return work(function () {
      return deliver(body, key, 0);
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value.trim();
    if (!text) {
      input.focus();
      return;
    }
    input.value = "";
    post({ text: text });
  });

  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      form.requestSubmit ? form.requestSubmit() : send.click();
    }
  });

  fileInput.addEventListener("change", function () {
    var file = fileInput.files && fileInput.files[0];
    fileInput.value = "";
    if (!file) {
      return;
    }
    work(function () {
      return request("POST", conversationPath("/attachments"), file, file.type || "application/octet-stream");
    });
  });

  // The live stream ----------------------------------------------------------------------
  function startStream() {
    stopStream();
    if (!conversation || typeof EventSource === "undefined") {
      return;
    }
    var url = API + conversationPath("/stream") + "?token=" + encodeURIComponent(conversation.token) + "&after=" + lastSeq;
    var source = new EventSource(url);
    stream = source;
    source.addEventListener("message", function (event) {
      try {
        render(JSON.parse(event.data));
      } catch (e) {
        /* a malformed event is skipped */
      }
    });
    source.addEventListener("typing", function (event) {
      try {
        showAgentTyping(String(JSON.parse(event.data).author || ""));
      } catch (e) {
        /* a malformed event is skipped */
      }
    });
    source.addEventListener("state", function (event) {
      try {
        showState(JSON.parse(event.data).state);
      } catch (e) {
        /* a malformed event is skipped */
      }
    });
    source.addEventListener("error", function () {
      // The browser reconnects by itself (resuming after Last-Event-ID) unless the
      // stream was refused; then check the conversation and start again later.
      if (source.readyState === EventSource.CLOSED && stream === source) {
        stream = null;
        catchUp().then(function () {
          if (conversation) {
            retryTimer = window.setTimeout(startStream, 3000);
          }
        });
      }
    });
  }

  function stopStream() {
    if (retryTimer) {
      window.clearTimeout(retryTimer);
      retryTimer = null;
    }
    if (stream) {
      stream.close();
      stream = null;
    }
  }

  // Start --------------------------------------------------------------------------------
  applyLanguage();
  document.body.appendChild(host);
  if (conversation) {
    catchUp().then(startStream);
  }
})();
