// Tidings reader: keyboard shortcuts and in-place actions. Everything also works without it.
(function () {
  "use strict";
  const csrf = document.querySelector('meta[name="csrf-token"]');
  const token = csrf ? csrf.content : "";
  let pendingG = false;
  let gTimer = 0;
  let fallingBack = false;  // a request fetch failed is posted again as a plain form

  const items = () => Array.from(document.querySelectorAll("[data-list] [data-entry]"));
  const selected = () => document.querySelector("[data-list] .selected");
  const article = () => document.querySelector("[data-article]");

  function select(el) {
    const old = selected();
    if (old) old.classList.remove("selected");
    if (!el) return;
    el.classList.add("selected");
    el.scrollIntoView({ block: "nearest" });
    const link = el.querySelector("a.title");
    if (link) link.focus({ preventScroll: true });
  }

  function move(step) {
    const list = items();
    if (!list.length) {
      const link = document.querySelector(step > 0 ? 'a[rel="next"][data-shortcut="j"]' : 'a[rel="prev"]');
      if (link) location.href = link.href;
      return;
    }
    const index = list.indexOf(selected());
    const next = index < 0 ? (step > 0 ? 0 : list.length - 1) : index + step;
    if (next >= 0 && next < list.length) select(list[next]);
  }

  function current() {
    return selected() || article();
  }

  // An entry's read and star buttons post the page's one actions form (its CSRF token)
  // to their own formaction with their own name=value (templates/_entry_actions.html).
  function formData(button) {
    const body = new FormData(button.form);
    body.append(button.name, button.value);
    return body;
  }

  async function submit(button) {
    const response = await fetch(button.formAction, {
      method: "POST",
      body: formData(button),
      headers: { "X-CSRF-Token": token, "X-Requested-With": "fetch" },
      credentials: "same-origin",
    });
    if (!response.ok) {
      fallingBack = true;  // the server's answer as a page, as without script
      button.form.requestSubmit(button);
      return;
    }
    toggle(button);
  }

  function toggle(button) {
    const nowOn = button.value === "true";
    button.value = nowOn ? "false" : "true";
    button.setAttribute("aria-pressed", nowOn ? "true" : "false");
    const item = button.closest("[data-entry]");
    if (button.name === "read") {
      button.textContent = nowOn ? "Mark unread" : "Mark read";
      if (item) item.classList.toggle("read", nowOn);
    } else {
      button.textContent = nowOn ? "★ Starred" : "☆ Star";
    }
  }

  function act(key) {
    const el = current();
    if (!el) return;
    const button = el.querySelector('button[data-shortcut="' + key + '"]');
    if (button) submit(button);
  }

  function go(letter) {
    const views = {
      t: "/top", p: "/picks", u: "/unread", a: "/all", s: "/starred", f: "/sources",
      c: "/account", e: "/settings",
    };
    if (views[letter]) location.href = views[letter];
  }

  function help() {
    const dialog = document.getElementById("help");
    if (dialog && !dialog.open) dialog.showModal();
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target;
    if (target.closest && target.closest("input, textarea, select, [contenteditable]")) {
      if (event.key === "Escape") target.blur();
      return;
    }
    if (document.querySelector("dialog[open]") && event.key !== "Escape") return;
    if (pendingG) {
      pendingG = false;
      clearTimeout(gTimer);
      go(event.key);
      event.preventDefault();
      return;
    }
    switch (event.key) {
      case "j": move(1); break;
      case "k": move(-1); break;
      case "o":
      case "Enter": {
        const el = selected();
        if (!el) return;
        const link = el.querySelector("a.title");
        if (link) location.href = link.href;
        break;
      }
      case "v": {
        const el = current();
        const link = el && (el.querySelector("a.original") || el.querySelector('a[target="_blank"]'));
        if (link) window.open(link.href, "_blank", "noopener,noreferrer");
        break;
      }
      case "m": act("m"); break;
      case "s": act("s"); break;
      case "n": {
        const link = document.querySelector('a[data-shortcut="n"]');
        if (link) location.href = link.href;
        break;
      }
      case "/": {
        const search = document.getElementById("q");
        if (search) search.focus();
        break;
      }
      case "g":
        pendingG = true;
        gTimer = setTimeout(function () { pendingG = false; }, 1500);
        break;
      case "?": help(); break;
      default: return;
    }
    event.preventDefault();
  });

  document.addEventListener("click", function (event) {
    const trigger = event.target.closest('[data-action="help"]');
    if (trigger) help();
  });

  document.addEventListener("submit", function (event) {
    const form = event.target;
    if (form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
      event.preventDefault();
      return;
    }
    const button = event.submitter;
    if (button && button.dataset.shortcut && token && !fallingBack) {
      event.preventDefault();
      submit(button);
    }
  });
})();

// --- Mark as read on scroll (Settings: "Mark entries read as they scroll past the top") ---
// Opt-in: base.html sets <body data-mark-read-on-scroll="true">. An unread entry of a list
// is marked read (POST /entries/{id}/read, as its "Mark read" form does) once it has
// scrolled up past the top of the viewport, below the sticky header.
(function () {
  "use strict";
  if (document.body.dataset.markReadOnScroll !== "true") return;
  if (!("IntersectionObserver" in window)) return;
  const meta = document.querySelector('meta[name="csrf-token"]');
  if (!meta) return;
  const header = document.querySelector(".top");
  const top = header ? header.offsetHeight : 0;

  function markRead(item) {
    const button = item.querySelector('button[data-shortcut="m"]');
    if (!button || button.value !== "true") return; // already read
    const body = new FormData(button.form);
    body.append(button.name, button.value);
    button.value = "false"; // optimistic; a failure puts it back
    item.classList.add("read");
    fetch(button.formAction, {
      method: "POST",
      body: body,
      headers: { "X-CSRF-Token": meta.content, "X-Requested-With": "fetch" },
      credentials: "same-origin",
    }).then(function (response) {
      if (!response.ok) throw new Error(String(response.status));
      button.textContent = "Mark unread";
      button.setAttribute("aria-pressed", "true");
    }).catch(function () {
      button.value = "true";
      item.classList.remove("read");
    });
  }

  const observer = new IntersectionObserver(function (changes) {
    for (const change of changes) {
      // Left the visible area upwards (not downwards, and not merely not yet reached).
      if (!change.isIntersecting && change.boundingClientRect.bottom <= top + 1) {
        observer.unobserve(change.target);
        markRead(change.target);
      }
    }
  }, { rootMargin: "-" + top + "px 0px 0px 0px", threshold: 0 });

  document.querySelectorAll("[data-list] [data-entry]:not(.read)").forEach(function (item) {
    observer.observe(item);
  });
})();
