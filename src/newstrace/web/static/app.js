// newstrace workbench: the network graph (cytoscape.js). Loaded as a file; the
// Content-Security-Policy allows no inline script. Evidence text is inserted with
// textContent, never as HTML.
"use strict";

(function () {
  const COLORS = {
    person: "#2f855a", party: "#c05621", organization: "#6b46c1", state: "#2b6cb0",
    place: "#718096", unnamed_source: "#b83280", other: "#4a5568",
  };

  function el(tag, text, attrs) {
    const node = document.createElement(tag);
    if (text) node.textContent = text;
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    return node;
  }

  function showEdge(panel, edge, names) {
    panel.replaceChildren();
    const title = (edge.negated ? "denied " : "") + edge.kind.replace(/_/g, " ");
    panel.appendChild(el("h3", (names[edge.source] || "?") + " — " + title + " — " + (names[edge.target] || "?")));
    if (edge.date) panel.appendChild(el("p", "Date: " + edge.date, { class: "meta" }));
    for (const ev of edge.evidence) {
      const p = el("p", ev.sentence || ev.text, { class: "evidence-sentence" });
      if (typeof ev.link === "string" && ev.link.startsWith("/articles/")) {
        p.appendChild(document.createTextNode(" "));
        p.appendChild(el("a", "in the article", { href: ev.link, class: "ev-link" }));
      }
      panel.appendChild(p);
    }
    panel.focus();
  }

  function drawNetwork() {
    const box = document.getElementById("graph");
    if (!box || typeof window.cytoscape !== "function") return;
    const panel = document.getElementById("edge-panel");
    fetch(box.dataset.src, { headers: { Accept: "application/json" } })
      .then((r) => r.json())
      .then((data) => {
        const names = {};
        for (const n of data.nodes) names[n.id] = n.name;
        const elements = [
          ...data.nodes.map((n) => ({ data: { id: n.id, label: n.name, type: n.type, size: 18 + Math.min(40, Math.sqrt(n.mentions) * 6) } })),
          ...data.edges.map((e) => ({ data: { id: "e" + e.id, source: e.source, target: e.target, label: (e.negated ? "denied " : "") + e.kind.replace(/_/g, " "), negated: e.negated ? 1 : 0, edge: e } })),
        ];
        const cy = window.cytoscape({
          container: box,
          elements: elements,
          style: [
            { selector: "node", style: { label: "data(label)", "font-size": 11, width: "data(size)", height: "data(size)", "background-color": (n) => COLORS[n.data("type")] || COLORS.other, color: "#1b1f24", "text-valign": "bottom", "text-margin-y": 3 } },
            { selector: "edge", style: { label: "data(label)", "font-size": 9, "curve-style": "bezier", "target-arrow-shape": "triangle", width: 2, "line-color": "#8aa1b8", "target-arrow-color": "#8aa1b8", "text-rotation": "autorotate", color: "#37414b" } },
            { selector: "edge[negated = 1]", style: { "line-style": "dashed", "line-color": "#c53030", "target-arrow-color": "#c53030" } },
            { selector: ":selected", style: { "line-color": "#f5a623", "target-arrow-color": "#f5a623", "border-width": 3, "border-color": "#f5a623" } },
          ],
          layout: { name: data.nodes.length > 1 ? "cose" : "grid", animate: false, padding: 20 },
        });
        cy.on("tap", "edge", (evt) => showEdge(panel, evt.target.data("edge"), names));
        cy.on("tap", "node", (evt) => { window.location.href = "/actors/" + encodeURIComponent(evt.target.id()); });
        window.newstraceGraph = cy;
        box.dataset.ready = String(data.edges.length);
      })
      .catch((err) => { box.replaceChildren(el("p", "The graph could not load: " + err, { class: "error-message" })); });
  }

  document.addEventListener("DOMContentLoaded", drawNetwork);
})();
