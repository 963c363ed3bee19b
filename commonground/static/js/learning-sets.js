// Drag a person onto another learning set: this fills in the same "Move to set" form the
// keyboard uses and asks for its preview, so nothing is saved until the lead presses "Save this move".
const grid = document.querySelector("[data-drag-sets]");

function setOf(element) {
  return element.closest(".cg-set");
}

if (grid) {
  grid.addEventListener("dragstart", (event) => {
    const member = event.target.closest(".cg-set-member[draggable='true']");
    if (!member) return;
    event.dataTransfer.setData("text/plain", member.dataset.person);
    event.dataTransfer.effectAllowed = "move";
  });
  grid.addEventListener("dragover", (event) => {
    const target = setOf(event.target);
    if (!target) return;
    event.preventDefault();
    target.dataset.dropTarget = "over";
  });
  grid.addEventListener("dragleave", (event) => {
    const target = setOf(event.target);
    if (target && !target.contains(event.relatedTarget)) delete target.dataset.dropTarget;
  });
  grid.addEventListener("drop", (event) => {
    const target = setOf(event.target);
    if (!target) return;
    event.preventDefault();
    delete target.dataset.dropTarget;
    const person = event.dataTransfer.getData("text/plain");
    const form = grid.querySelector(`.cg-set-member[data-person="${CSS.escape(person)}"] [data-move-form]`);
    if (!form || target.contains(form)) return; // dropped back on their own set: nothing to move
    form.elements.namedItem("to").value = target.dataset.setNumber;
    form.querySelector("[data-preview]").click();
  });
}
