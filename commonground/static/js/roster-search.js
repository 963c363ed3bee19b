// The relationship survey's search, filtering its rows as a person types. Rows that do not match
// are hidden, never removed: their ticks stay in the form and are saved with it. Without this
// script the search form asks the server instead, and every row shows.
const form = document.querySelector("[data-roster-search]");
const list = form && document.getElementById(form.dataset.rosterSearch);

// "Zoë" is found by "zoe", and every word typed must appear somewhere in the row.
function folded(text) {
  return text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
}

if (form && list) {
  const input = form.querySelector("input[type=search]");
  const shown = list.querySelector("[data-roster-shown]");
  const none = list.querySelector("[data-roster-none]");
  let announce = 0;

  const filter = ({ quietly = false } = {}) => {
    const words = folded(input.value).split(/\s+/).filter(Boolean);
    const rows = [...list.querySelectorAll("[data-roster-row]")];
    let matching = 0;
    for (const row of rows) {
      const text = row.dataset.searchText ?? (row.dataset.searchText = folded(row.dataset.search || ""));
      row.hidden = !words.every((word) => text.includes(word));
      if (!row.hidden) matching += 1;
    }
    if (none) none.hidden = matching > 0;
    if (quietly || !shown) return;
    // Said once typing pauses, not after every letter.
    clearTimeout(announce);
    announce = setTimeout(() => {
      const people = rows.length === 1 ? "colleague" : "colleagues";
      shown.textContent = words.length
        ? `${matching} of ${rows.length} listed ${people} shown.`
        : `${rows.length} listed ${people}.`;
    }, 250);
  };

  form.querySelector("[data-roster-search-button]")?.setAttribute("hidden", "");
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    filter();
  });
  input.addEventListener("input", () => filter());
  // A row saved in place comes back from the server: keep it hidden or shown as the search says.
  document.body.addEventListener("htmx:afterSwap", () => filter({ quietly: true }));
  if (input.value) filter();
}
