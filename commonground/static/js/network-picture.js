// Draw a network picture with Cytoscape.js from the JSON data block the page provides.
import cytoscape from "../vendor/cytoscape/cytoscape.esm.min.js";

// Colour-blind-safe colours for sectors (Okabe–Ito, then greys); the map's key repeats them
// as .cg-swatch--* in css/commonground.css, so change both together.
const SECTOR_COLOURS = {
  nhs_acute: "#0072B2", community_health: "#56B4E9", mental_health: "#009E73", primary_care: "#004D40",
  ambulance: "#D55E00", adult_social_care: "#E69F00", childrens_services: "#F0E442", public_health: "#CC79A7",
  district_council: "#8C510A", housing: "#66C2A5", voluntary_community: "#7B3294", faith: "#C2A5CF",
  police: "#1B1B1B", fire: "#B2182B", education: "#4D4D4D", other: "#9E9E9E",
};

// Cytoscape adds an inline <style> to <head>, which our CSP refuses (a console error), unless an
// element with this id already exists. Its one rule, `position: relative`, is in commonground.css.
const CYTOSCAPE_STYLESHEET_ID = "__________cytoscape_stylesheet";

function skipCytoscapeStylesheet() {
  if (document.getElementById(CYTOSCAPE_STYLESHEET_ID)) return;
  const marker = document.createElement("meta");
  marker.id = CYTOSCAPE_STYLESHEET_ID;
  document.head.append(marker);
}

// A person's own network is a star around them; a programme map is drawn by force, so that
// people who know each other sit together (a ring of dozens of dots shows nothing).
// Labels count as part of each node so that names do not overlap.
function layoutFor(data) {
  // A funder's map has a handful of sectors, not people: a circle keeps every label readable.
  if (data.aggregate) {
    return { name: "circle", animate: false, padding: 48, nodeDimensionsIncludeLabels: true };
  }
  if (data.nodes.some((node) => node.me)) {
    return { name: "concentric", animate: false, concentric: (node) => (node.data("me") ? 2 : 1),
      levelWidth: () => 1, nodeDimensionsIncludeLabels: true, minNodeSpacing: 24, padding: 24 };
  }
  return { name: "cose", animate: false, randomize: true, padding: 24,
    idealEdgeLength: () => 64, nodeRepulsion: () => 40000, nodeOverlap: 20 };
}

const MAX_FITTED_ZOOM = 1.5;

function draw(container) {
  const source = document.getElementById(container.dataset.networkPicture);
  if (!source) return;
  const data = JSON.parse(source.textContent);
  const elements = [
    ...data.nodes.map((node) => ({ data: node })),
    ...data.edges.map((edge, i) => ({ data: { id: `e${i}`, ...edge } })),
  ];
  const cy = cytoscape({
    container,
    elements,
    layout: layoutFor(data),
    userZoomingEnabled: false, // a mouse wheel over the picture scrolls the page, as people expect
    style: [
      { selector: "node", style: { "background-color": (n) => SECTOR_COLOURS[n.data("sector")] || "#9E9E9E",
        label: "data(label)", "font-size": 14, width: 16, height: 16, color: "#212b32",
        "text-valign": "bottom", "text-margin-y": 4, "text-background-color": "#ffffff",
        "text-background-opacity": 0.85, "text-background-padding": 2 } },
      { selector: "node[?me]", style: { width: 28, height: 28, "border-width": 3, "border-color": "#212b32",
        "font-weight": "bold" } },
      { selector: "edge", style: { width: 1.5, "line-color": "#aeb7bd" } },
      { selector: 'edge[kind = "new"]', style: { width: 3, "line-color": "#005eb8" } },
      { selector: 'edge[kind = "met"]', style: { "line-style": "dashed" } },
      { selector: "edge[label]", style: { label: "data(label)", "font-size": 12, "text-background-color": "#ffffff",
        "text-background-opacity": 0.85, "text-background-padding": 2 } },
    ],
  });
  // Fitting a small network to the box would blow its labels up several times over.
  if (cy.zoom() > MAX_FITTED_ZOOM) {
    cy.zoom(MAX_FITTED_ZOOM);
    cy.center();
  }
}

skipCytoscapeStylesheet();
document.querySelectorAll("[data-network-picture]").forEach(draw);
