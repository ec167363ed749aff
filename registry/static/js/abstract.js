/* The abstract screen's progressive behaviour: as-you-type checks from the served field description,
   code suggestions, ICD-O-3 pickers, coding help, the unsaved-changes warning and keyboard shortcuts.
   The page works without it; the server checks everything again on save. */
(function () {
  "use strict";
  const form = document.getElementById("abstract-form");
  if (!form) { return; }
  let specs = {};
  let dirty = false;
  const PATTERNS = {
    digits: [/^\d+$/, "digits only (0-9)"],
    alpha: [/^[A-Z]+$/, "capital letters only (A-Z)"],
    mixed: [/^[A-Z0-9]+$/, "capital letters and digits only"],
    numeric: [/^-?\d+(\.\d+)?$/, "a number"],
  };
  const CODING_ITEMS = ["primarySite", "histologicTypeIcdO3", "behaviorCodeIcdO3", "dateOfDiagnosis",
    "sexAssignedAtBirth", "schemaDiscriminator1", "schemaDiscriminator2", "schemaDiscriminator3"];

  function input(id) { return form.querySelector('[data-item="' + id + '"]'); }
  function value(id) { const el = input(id); return el ? el.value.trim() : ""; }

  /* NAACCR dates: YYYY, YYYYMM or YYYYMMDD, and a real calendar date. */
  function validDate(v) {
    if (!/^(\d{4}|\d{6}|\d{8})$/.test(v)) { return false; }
    const y = +v.slice(0, 4), m = v.length >= 6 ? +v.slice(4, 6) : 1, d = v.length === 8 ? +v.slice(6, 8) : 1;
    const date = new Date(Date.UTC(y, m - 1, d));
    return y >= 1 && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
  }

  function inCodes(codes, v) {
    if (Object.prototype.hasOwnProperty.call(codes, v)) { return true; }
    return Object.keys(codes).some(function (key) {
      const parts = key.split("-");
      return parts.length === 2 && parts[0].length === v.length && parts[1].length === v.length &&
        /^\d+$/.test(v) && parts[0] <= v && v <= parts[1];
    });
  }

  function problem(spec, v) {
    if (!v) { return ""; }
    if (v.length > spec.length) { return spec.name + " holds at most " + spec.length + " characters"; }
    if (spec.type === "date") {
      if (!validDate(v)) { return spec.name + " must be a date YYYYMMDD, YYYYMM or YYYY"; }
    } else if (PATTERNS[spec.type] && !PATTERNS[spec.type][0].test(v)) {
      return spec.name + " takes " + PATTERNS[spec.type][1];
    }
    if (spec.codes && spec.strict && !inCodes(spec.codes, v)) { return v + " is not a code of " + spec.name; }
    return "";
  }

  function normalize(spec, raw) {
    let v = raw.trim();
    if (!v) { return v; }
    if (spec.codes && !(v in spec.codes) && (v.toUpperCase() in spec.codes)) { v = v.toUpperCase(); }
    if (spec.type === "alpha" || spec.type === "mixed") { v = v.toUpperCase(); }
    if (spec.leftZero && /^\d+$/.test(v) && v.length < spec.length) { v = v.padStart(spec.length, "0"); }
    return v;
  }

  function check(el) {
    const spec = specs[el.dataset.item];
    if (!spec) { return; }
    const v = el.value.trim();
    const msg = problem(spec, v);
    const box = document.getElementById("f-" + spec.id);
    const out = form.querySelector('[data-msg-for="' + spec.id + '"]');
    const label = form.querySelector('[data-label-for="' + spec.id + '"]');
    if (box) { box.classList.toggle("bad", msg !== ""); }
    if (out) { out.textContent = msg; }
    el.setAttribute("aria-invalid", msg ? "true" : "false");
    if (label && spec.codes) { label.textContent = spec.codes[v] || ""; }
  }

  function datalistFor(el) {
    const spec = specs[el.dataset.item];
    if (!spec || !spec.codes || el.getAttribute("list")) { return; }
    const list = document.createElement("datalist");
    list.id = "codes-" + spec.id;
    Object.keys(spec.codes).forEach(function (code) {
      const option = document.createElement("option");
      option.value = code;
      option.label = spec.codes[code].split("\n")[0].slice(0, 90);
      list.appendChild(option);
    });
    document.body.appendChild(list);
    el.setAttribute("list", list.id);
  }

  function markDirty() {
    if (!dirty) {
      dirty = true;
      const note = document.getElementById("dirty-note");
      if (note) { note.hidden = false; }
    }
  }

  /* ---- coding help: site/type validity and the staging schema, refreshed when the codes change ---- */
  let codingTimer = null;
  function refreshCoding() {
    clearTimeout(codingTimer);
    codingTimer = setTimeout(function () {
      const params = new URLSearchParams();
      CODING_ITEMS.forEach(function (id) { if (value(id)) { params.set(id, value(id)); } });
      fetch(form.dataset.codingUrl + "?" + params.toString(), { credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (data) { if (data) { showCoding(data); } });
    }, 250);
  }

  function text(tag, content, cls) {
    const el = document.createElement(tag);
    el.textContent = content;
    if (cls) { el.className = cls; }
    return el;
  }

  function showCoding(data) {
    const warn = document.getElementById("site-type");
    warn.textContent = data.siteType || "";
    warn.hidden = !data.siteType;
    const box = document.getElementById("staging");
    const st = data.staging;
    box.replaceChildren();
    const head = text("p", "Staging: " + (st.algorithm || "—") + (st.schema_id ? " · schema " + st.schema_name : ""));
    box.appendChild(head);
    box.appendChild(text("p", st.status, "hint"));
    st.questions.forEach(function (q) {
      box.appendChild(text("p", q.question + ": " + q.codes.map(function (c) { return c[0] + " = " + c[1]; }).join("; "), "warn"));
    });
    const shown = document.getElementById("sec-ssdi");
    if (st.site_specific.length && (!shown || form.dataset.schema !== st.schema_id)) {
      box.appendChild(text("p", "Save to show the " + st.site_specific.length + " site-specific data items of this schema.", "hint"));
    }
  }

  /* ---- ICD-O-3 pickers ---- */
  const picker = document.getElementById("picker");
  const pickerQ = document.getElementById("picker-q");
  const pickerList = document.getElementById("picker-list");
  let pickerKind = null, pickerReturn = null, pickerTimer = null, pickerItems = [], pickerIndex = -1;

  function openPicker(kind) {
    pickerKind = kind;
    pickerReturn = document.activeElement;
    document.getElementById("picker-title").textContent = kind === "topography" ? "Find a primary site (ICD-O-3 topography)" : "Find a histology (ICD-O-3 morphology)";
    pickerQ.value = "";
    pickerList.replaceChildren();
    picker.hidden = false;
    pickerQ.focus();
  }

  function closePicker() {
    picker.hidden = true;
    if (pickerReturn) { pickerReturn.focus(); }
  }

  function highlight(index) {
    pickerIndex = index;
    Array.prototype.forEach.call(pickerList.children, function (li, i) {
      li.setAttribute("aria-selected", i === index ? "true" : "false");
      if (i === index) { li.scrollIntoView({ block: "nearest" }); }
    });
  }

  function searchPicker() {
    clearTimeout(pickerTimer);
    pickerTimer = setTimeout(function () {
      const url = form.dataset.lookupUrl.replace("KIND", pickerKind) + "?q=" + encodeURIComponent(pickerQ.value);
      fetch(url, { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (items) {
        pickerItems = items;
        pickerList.replaceChildren();
        items.forEach(function (item, i) {
          const code = pickerKind === "topography" ? item.code : item.histology + "/" + item.behavior;
          const li = document.createElement("li");
          li.setAttribute("role", "option");
          li.appendChild(text("span", code, "code"));
          li.appendChild(text("span", " " + item.term, item.preferred === false ? "syn" : ""));
          li.addEventListener("mousedown", function (e) { e.preventDefault(); choose(i); });
          pickerList.appendChild(li);
        });
        highlight(items.length ? 0 : -1);
      });
    }, 120);
  }

  function setValue(id, v) {
    const el = input(id);
    if (!el || el.value === v) { return; }
    el.value = v;
    check(el);
    markDirty();
  }

  function choose(i) {
    const item = pickerItems[i];
    if (!item) { return; }
    if (pickerKind === "topography") {
      setValue("primarySite", item.code);
      setValue("textPrimarySiteTitle", item.term.slice(0, 100));
      pickerReturn = input("primarySite");
    } else {
      setValue("histologicTypeIcdO3", item.histology);
      setValue("behaviorCodeIcdO3", item.behavior);
      setValue("textHistologyTitle", item.term.slice(0, 100));
      pickerReturn = input("histologicTypeIcdO3");
    }
    closePicker();
    refreshCoding();
  }

  pickerQ.addEventListener("input", searchPicker);
  pickerQ.addEventListener("keydown", function (e) {
    if (e.key === "ArrowDown") { e.preventDefault(); highlight(Math.min(pickerIndex + 1, pickerItems.length - 1)); }
    else if (e.key === "ArrowUp") { e.preventDefault(); highlight(Math.max(pickerIndex - 1, 0)); }
    else if (e.key === "Enter") { e.preventDefault(); choose(pickerIndex); }
    else if (e.key === "Escape") { e.preventDefault(); closePicker(); }
  });
  picker.addEventListener("click", function (e) { if (e.target === picker) { closePicker(); } });
  document.querySelectorAll("[data-open-picker]").forEach(function (button) {
    button.addEventListener("click", function () { openPicker(button.dataset.openPicker); });
  });

  /* ---- sections and shortcuts ---- */
  const sections = Array.prototype.slice.call(document.querySelectorAll("[data-section]"));
  function currentSection() {
    const active = document.activeElement;
    const index = sections.findIndex(function (s) { return s.contains(active); });
    if (index >= 0) { return index; }
    const top = window.scrollY + 80;
    let found = -1;
    sections.forEach(function (s, i) { if (s.offsetTop <= top) { found = i; } });
    return found;
  }
  function goSection(step) {
    const target = sections[Math.min(Math.max(currentSection() + step, 0), sections.length - 1)];
    const first = target.querySelector("input:not([readonly]), textarea, select");
    target.scrollIntoView({ block: "start" });
    if (first) { first.focus({ preventScroll: true }); }
  }
  function press(id) { const b = document.getElementById(id); if (b) { form.requestSubmit(b); } }
  function focusItem(id) {
    const el = input(id);
    if (el) { el.scrollIntoView({ block: "center" }); el.focus({ preventScroll: true }); }
  }

  document.addEventListener("keydown", function (e) {
    if (!e.altKey || e.ctrlKey || e.metaKey) { return; }
    const key = e.key.toLowerCase();
    const actions = {
      s: function () { press("save-button"); },
      c: function () { press("complete-button"); },
      n: function () { goSection(1); },
      p: function () { goSection(-1); },
      j: function () { const link = document.getElementById("next-case"); if (link) { link.click(); } },
      t: function () { openPicker("topography"); },
      h: function () { openPicker("histology"); },
      e: function () { const link = document.querySelector("[data-focus]"); if (link) { focusItem(link.dataset.focus); } },
    };
    if (actions[key]) { e.preventDefault(); actions[key](); }
  });
  document.querySelectorAll("[data-focus]").forEach(function (link) {
    link.addEventListener("click", function (e) { e.preventDefault(); focusItem(link.dataset.focus); });
  });

  /* ---- the unsaved-changes warning ---- */
  form.addEventListener("input", function (e) {
    markDirty();
    if (e.target.dataset && e.target.dataset.item) { check(e.target); }
  });
  form.addEventListener("change", function (e) {
    const el = e.target;
    const spec = el.dataset && specs[el.dataset.item];
    if (spec) {
      const v = normalize(spec, el.value);
      if (v !== el.value) { el.value = v; }
      check(el);
      if (CODING_ITEMS.indexOf(spec.id) >= 0) { refreshCoding(); }
    }
  });
  form.addEventListener("focusin", function (e) { if (e.target.dataset && e.target.dataset.item) { datalistFor(e.target); } });
  form.addEventListener("submit", function () { dirty = false; });
  window.addEventListener("beforeunload", function (e) {
    if (dirty) { e.preventDefault(); e.returnValue = ""; }
  });

  fetch(form.dataset.fieldsUrl, { credentials: "same-origin" })
    .then(function (r) { return r.json(); })
    .then(function (data) {
      specs = data;
      form.querySelectorAll("[data-item]").forEach(function (el) {
        if (!specs[el.dataset.item]) { return; }
        if (el.value) { check(el); }
      });
      form.dataset.ready = "1";
    });
}());
