// The register's mark buttons stay in place while a tap is saved: a second tap made before the
// first is answered waits its turn on the row's form instead of being lost with a replaced row.
// Each answer names the mark that now stands for that person (the one saved, or the one kept when
// a tap was refused), and this presses that button and releases the others.
document.body.addEventListener("register:marked", (event) => {
  const { person, mark } = event.detail ?? {};
  const row = document.getElementById(`person-${person}`);
  if (!row) return;
  for (const button of row.querySelectorAll("button[name=mark]")) {
    button.setAttribute("aria-pressed", String(button.value === mark));
  }
});
