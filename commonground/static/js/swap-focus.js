// Where keyboard focus goes when htmx swaps in a new version of part of a page.
//
// htmx itself puts the focus back on a swapped-in element with the id of the one that had it (the
// register's marks keep theirs). A form replaced by its answer has no such element: the button
// that sent it is gone, the focus would fall to the page itself, and a keyboard user would start
// again from the top while a screen reader says nothing of the answer. So on the pages that load
// this script, the swapped part's error summary takes the focus (as the NHS.UK frontend does when a
// page loads with errors), or else its element marked data-swap-focus, a message saying what
// happened. Either is focusable by script only (tabindex="-1"), so the next Tab carries on from it.
document.addEventListener("htmx:afterSettle", (event) => {
  const part = event.target;
  if (!(part instanceof Element) || !part.isConnected) return;
  const landing =
    part.querySelector(".nhsuk-error-summary") ?? part.querySelector("[data-swap-focus]");
  if (!(landing instanceof HTMLElement)) return;
  if (!landing.hasAttribute("tabindex")) landing.setAttribute("tabindex", "-1");
  landing.focus();
});
