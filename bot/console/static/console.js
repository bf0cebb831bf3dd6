/* Service console: live queue, conversation view and agent assist.
 *
 * Plain JavaScript, no build step. Every piece of customer or agent text is put on the
 * page with textContent or createElement, never as HTML. Unsafe API calls carry the
 * session's CSRF token (from <meta name="csrf-token">) in X-CSRF-Token.
 */
"use strict";

(function () {
  const API = "/api/v1/agent";
  const REASONS = {
    critical_complaint: "Critical complaint",
    customer_request: "Asked for a person",
    bot_cannot_help: "Bot could not help",
    safety_hazard: "Safety hazard",
    customer_upset: "Customer upset",
  };
  const page = document.body.dataset.page;
  const csrfMeta = document.querySelector('meta[name="csrf-token"]');
  const csrf = csrfMeta ? csrfMeta.content : "";

  /* ---------- helpers ---------- */

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "className") node.className = value;
      else if (key === "text") node.textContent = value;
      else if (key.startsWith("data-") || key.startsWith("aria-") || key === "href" ||
               key === "type" || key === "role" || key === "datetime" || key === "title") {
        node.setAttribute(key, String(value));
      } else node[key] = value;
    }
    for (const child of children) {
      if (child === null || child === undefined) continue;
      node.append(typeof child === "string" ? document.createTextNode(child) : child);
    }
    return node;
  }

  function itemsOf(body) {
    if (Array.isArray(body)) return body;
    if (body && Array.isArray(body.items)) return body.items;
    return [];
  }

  async function api(method, path, body) {
    const headers = { Accept: "application/json" };
    if (method !== "GET") headers["X-CSRF-Token"] = csrf;
    if (body !== undefined) headers["Content-Type"] = "application/json";
    const response = await fetch(API + path, {
      method,
      headers,
      credentials: "same-origin",
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (response.status === 401) {
      window.location.assign("/console/login");
      throw new Error("Your session has ended; please log in again.");
    }
    const data = response.status === 204 ? null : await response.json().catch(() => null);
    if (!response.ok) {
      const message = data && data.error ? data.error.message : "The request failed (" + response.status + ").";
      const error = new Error(message);
      error.status = response.status;
      error.code = data && data.error ? data.error.code : "";
      throw error;
    }
    return data;
  }

  const announcer = document.getElementById("announcer");
  function announce(text) {
    if (!announcer) return;
    announcer.textContent = "";
    window.setTimeout(() => { announcer.textContent = text; }, 50);
  }

  let toastTimer = 0;
  function showError(text) {
    const box = document.getElementById("alert");
    if (!box) return;
    box.textContent = text;
    box.hidden = false;
    window.clearTimeout(toastTimer);
    toastTimer = window.setTimeout(() => { box.hidden = true; }, 6000);
  }

  function waited(seconds) {
    const s = Math.max(0, Math.floor(seconds));
    if (s < 60) return s + " s";
    const m = Math.floor(s / 60);
    if (m < 60) return m + " min " + String(s % 60).padStart(2, "0") + " s";
    return Math.floor(m / 60) + " h " + String(m % 60).padStart(2, "0") + " min";
  }

  function clock(iso) {
    const date = new Date(iso);
    return isNaN(date) ? "" : date.toTimeString().slice(0, 5);
  }

  /* ---------- alerts: a beep and a browser notification ---------- */

  let audio = null;
  function unlockAudio() {
    const Context = window.AudioContext || window.webkitAudioContext;
    if (!Context) return;
    if (!audio) audio = new Context();
    if (audio.state === "suspended") audio.resume();
  }
  document.addEventListener("pointerdown", unlockAudio, { once: true });
  document.addEventListener("keydown", unlockAudio, { once: true });

  function beep() {
    if (!audio || audio.state !== "running") return;
    const oscillator = audio.createOscillator();
    const gain = audio.createGain();
    oscillator.type = "sine";
    oscillator.frequency.value = 880;
    gain.gain.setValueAtTime(0.0001, audio.currentTime);
    gain.gain.exponentialRampToValueAtTime(0.25, audio.currentTime + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, audio.currentTime + 0.35);
    oscillator.connect(gain).connect(audio.destination);
    oscillator.start();
    oscillator.stop(audio.currentTime + 0.4);
  }

  function notify(title, body) {
    beep();
    if ("Notification" in window && Notification.permission === "granted" && document.hidden) {
      try { new Notification(title, { body, tag: "console-queue" }); } catch (_) { /* unsupported */ }
    }
  }

  const enable = document.getElementById("enable-alerts");
  if (enable) {
    enable.addEventListener("click", async () => {
      unlockAudio();
      if ("Notification" in window && Notification.permission === "default") {
        await Notification.requestPermission();
      }
      beep();
      enable.textContent = "Sound and notifications on";
    });
  }

  /* ---------- presence ---------- */

  const presence = document.getElementById("presence");
  if (presence) {
    presence.addEventListener("change", async () => {
      try {
        await api("PUT", "/me/presence", { presence: presence.value });
        announce("You are " + presence.value + ".");
      } catch (error) {
        showError(error.message);
      }
    });
  }

  /* ---------- ticking waiting times ---------- */

  function tick() {
    const now = Date.now();
    for (const node of document.querySelectorAll("[data-waiting-since]")) {
      node.textContent = waited((now - Number(node.dataset.waitingSince)) / 1000);
    }
  }
  window.setInterval(tick, 1000);

  /* ---------- the agents' stream ---------- */

  function openStream(handlers) {
    if (!("EventSource" in window)) return null;
    const state = document.getElementById("stream-state");
    const source = new EventSource(API + "/stream", { withCredentials: true });
    source.addEventListener("open", () => { if (state) state.textContent = "Live"; });
    source.addEventListener("error", () => {
      if (state) state.textContent = "Reconnecting to live updates…";
    });
    for (const [name, handler] of Object.entries(handlers)) {
      source.addEventListener(name, (event) => {
        let data = null;
        try { data = JSON.parse(event.data); } catch (_) { return; }
        handler(data);
      });
    }
    return source;
  }

  /* ---------- queue page ---------- */

  function handoffCard(item, options) {
    const urgent = item.priority === 0;
    const since = Date.now() - (Number(item.waiting_seconds) || 0) * 1000;
    const link = el("a", { href: "/console/handoffs/" + item.id, text: item.wants || REASONS[item.reason] || item.reason });
    const meta = el("p", { className: "card-meta" },
      el("span", { className: "badge" + (urgent ? " badge--urgent" : ""), text: urgent ? "Urgent" : "Priority " + item.priority }),
      el("span", { className: "badge", text: REASONS[item.reason] || item.reason }),
      el("span", { className: "badge", title: "Language", text: (item.language || "?").toUpperCase() }),
      el("span", { className: "badge", title: "Channel", text: item.channel || "unknown channel" }),
      item.category ? el("span", { className: "badge", text: item.category.replace(/_/g, " ") }) : null,
      item.reference ? el("span", { className: "badge", text: item.reference }) : null,
      options.mine ? null : " waiting ",
      options.mine ? null : el("span", { className: "waited", "data-waiting-since": String(since), text: waited(item.waiting_seconds || 0) }),
    );
    const actions = el("div", { className: "card-actions" });
    if (!options.mine) {
      const claimButton = el("button", { type: "button", className: "button button--primary button--small", text: "Claim", "aria-label": "Claim conversation #" + item.id });
      claimButton.addEventListener("click", () => claim(item.id, claimButton));
      actions.append(claimButton);
    } else {
      actions.append(el("a", { className: "button button--small", href: "/console/handoffs/" + item.id, text: "Open" }));
    }
    const li = el("li", { className: urgent ? "urgent" : "", "data-handoff-id": String(item.id) },
      el("p", { className: "card-title" }, link, " ", el("span", { className: "muted small", text: "#" + item.id })),
      meta, actions);
    if (options.fresh) li.classList.add("new");
    return li;
  }

  function callbackCard(item) {
    const done = el("button", { type: "button", className: "button button--small", text: "Done", "aria-label": "Callback " + item.reference + " done" });
    done.addEventListener("click", async () => {
      done.disabled = true;
      try {
        await api("POST", "/callbacks/" + encodeURIComponent(item.reference) + "/done");
        await loadQueue();
        announce("Callback " + item.reference + " done.");
      } catch (error) {
        done.disabled = false;
        showError(error.message);
      }
    });
    const wants = item.summary && typeof item.summary === "object" ? item.summary.wants : item.summary;
    return el("li", { className: "callback" },
      el("p", { className: "card-title", text: item.reference + " · " + item.phone }),
      el("p", { className: "card-meta" },
        el("span", { className: "badge", text: (item.language || "?").toUpperCase() }),
        (item.preferred_time ? "Preferred: " + item.preferred_time + ". " : "") + (wants || "")),
      el("div", { className: "card-actions" }, done));
  }

  function fill(listId, items, render) {
    const list = document.getElementById(listId);
    const empty = document.getElementById(listId + "-empty");
    const count = document.getElementById(listId + "-count");
    list.replaceChildren(...items.map(render));
    if (empty) empty.hidden = items.length > 0;
    if (count) count.textContent = items.length ? "(" + items.length + ")" : "";
  }

  const seen = new Set();
  let firstLoad = true;
  async function loadQueue() {
    const [waiting, mine, callbacks] = await Promise.all([
      api("GET", "/handoffs?status=waiting"),
      api("GET", "/handoffs?status=agent&mine=true"),
      api("GET", "/callbacks").catch(() => []),
    ]);
    const waitingItems = itemsOf(waiting);
    fill("waiting", waitingItems, (item) => {
      const fresh = !firstLoad && !seen.has(item.id);
      seen.add(item.id);
      return handoffCard(item, { mine: false, fresh });
    });
    fill("mine", itemsOf(mine), (item) => handoffCard(item, { mine: true }));
    fill("callbacks", itemsOf(callbacks), callbackCard);
    firstLoad = false;
    tick();
  }

  async function claim(id, button) {
    if (button) button.disabled = true;
    try {
      await api("POST", "/handoffs/" + id + "/claim");
      window.location.assign("/console/handoffs/" + id);
    } catch (error) {
      if (button) button.disabled = false;
      if (error.code === "already_claimed") showError("Someone else claimed it first.");
      else showError(error.message);
      if (page === "queue") loadQueue().catch(() => {});
    }
  }

  let queueTimer = 0;
  function reloadQueueSoon() {
    window.clearTimeout(queueTimer);
    queueTimer = window.setTimeout(() => loadQueue().catch((error) => showError(error.message)), 100);
  }

  if (page === "queue") {
    loadQueue().catch((error) => showError(error.message));
    openStream({
      queue: (data) => {
        if (data.action === "requested" || data.action === "returned") {
          const what = (data.wants || REASONS[data.reason] || "A customer") + " (#" + data.id + ")";
          announce("New in the queue: " + what);
          notify("A customer is waiting", what);
        }
        reloadQueueSoon();
      },
      callback: (data) => {
        announce("New callback request " + (data.reference || ""));
        notify("Callback request", data.reference || "");
        reloadQueueSoon();
      },
    });
  }

  /* ---------- conversation page ---------- */

  if (page === "conversation") {
    const id = Number(document.body.dataset.handoffId);
    const transcript = document.getElementById("transcript");
    const reply = document.getElementById("reply");
    const shown = new Set(Array.from(transcript.querySelectorAll("[data-seq]"), (node) => Number(node.dataset.seq)));
    const scrollDown = () => { transcript.scrollTop = transcript.scrollHeight; };
    scrollDown();

    const senders = { customer: "Customer", bot: "Bot", agent: "Agent" };
    // A customer's photos, shown from the agents' photo URL only (never another address).
    function photos(attachments) {
      return attachments
        .filter((photo) => String(photo.url || "").startsWith("/api/v1/agent/attachments/"))
        .map((photo) => el("a", { href: photo.url, className: "msg-photo-link", target: "_blank", rel: "noopener" },
          el("img", { src: photo.url, alt: "Photo from the customer", className: "msg-photo",
            width: photo.width, height: photo.height, loading: "lazy" })));
    }
    // Set while this page's own resolve or transfer moves on, so the stream's echo of
    // the change does not reload the page under it.
    let leaving = false;
    function addMessage(message) {
      if (shown.has(message.seq)) return;
      shown.add(message.seq);
      const who = message.sender === "agent" && message.author ? message.author : (senders[message.sender] || message.sender);
      const item = el("li", { className: "msg msg--" + message.sender, "data-seq": String(message.seq) },
        el("p", { className: "msg-meta" }, el("span", { className: "msg-who", text: who }), " ",
          el("time", { datetime: message.at || "", text: message.at ? clock(message.at) : "" })),
        el("p", { className: "msg-text", text: message.text || "" }),
        ...photos(message.attachments || []));
      const later = Array.from(transcript.children).find((node) => Number(node.dataset.seq) > message.seq);
      transcript.insertBefore(item, later || null);
      scrollDown();
      if (message.sender === "customer") {
        notify("New message", message.text || "");
        loadSuggestions();
      }
    }

    const claimButton = document.getElementById("claim");
    if (claimButton) claimButton.addEventListener("click", () => claim(id, claimButton));

    const resolveButton = document.getElementById("resolve");
    if (resolveButton) {
      resolveButton.addEventListener("click", async () => {
        resolveButton.disabled = true;
        leaving = true;
        try {
          await api("POST", "/handoffs/" + id + "/resolve", { close: false });
          window.location.assign("/console");
        } catch (error) {
          leaving = false;
          resolveButton.disabled = false;
          showError(error.message);
        }
      });
    }

    // While the agent types, the customer sees "… is typing" (told at most every 3 s).
    let typingSent = 0;
    if (reply) {
      reply.addEventListener("input", () => {
        const moment = Date.now();
        if (moment - typingSent < 3000 || !reply.value.trim()) return;
        typingSent = moment;
        api("POST", "/handoffs/" + id + "/typing").catch(() => {});
      });
    }

    const replyForm = document.getElementById("reply-form");
    if (replyForm) {
      replyForm.addEventListener("submit", async (event) => {
        event.preventDefault();
        const text = reply.value.trim();
        if (!text) { reply.focus(); return; }
        const send = replyForm.querySelector("button[type=submit]");
        send.disabled = true;
        try {
          const sent = await api("POST", "/handoffs/" + id + "/messages", { text });
          addMessage({ seq: sent.seq, sender: "agent", author: sent.author || "You", text, at: sent.at || new Date().toISOString() });
          reply.value = "";
          announce("Reply sent.");
        } catch (error) {
          showError(error.message);
        } finally {
          send.disabled = false;
          reply.focus();
        }
      });
      reply.addEventListener("keydown", (event) => {
        if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) replyForm.requestSubmit();
      });
    }

    const noteForm = document.getElementById("note-form");
    if (noteForm) {
      noteForm.addEventListener("submit", async (event) => {
        event.preventDefault();
        const field = document.getElementById("note");
        const text = field.value.trim();
        if (!text) { field.focus(); return; }
        try {
          await api("POST", "/handoffs/" + id + "/notes", { text });
          document.getElementById("notes").append(el("li", {},
            el("p", { className: "msg-meta", text: "You · " + clock(new Date().toISOString()) }),
            el("p", { className: "msg-text", text })));
          field.value = "";
          announce("Note saved.");
        } catch (error) {
          showError(error.message);
        }
      });
    }

    async function transfer(to) {
      leaving = true;
      try {
        await api("POST", "/handoffs/" + id + "/transfer", { to });
        window.location.assign("/console");
      } catch (error) {
        leaving = false;
        showError(error.message);
      }
    }
    const transferForm = document.getElementById("transfer-form");
    if (transferForm) {
      transferForm.addEventListener("submit", (event) => {
        event.preventDefault();
        const to = document.getElementById("transfer-to").value.trim();
        if (to) transfer(to);
      });
      document.getElementById("back-to-queue").addEventListener("click", () => transfer(null));
    }

    const suggestions = document.getElementById("suggestions");
    const suggestionsState = document.getElementById("suggestions-state");
    async function loadSuggestions() {
      if (!suggestions) return;
      try {
        const items = itemsOf(await api("GET", "/handoffs/" + id + "/suggestions"));
        suggestionsState.textContent = items.length ? "" : "No article matches the latest message.";
        suggestionsState.hidden = items.length > 0;
        suggestions.replaceChildren(...items.map((article) => {
          const insert = el("button", { type: "button", className: "button button--small", text: "Insert", "aria-label": "Insert " + article.title });
          insert.addEventListener("click", () => {
            reply.value = reply.value.trim() ? reply.value.trimEnd() + "\n\n" + article.text : article.text;
            reply.focus();
            announce("Article inserted into the reply.");
          });
          return el("li", { "data-article-id": article.article_id },
            el("p", { className: "suggestion-title", text: article.title }),
            el("p", { className: "suggestion-text", text: article.text }),
            insert);
        }));
      } catch (error) {
        suggestionsState.hidden = false;
        suggestionsState.textContent = "Suggestions are unavailable: " + error.message;
      }
    }
    loadSuggestions();

    openStream({
      message: (data) => {
        if (Number(data.handoff_id) === id) addMessage(data);
      },
      queue: (data) => {
        if (leaving || Number(data.id) !== id) return;
        const status = document.getElementById("handoff-status");
        if (data.status && status) status.textContent = data.status === "agent" && data.agent ? "With " + data.agent : data.status;
        if (data.status !== document.body.dataset.status || (data.agent || "") !== document.body.dataset.holder) {
          announce("This conversation changed: " + (data.action || data.status));
          if (data.status !== "waiting" || document.body.dataset.status !== "waiting") window.location.reload();
        }
      },
    });
  }
})();
