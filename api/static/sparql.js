/* The SPARQL page: YASGUI (from npm, served by us) in place of the plain form, querying our own /sparql.
   Its words are the page's language: config where YASGUI has one, else its English titles and labels replaced. */
(function () {
  "use strict";
  var root = document.getElementById("sparql-editor");
  var form = document.getElementById("sparql-form");
  if (!root || !form || !window.Yasgui) return;  // the plain form keeps working
  var words = JSON.parse(document.getElementById("sparql-words").textContent);
  var texts = JSON.parse(document.getElementById("sparql-example-texts").textContent);
  var ui = words.ui;
  var Yasgui = window.Yasgui;
  var Yasr = Yasgui.Yasr;

  // plugin names come from their constructors: rename them in subclasses registered under the same names
  ["table", "response", "boolean", "error"].forEach(function (name) {
    var Base = Yasr.plugins[name];
    if (!Base) return;
    class Named extends Base {
      constructor(yasr) { super(yasr); if (this.label && ui[this.label]) this.label = ui[this.label]; }
    }
    Named.defaults = Base.defaults;
    Yasr.registerPlugin(name, Named);
  });
  if (Yasr.plugins.table && Yasr.plugins.table.defaults) {
    var tableConfig = Yasr.plugins.table.defaults.tableConfig || {};
    tableConfig.language = Object.assign({}, tableConfig.language || {}, words.table);
    Yasr.plugins.table.defaults.tableConfig = tableConfig;
  }

  var query = document.getElementById("sparql-query").value;
  var endpoint = new URL(root.dataset.endpoint, window.location.href).href;
  var yasgui = new Yasgui(root, {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: false,
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; }, keys: [] },
    tabName: ui.Query,
    persistenceId: null,
    populateFromUrl: false,
    autofocus: false,
    yasqe: {
      value: query,
      persistenceId: null,
      editorHeight: "16rem",
      autocompleters: ["variables", "prefixes"],  // not "class"/"property": they ask a server elsewhere (LOV)
      // Tab and Shift+Tab leave the editor (no keyboard trap); Ctrl+Enter runs the query
      extraKeys: { Tab: false, "Shift-Tab": false },
      createShareableLink: null
    },
    yasr: { persistenceId: null, prefixes: {}, pluginOrder: ["table", "response"], defaultPlugin: "table" }
  });
  form.hidden = true;
  document.getElementById("sparql-examples").hidden = false;
  document.documentElement.classList.add("has-yasgui");

  var tab = yasgui.getTab();
  var pick = document.getElementById("sparql-example");
  pick.addEventListener("change", function () {
    var i = pick.selectedIndex - 1;
    if (i >= 0 && texts[i]) tab.getYasqe().setValue(texts[i]);
  });

  // the English words YASGUI writes as text, titles, labels and placeholders, in the page's language
  var ATTRS = ["title", "aria-label", "placeholder"];
  // sentences with a plugin's name in them ("Shows Tabell view")
  var decimal = function (n) { return words.decimal === "," ? n.replace(".", ",") : n; };
  var PATTERNS = [
    [/^Shows (.+) view$/, function (m) { return words.shows.replace("%s", m[1]); }],
    [/^View documentation of (.+)$/, function () { return ui.Documentation; }],
    [/^(\d+) results? in ([\d.]+) seconds?$/, function (m) {
      return words.answered.replace("%n", m[1]).replace("%s", decimal(m[2])); }],
    [/^Response in ([\d.]+) seconds?$/, function (m) { return words.answered_in.replace("%s", decimal(m[1])); }]
  ];
  function say(v) {
    if (ui[v]) return ui[v];
    for (var i = 0; i < PATTERNS.length; i++) {
      var m = PATTERNS[i][0].exec(v);
      if (m) return PATTERNS[i][1](m);
    }
    return v;
  }
  function translate(el) {
    ATTRS.forEach(function (a) {
      var v = el.getAttribute && el.getAttribute(a);
      var said = v && say(v);
      if (said && said !== v) el.setAttribute(a, said);
    });
    if (el.childNodes.length === 1 && el.firstChild.nodeType === 3) {
      var t = el.firstChild.nodeValue.trim().replace(/:$/, "");
      var said = t && say(t);
      if (said && said !== t) el.firstChild.nodeValue = said;
    }
  }
  function sweep(node) {
    if (node.nodeType !== 1) return;
    translate(node);
    node.querySelectorAll("*").forEach(translate);
    // CodeMirror's hidden input has no name of its own
    node.querySelectorAll(".CodeMirror textarea:not([aria-label])").forEach(function (t) {
      t.setAttribute("aria-label", ui["Query editor"]);
    });
    node.querySelectorAll("select.tableSizer:not([aria-label])").forEach(function (t) {
      t.setAttribute("aria-label", ui["Results per page"]);
    });
  }
  sweep(root);
  new MutationObserver(function (changes) {
    changes.forEach(function (c) {
      if (c.type === "attributes") return translate(c.target);
      translate(c.target);  // a text set with innerText
      c.addedNodes.forEach(sweep);
    });
  }).observe(root, { childList: true, subtree: true, attributes: true, attributeFilter: ATTRS });
  window.samverkanYasgui = yasgui;
})();
