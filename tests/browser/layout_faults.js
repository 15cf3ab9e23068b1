// Run in the page by test_layout.py: for every element that ends past the screen's
// right edge, or whose content is wider than its box, what holds it. Returns the faults.
(() => {
  const faults = [];
  const width = window.innerWidth;
  const name = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
    (el.className && typeof el.className === 'string' ?
      '.' + el.className.trim().split(/\s+/).slice(0, 3).join('.') : '');
  const shown = el => {
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    return style.visibility !== 'hidden' && box.width > 0 && box.height > 0;
  };
  const overflowX = el => getComputedStyle(el).overflowX;
  // Closed parts, and text shown only to screen readers (KaTeX's MathML, the theme's
  // skip links), which is hidden on purpose.
  const closed = "dialog:not([open]), details:not([open]) > :not(summary), [hidden], " +
    ".katex-mathml, .sr-only, .visually-hidden";
  const inClosedPart = el => el.closest(closed);
  // KaTeX draws stretchy hats, arrows and braces as an SVG 400em wide, cut to its box on
  // purpose.
  const stretchy = ".katex .stretchy, .katex .hide-tail, .katex .halfarrow-left, " +
    ".katex .halfarrow-right, .katex .brace-left, .katex .brace-center, .katex .brace-right";
  if (document.documentElement.scrollWidth > width + 1) {
    faults.push(`the page scrolls sideways: ${document.documentElement.scrollWidth} px wide`);
  }
  for (const el of document.body.querySelectorAll('*')) {
    // Inside a drawing, the SVG's own viewport clips shapes by design; the svg element
    // itself is checked like any other.
    if (!shown(el) || inClosedPart(el) || el.closest(stretchy) ||
        el.closest('svg') !== el && el.closest('svg')) {
      continue;
    }
    const box = el.getBoundingClientRect();
    if (box.right > width + 1) {
      let holder = el.parentElement;
      while (holder && overflowX(holder) === 'visible') holder = holder.parentElement;
      const kind = holder ? overflowX(holder) : 'visible';
      if (kind === 'visible') {
        faults.push(`${name(el)} ends at ${Math.round(box.right)} px, past the screen`);
      } else if ((kind === 'auto' || kind === 'scroll') &&
                 holder.getBoundingClientRect().right <= width + 1) {
        // It scrolls inside a box on the screen: checked below with that box.
      } else if (holder !== document.documentElement && holder !== document.body) {
        faults.push(`${name(el)} is cut off by ${name(holder)} (overflow-x: ${kind})`);
      }
    }
    // What starts left of the screen, or left of the box it scrolls in, can never be
    // scrolled to (a scroll box starts at its left edge).
    let start = el.parentElement;
    while (start && overflowX(start) === 'visible') start = start.parentElement;
    const startKind = start ? overflowX(start) : 'visible';
    const startEdge = startKind === 'auto' || startKind === 'scroll' ?
      start.getBoundingClientRect().left : 0;
    if (box.left < startEdge - 1 && startKind !== 'hidden' && startKind !== 'clip') {
      faults.push(`${name(el)} starts at ${Math.round(box.left)} px, left of ` +
        (startEdge ? `the box it scrolls in (${name(start)})` : 'the screen'));
    }
    const kind = overflowX(el);
    const hiddenWidth = el.scrollWidth - el.clientWidth;
    if (hiddenWidth > 1 && (kind === 'auto' || kind === 'scroll')) {
      const mask = getComputedStyle(el).maskImage || getComputedStyle(el).webkitMaskImage;
      if (!el.hasAttribute('data-dlbook-scroll') || !mask || mask === 'none') {
        faults.push(`${name(el)} scrolls ${hiddenWidth} px with no cue`);
      }
    } else if (hiddenWidth > 1 && (kind === 'hidden' || kind === 'clip') &&
               getComputedStyle(el).textOverflow !== 'ellipsis') {
      faults.push(`${name(el)} hides ${hiddenWidth} px of its content (overflow-x: ${kind})`);
    }
  }
  return [...new Set(faults)];
})
