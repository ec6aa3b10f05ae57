/* The network page: draws the shown network (the page's ?format=cyjs) with Cytoscape.js and fcose, names the
   best connected nodes where their names fit without covering anything, names any node on hover, selection or
   focus of its row in the table, and exports the picture as PNG and SVG. The form, the legend, the table and the
   downloads are server-rendered and work without this script. */
(function () {
  "use strict";
  const box = document.getElementById("cy");
  if (!box || typeof cytoscape === "undefined") return;

  const phone = window.matchMedia("(max-width: 760px)").matches;
  const LABEL_PX = phone ? 12 : 13;           // names on screen, whatever the zoom
  const LABEL_WIDTH_PX = phone ? 110 : 150;   // a longer name wraps
  const MAX_LABELS = phone ? 15 : 40;
  const ALWAYS_NAMED = phone ? 3 : 5;  // the best ranked are named even where a name covers another node
  let zoom = 1;

  const size = n => (14 + 5 * Math.sqrt(Math.min(n.data("degree") || 0, 40))) * (n.data("group") === "commitment" ? 0.7 : 1);
  const style = [
    { selector: "node", style: {
      "shape": n => (n.data("polygon") ? "polygon" : "ellipse"),
      "shape-polygon-points": n => n.data("polygon") || "-1 -1 1 -1 1 1 -1 1",
      "background-color": "data(colour)", "border-color": "#333333", "border-width": 1,
      "width": size, "height": size, "label": "",
      "font-family": "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif",
      "font-size": () => LABEL_PX / zoom, "text-max-width": () => LABEL_WIDTH_PX / zoom, "text-wrap": "wrap",
      "text-valign": n => (n.data("place") === "top" ? "top" : n.data("place") === "bottom" ? "bottom" : "center"),
      "text-halign": n => (n.data("place") === "left" ? "left" : n.data("place") === "right" ? "right" : "center"),
      "text-margin-y": n => (n.data("place") === "top" ? -3 : n.data("place") === "bottom" || !n.data("place") ? 3 : 0) / zoom,
      "text-margin-x": n => (n.data("place") === "left" ? -3 : n.data("place") === "right" ? 3 : 0) / zoom,
      "text-justification": "auto", "color": "#1d2430",
      "text-background-color": "#ffffff", "text-background-opacity": 0.85,
      "text-background-padding": () => 1.5 / zoom, "min-zoomed-font-size": 0 } },
    { selector: "node.named, node.hover, node:selected", style: { "label": "data(label)" } },
    { selector: "node.hover, node:selected", style: {
      "z-index": 20, "font-weight": "bold", "border-width": () => 3 / zoom, "border-color": "#f0a500",
      "text-background-opacity": 1 } },
    { selector: "node.faded", style: { "opacity": 0.3 } },
    { selector: "edge", style: {
      "line-color": "data(colour)", "line-style": "data(line)", "width": "data(width)", "curve-style": "bezier",
      "target-arrow-shape": e => (e.data("directed") ? "triangle" : "none"), "target-arrow-color": "data(colour)",
      "arrow-scale": 0.8, "opacity": 0.9 } },
    { selector: "edge.faded", style: { "opacity": 0.12 } },
  ];

  fetch(box.dataset.source, { headers: { Accept: "application/json" } })
    .then(r => { if (!r.ok) throw new Error(box.dataset.source + ": " + r.status); return r.json(); })
    .then(draw)
    .catch(e => console.error(e));

  function draw(data) {
    performance.mark("network-data");
    const cy = cytoscape({
      container: box, style, elements: data.elements, wheelSensitivity: 0.3, minZoom: 0.05, maxZoom: 5,
      boxSelectionEnabled: false, autoungrabify: false,
    });
    const layout = cy.layout({
      name: cy.nodes().length > 1 ? "fcose" : "grid", quality: "default", randomize: true, animate: false,
      nodeRepulsion: () => 9000, idealEdgeLength: () => 80, nodeSeparation: 90, padding: 24, fit: true,
    });
    layout.one("layoutstop", () => {
      performance.mark("network-layout");
      fitShape(cy);
      zoom = cy.zoom();
      cy.style().update();
      placeLabels(cy);
      performance.mark("network-named");
      box.dataset.ready = "true";
    });
    layout.run();

    let pending = null;
    cy.on("viewport resize", () => {
      clearTimeout(pending);
      pending = setTimeout(() => { zoom = cy.zoom(); cy.style().update(); placeLabels(cy); }, 120);
    });
    cy.on("mouseover", "node", e => highlight(cy, e.target));
    cy.on("mouseout", "node", () => highlight(cy, null));
    cy.on("tap", "node", e => describe(cy, e.target));
    cy.on("tap", e => { if (e.target === cy) describe(cy, null); });

    for (const a of document.querySelectorAll("a[data-node]")) {
      const node = () => cy.getElementById(a.dataset.node);
      a.addEventListener("focus", () => highlight(cy, node()));
      a.addEventListener("mouseenter", () => highlight(cy, node()));
      a.addEventListener("blur", () => highlight(cy, null));
      a.addEventListener("mouseleave", () => highlight(cy, null));
    }
    zoomButtons(cy);
    exportButtons(cy);
    window.samverkanNetwork = { cy, placeLabels: () => placeLabels(cy) };
  }

  /* Names for the best ranked nodes (betweenness, then degree): each goes below, above, right or left of its
     node, the first place where it stays inside the view and covers no other name or node; a node with no such
     place is named on hover, selection or focus. */
  function placeLabels(cy) {
    const view = cy.extent();
    const ranked = cy.nodes().sort((a, b) => (a.data("rank") || 1e9) - (b.data("rank") || 1e9))
      .slice(0, MAX_LABELS * 4);  // enough candidates; measuring every name of a big network costs seconds
    cy.batch(() => {
      cy.nodes(".named").removeClass("named");
      ranked.forEach(n => { n.data("place", "bottom"); n.addClass("named"); });
    });
    const bodies = cy.nodes().map(n => [n.id(), n.boundingBox({ includeLabels: false })]);
    const taken = [];
    const places = new Map();
    ranked.forEach((n, i) => {
      if (places.size >= MAX_LABELS) return;
      let best = null;  // the top ranked may cover other nodes (never a name) where no place is free
      for (const place of PLACES) {
        n.data("place", place);
        const label = n.boundingBox({ includeNodes: false, includeEdges: false, includeLabels: true });
        if (!label.w || !within(label, view) || taken.some(b => overlap(b, label))) continue;
        const covered = bodies.filter(([id, b]) => id !== n.id() && overlap(b, label)).length;
        if (!best || covered < best.covered) best = { place, label, covered };
        if (!covered) break;
      }
      if (best && (!best.covered || i < ALWAYS_NAMED)) {
        taken.push(best.label);
        places.set(n.id(), best.place);
      }
    });
    cy.batch(() => ranked.forEach(n => {
      n.data("place", places.get(n.id()) || "bottom");
      if (!places.has(n.id())) n.removeClass("named");
    }));
  }

  const PLACES = ["bottom", "top", "right", "left"];

  /* A wide layout in a tall box (a phone) or the reverse is turned a quarter (x and y swapped) to fill it. */
  function fitShape(cy) {
    const b = cy.nodes().boundingBox({ includeLabels: false });
    const wide = b.w > 1.2 * b.h, tall = b.h > 1.2 * b.w;
    const boxWide = box.clientWidth > box.clientHeight;
    if ((wide && !boxWide) || (tall && boxWide)) {
      cy.batch(() => cy.nodes().positions(n => ({ x: n.position("y"), y: n.position("x") })));
    }
    cy.fit(undefined, 24);
  }
  const overlap = (a, b) => a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2;
  const within = (a, v) => a.x1 >= v.x1 && a.x2 <= v.x2 && a.y1 >= v.y1 && a.y2 <= v.y2;

  function highlight(cy, node) {
    cy.batch(() => {
      cy.elements().removeClass("hover faded");
      if (!node || node.empty()) return;
      const near = node.closedNeighborhood();
      cy.elements().not(near).addClass("faded");
      node.addClass("hover");
    });
  }

  /* The selected node in words: its name (a link to its page), its type and its links. */
  function describe(cy, node) {
    const panel = document.getElementById("net-selected");
    if (!panel) return;
    if (!node) return;
    const page = document.querySelector(`a[data-node="${CSS.escape(node.id())}"]`);
    const heading = document.createElement("p");
    const name = document.createElement(page ? "a" : "strong");
    if (page) name.href = page.getAttribute("href");
    name.textContent = node.data("label");
    heading.append(name, " ", Object.assign(document.createElement("span"), { className: "kind", textContent: node.data("type_label") }));
    const list = document.createElement("ul");
    list.className = "items";
    for (const e of node.connectedEdges()) {
      const outgoing = e.source().same(node);
      const other = outgoing ? e.target() : e.source();
      const li = document.createElement("li");
      li.textContent = outgoing || !e.data("directed")
        ? `${e.data("relation_label")} ${other.data("label")}`
        : `${other.data("label")} ${e.data("relation_label")} ${node.data("label")}`;
      list.append(li);
    }
    panel.replaceChildren(heading);
    if (list.children.length) panel.append(list);
    else panel.append(document.getElementById("net-no-ties").content.cloneNode(true));
  }

  function zoomButtons(cy) {
    const bar = document.querySelector(".net-zoom");
    if (!bar) return;
    bar.hidden = false;
    bar.addEventListener("click", e => {
      const how = e.target.closest("button") && e.target.closest("button").dataset.zoom;
      const centre = { x: box.clientWidth / 2, y: box.clientHeight / 2 };
      if (how === "in") cy.zoom({ level: cy.zoom() * 1.4, renderedPosition: centre });
      if (how === "out") cy.zoom({ level: cy.zoom() / 1.4, renderedPosition: centre });
      if (how === "fit") cy.fit(undefined, 24);
    });
  }

  /* PNG and SVG of the picture as drawn (the links' server drawings are for browsers without this script). */
  function exportButtons(cy) {
    for (const a of document.querySelectorAll("a[data-export=png], a[data-export=svg]")) {
      a.addEventListener("click", e => {
        e.preventDefault();
        const png = a.dataset.export === "png";
        const blob = png ? cy.png({ output: "blob", full: true, scale: 2, bg: "#ffffff" })
          : new Blob([cy.svg({ full: true, bg: "#ffffff" })], { type: "image/svg+xml" });
        const link = document.createElement("a");
        link.href = URL.createObjectURL(blob);
        link.download = a.getAttribute("download") || (png ? "network.png" : "network.svg");
        document.body.append(link);
        link.click();
        link.remove();
        setTimeout(() => URL.revokeObjectURL(link.href), 10000);
      });
    }
  }
})();
