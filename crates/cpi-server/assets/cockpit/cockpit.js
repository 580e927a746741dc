// The cockpit's one script. Pages work without it (every form posts to the server, which
// validates everything); it adds live table filtering, copying a key, the wizard's steps,
// live name checks, and the parameter editor's Form and JSON views kept in sync both ways.
"use strict";

(function () {
  const NAME_PATTERN = /^[A-Za-z0-9._-]+$/;

  function $(root, selector) { return root.querySelector(selector); }
  function $$(root, selector) { return Array.from(root.querySelectorAll(selector)); }

  // --- Tables filtered as you type -------------------------------------------------------
  function setupTableFilters() {
    $$(document, "[data-filter-table]").forEach(function (input) {
      const table = document.getElementById(input.dataset.filterTable);
      if (!table) { return; }
      const count = $(document, '[data-filter-count="' + input.dataset.filterTable + '"]');
      const rows = $$(table, "tbody tr");
      input.addEventListener("input", function () {
        const needle = input.value.trim().toLowerCase();
        let shown = 0;
        rows.forEach(function (row) {
          const hit = needle === "" || (row.dataset.search || "").indexOf(needle) >= 0;
          row.hidden = !hit;
          if (hit) { shown += 1; }
        });
        if (count) { count.textContent = shown + " of " + rows.length + " instances"; }
      });
    });
  }

  // --- Copy a key's JSON -------------------------------------------------------------------
  function setupCopyButtons() {
    $$(document, "[data-copy]").forEach(function (button) {
      const source = document.getElementById(button.dataset.copy);
      const status = $(document, '[data-copy-status="' + button.dataset.copy + '"]');
      if (!source) { return; }
      button.hidden = false;
      button.addEventListener("click", function () {
        const text = source.textContent;
        const done = function () { if (status) { status.textContent = "Copied the key's JSON to the clipboard."; } };
        const fallback = function () {
          const range = document.createRange();
          range.selectNodeContents(source);
          const selection = window.getSelection();
          selection.removeAllRanges();
          selection.addRange(range);
          const copied = document.execCommand && document.execCommand("copy");
          if (status) { status.textContent = copied ? "Copied the key's JSON to the clipboard." : "Press Ctrl+C to copy the selected JSON."; }
        };
        if (navigator.clipboard && window.isSecureContext) {
          navigator.clipboard.writeText(text).then(done, fallback);
        } else {
          fallback();
        }
      });
    });
  }

  // --- The parameter editor: Form and JSON views --------------------------------------------
  function parseParameters(text) {
    if (text.trim() === "") { return { ok: true, value: {} }; }
    try {
      const value = JSON.parse(text);
      if (value === null || typeof value !== "object" || Array.isArray(value)) {
        return { ok: false, error: "The parameters must be a JSON object, like {\"roles\": []}." };
      }
      return { ok: true, value: value };
    } catch (e) {
      return { ok: false, error: "The JSON is not valid: " + e.message + "." };
    }
  }

  function Editor(root) {
    this.root = root;
    this.catalog = JSON.parse(root.dataset.catalog);
    this.plan = root.dataset.plan || "api";
    this.json = $(root, "[data-json]");
    this.status = $(root, "[data-json-status]");
    this.blocked = $(root, "[data-json-blocked]");
    this.fields = $(root, "[data-form-fields]");
    this.validity = $(root, "[data-token-validity]");
    this.redirects = $(root, "[data-redirect-uris]");
    this.search = $(root, "[data-role-search]");
    this.count = $(root, "[data-role-count]");
    const parsed = parseParameters(this.json.value);
    this.lastGood = parsed.ok ? parsed.value : {};
    this.valid = parsed.ok;
    this.bind();
    this.showRolesOf(this.plan);
    if (parsed.ok) { this.formFromJson(parsed.value); } else { this.markJson(parsed.error); }
    this.setupTabs(parsed.ok ? "form" : "json");
  }

  Editor.prototype.defaults = function () { return this.catalog.plans[this.plan].defaults; };

  Editor.prototype.effective = function (value, key) {
    return Object.prototype.hasOwnProperty.call(value, key) ? value[key] : this.defaults()[key];
  };

  Editor.prototype.roleList = function () { return $(this.root, '[data-roles-for="' + this.plan + '"]'); };

  Editor.prototype.formFromJson = function (value) {
    const grants = this.effective(value, "grant-types") || [];
    $$(this.root, "[data-grant]").forEach(function (box) { box.checked = grants.indexOf(box.value) >= 0; });
    const uris = this.effective(value, "redirect-uris") || [];
    this.redirects.value = Array.isArray(uris) ? uris.join("\n") : "";
    const roles = this.effective(value, "roles") || [];
    const list = this.roleList();
    if (Array.isArray(roles)) {
      roles.forEach(function (role) { if (typeof role === "string") { this.ensureRole(list, role); } }, this);
    }
    $$(list, "[data-role]").forEach(function (box) { box.checked = Array.isArray(roles) && roles.indexOf(box.value) >= 0; });
    const validity = this.effective(value, "token-validity");
    this.validity.value = validity === undefined || validity === null ? "" : String(validity);
    this.filterRoles();
  };

  Editor.prototype.ensureRole = function (list, role) {
    if ($$(list, "[data-role]").some(function (box) { return box.value === role; })) { return; }
    const target = $(list, "[data-custom-list]");
    if (!target) { return; } // an unknown role template: the server will name it
    const item = document.createElement("li");
    item.dataset.roleItem = "";
    item.dataset.search = role.toLowerCase() + " custom";
    const label = document.createElement("label");
    label.className = "check";
    const box = document.createElement("input");
    box.type = "checkbox";
    box.value = role;
    box.dataset.role = "";
    const name = document.createElement("strong");
    name.textContent = role;
    label.append(box, " ", name, " (custom role)");
    item.append(label);
    target.append(item);
  };

  Editor.prototype.jsonFromForm = function () {
    if (!this.valid) { return; }
    const value = Object.assign({}, this.lastGood);
    value["grant-types"] = $$(this.root, "[data-grant]").filter(function (b) { return b.checked; }).map(function (b) { return b.value; });
    value["redirect-uris"] = this.redirects.value.split("\n").map(function (s) { return s.trim(); }).filter(Boolean);
    value.roles = $$(this.roleList(), "[data-role]").filter(function (b) { return b.checked; }).map(function (b) { return b.value; });
    const validity = this.validity.value.trim();
    if (validity === "") { delete value["token-validity"]; } else { value["token-validity"] = Number.isNaN(Number(validity)) ? validity : Number(validity); }
    this.lastGood = value;
    this.json.value = JSON.stringify(value, null, 2);
    this.filterRoles();
    this.root.dispatchEvent(new Event("parameters-changed", { bubbles: true }));
  };

  Editor.prototype.markJson = function (error) {
    this.valid = !error;
    this.status.textContent = error || "";
    this.json.setAttribute("aria-invalid", error ? "true" : "false");
    this.blocked.hidden = !error;
    this.fields.hidden = Boolean(error);
  };

  Editor.prototype.onJsonInput = function () {
    const parsed = parseParameters(this.json.value);
    if (parsed.ok) {
      this.lastGood = parsed.value;
      this.markJson(null);
      this.formFromJson(parsed.value);
    } else {
      this.markJson(parsed.error);
    }
    this.root.dispatchEvent(new Event("parameters-changed", { bubbles: true }));
  };

  Editor.prototype.filterRoles = function () {
    const needle = (this.search.value || "").trim().toLowerCase();
    const items = $$(this.roleList(), "[data-role-item]");
    let shown = 0;
    items.forEach(function (item) {
      const hit = needle === "" || item.dataset.search.indexOf(needle) >= 0;
      item.hidden = !hit;
      if (hit) { shown += 1; }
    });
    const selected = $$(this.roleList(), "[data-role]").filter(function (b) { return b.checked; }).map(function (b) { return b.value; });
    this.count.textContent = shown + " of " + items.length + " roles shown. Selected (" + selected.length + "): " +
      (selected.length ? selected.join(", ") : "none");
  };

  Editor.prototype.showRolesOf = function (plan) {
    $$(this.root, "[data-roles-for]").forEach(function (div) { div.hidden = div.dataset.rolesFor !== plan; });
  };

  // Switching the plan keeps grant types and redirect URIs; roles and token validity go back
  // to the new plan's defaults when they do not fit it.
  Editor.prototype.setPlan = function (plan) {
    if (plan === this.plan || !this.catalog.plans[plan]) { return; }
    const before = this.defaults();
    this.plan = plan;
    this.showRolesOf(plan);
    if (!this.valid) { return; }
    const value = Object.assign({}, this.lastGood);
    const allowed = this.catalog.plans[plan].roles.map(function (r) { return r.name; });
    const roles = Array.isArray(value.roles) ? value.roles : [];
    if (!this.catalog.plans[plan].customRoles && !roles.every(function (r) { return allowed.indexOf(r) >= 0; })) {
      value.roles = this.defaults().roles;
    } else if (this.catalog.plans[plan].customRoles && roles.some(function (r) { return allowed.indexOf(r) < 0 && !/^[A-Za-z0-9_.]+$/.test(r); })) {
      value.roles = this.defaults().roles;
    } else if (roles.length === 0) {
      value.roles = this.defaults().roles;
    }
    if (value["token-validity"] === undefined || value["token-validity"] === before["token-validity"]) {
      value["token-validity"] = this.defaults()["token-validity"];
    }
    this.lastGood = value;
    this.json.value = JSON.stringify(value, null, 2);
    this.formFromJson(value);
  };

  Editor.prototype.addCustomRole = function () {
    const input = $(this.root, "[data-custom-role]");
    const status = $(this.root, "[data-custom-role-status]");
    const role = input.value.trim();
    if (!/^[A-Za-z0-9_.]+$/.test(role)) {
      status.textContent = "A role name has letters, digits, underscores and periods only.";
      input.setAttribute("aria-invalid", "true");
      return;
    }
    status.textContent = "";
    input.setAttribute("aria-invalid", "false");
    const list = this.roleList();
    this.ensureRole(list, role);
    $$(list, "[data-role]").forEach(function (box) { if (box.value === role) { box.checked = true; } });
    input.value = "";
    this.jsonFromForm();
  };

  Editor.prototype.bind = function () {
    const self = this;
    this.json.addEventListener("input", function () { self.onJsonInput(); });
    this.fields.addEventListener("change", function (event) {
      if (event.target.matches("[data-role-search], [data-custom-role]")) { return; }
      self.jsonFromForm();
    });
    this.redirects.addEventListener("input", function () { self.jsonFromForm(); });
    this.validity.addEventListener("input", function () { self.jsonFromForm(); });
    this.search.addEventListener("input", function () { self.filterRoles(); });
    const add = $(this.root, "[data-add-role]");
    if (add) { add.addEventListener("click", function () { self.addCustomRole(); }); }
    const custom = $(this.root, "[data-custom-role]");
    if (custom) {
      custom.addEventListener("keydown", function (event) {
        if (event.key === "Enter") { event.preventDefault(); self.addCustomRole(); }
      });
    }
  };

  Editor.prototype.setupTabs = function (initial) {
    const tabs = $$(this.root, '[role="tab"]');
    const self = this;
    $(this.root, "[data-tabs]").hidden = false;
    this.select = function (view, focus) {
      tabs.forEach(function (tab) {
        const on = tab.dataset.view === view;
        tab.setAttribute("aria-selected", on ? "true" : "false");
        tab.tabIndex = on ? 0 : -1;
        if (on && focus) { tab.focus(); }
      });
      $$(self.root, "[data-panel]").forEach(function (panel) { panel.hidden = panel.dataset.panel !== view; });
    };
    tabs.forEach(function (tab, index) {
      tab.addEventListener("click", function () { self.select(tab.dataset.view, false); });
      tab.addEventListener("keydown", function (event) {
        if (event.key !== "ArrowRight" && event.key !== "ArrowLeft") { return; }
        const next = tabs[(index + (event.key === "ArrowRight" ? 1 : tabs.length - 1)) % tabs.length];
        self.select(next.dataset.view, true);
      });
    });
    this.select(initial, false);
  };

  // --- The create wizard ---------------------------------------------------------------------
  function nameProblem(name) {
    if (name.length === 0) { return "Enter a name for the instance."; }
    if (name.length > 32) { return "The name has " + name.length + " characters; at most 32 are allowed."; }
    if (!NAME_PATTERN.test(name)) {
      const bad = Array.from(name).filter(function (c) { return !NAME_PATTERN.test(c); });
      const shown = bad.map(function (c) { return c === " " ? "space" : "“" + c + "”"; });
      return "Only letters, digits, period, underscore and hyphen are allowed (not " + Array.from(new Set(shown)).join(", ") + ").";
    }
    return null;
  }

  function setupWizard(form, editor) {
    const steps = $$(form, "[data-step]");
    const tabs = $$(document, "[data-step-tab]");
    const name = $(form, "[data-instance-name]");
    const nameStatus = $(form, "[data-name-status]");
    let current = Number(form.dataset.startStep || "1");
    $$(document, "[data-steps], [data-step-nav]").forEach(function (el) { el.hidden = false; });

    function checkName(show) {
      const problem = nameProblem(name.value.trim());
      name.setAttribute("aria-invalid", problem && show ? "true" : "false");
      nameStatus.classList.toggle("field-ok", !problem);
      nameStatus.textContent = problem ? (show ? problem : "") : "The name is valid.";
      return !problem;
    }
    function plan() { const checked = $(form, "[data-plan-choice]:checked"); return checked ? checked.value : "api"; }
    function review() {
      $(form, '[data-review="plan"]').textContent = plan();
      $(form, '[data-review="name"]').textContent = name.value.trim();
      const parsed = parseParameters(editor.json.value);
      $(form, '[data-review="parameters"]').textContent = parsed.ok ? JSON.stringify(parsed.value, null, 2) : editor.json.value;
    }
    function show(step, focus) {
      current = step;
      steps.forEach(function (section) { section.hidden = Number(section.dataset.step) !== step; });
      tabs.forEach(function (tab) {
        const n = Number(tab.dataset.stepTab);
        if (n === step) { tab.setAttribute("aria-current", "step"); } else { tab.removeAttribute("aria-current"); }
        tab.classList.toggle("done", n < step);
      });
      if (step === 3) { review(); }
      if (focus) { $(steps[step - 1], "h2").setAttribute("tabindex", "-1"); $(steps[step - 1], "h2").focus(); }
    }
    function canLeave(step) {
      if (step === 1 && !checkName(true)) { name.focus(); return false; }
      if (step === 2 && !editor.valid) { editor.select("json", true); editor.json.focus(); return false; }
      return true;
    }
    $$(form, "[data-next]").forEach(function (b) { b.addEventListener("click", function () { if (canLeave(current)) { show(current + 1, true); } }); });
    $$(form, "[data-back]").forEach(function (b) { b.addEventListener("click", function () { show(current - 1, true); }); });
    $$(form, "[data-plan-choice]").forEach(function (radio) { radio.addEventListener("change", function () { editor.setPlan(plan()); }); });
    name.addEventListener("input", function () { checkName(true); });
    name.addEventListener("keydown", function (event) {
      if (event.key === "Enter") { event.preventDefault(); if (canLeave(1)) { show(2, true); } }
    });
    form.addEventListener("submit", function (event) {
      if (!canLeave(1)) { event.preventDefault(); show(1, false); name.focus(); return; }
      if (!canLeave(2)) { event.preventDefault(); show(2, false); }
    });
    editor.setPlan(plan());
    show(current, false);
    if (name.value) { checkName(true); }
    const error = document.getElementById("wizard-error");
    if (error) { error.focus(); }
  }

  document.addEventListener("DOMContentLoaded", function () {
    setupTableFilters();
    setupCopyButtons();
    const editorRoot = $(document, "[data-editor]");
    const editor = editorRoot ? new Editor(editorRoot) : null;
    const wizard = $(document, "[data-wizard]");
    if (wizard && editor) { setupWizard(wizard, editor); }
  });
})();
