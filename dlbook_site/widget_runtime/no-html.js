// Stands in for sanitize-html, which ManagerBase uses only for widget descriptions marked
// `description_allow_html` (the book has none) and which would add ~250 KB to the bundle.
// It keeps no HTML at all: every character is shown as text, which is always safe.
export default function escapeAll(text) {
  const div = document.createElement("div");
  div.textContent = String(text);
  return div.innerHTML;
}
