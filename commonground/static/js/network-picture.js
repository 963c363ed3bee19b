// Draw a network picture with Cytoscape.js from the JSON data block the page provides.
import cytoscape from "../vendor/cytoscape/cytoscape.esm.min.js";

// Colour-blind-safe colours for sectors (Okabe–Ito, then greys).
const SECTOR_COLOURS = {
  nhs_acute: "#0072B2", community_health: "#56B4E9", mental_health: "#009E73", primary_care: "#004D40",
  ambulance: "#D55E00", adult_social_care: "#E69F00", childrens_services: "#F0E442", public_health: "#CC79A7",
  district_council: "#8C510A", housing: "#BF812D", voluntary_community: "#7B3294", faith: "#C2A5CF",
  police: "#1B1B1B", fire: "#B2182B", education: "#4D4D4D", other: "#9E9E9E",
};

function draw(container) {
  const source = document.getElementById(container.dataset.networkPicture);
  if (!source) return;
  const data = JSON.parse(source.textContent);
  const elements = [
    ...data.nodes.map((node) => ({ data: node })),
    ...data.edges.map((edge, i) => ({ data: { id: `e${i}`, ...edge } })),
  ];
  cytoscape({
    container,
    elements,
    layout: { name: data.nodes.length > 60 ? "cose" : "concentric", animate: false, randomize: false,
      concentric: (node) => (node.data("me") ? 2 : 1), levelWidth: () => 1 },
    userZoomingEnabled: true,
    style: [
      { selector: "node", style: { "background-color": (n) => SECTOR_COLOURS[n.data("sector")] || "#9E9E9E",
        label: "data(label)", "font-size": 10, width: 12, height: 12, color: "#212b32" } },
      { selector: "node[?me]", style: { width: 24, height: 24, "border-width": 3, "border-color": "#212b32" } },
      { selector: "edge", style: { width: 1, "line-color": "#aeb7bd" } },
      { selector: 'edge[kind = "new"]', style: { width: 2, "line-color": "#005eb8" } },
      { selector: 'edge[kind = "met"]', style: { "line-style": "dashed" } },
    ],
  });
}

document.querySelectorAll("[data-network-picture]").forEach(draw);
