// The length of a page's lesson path on the screen it is opened on, in screens: from the
// top of its title to the top of its "How we checked this page" part (or, on a page
// without one, the end of its article), with every closed part left closed.
() => {
  document.querySelectorAll("details[open]").forEach((d) => { d.open = false; });
  const article = document.querySelector("article.bd-article");
  const title = article.querySelector("h1");
  const checks = article.querySelector("details.how-we-checked");
  const top = (el) => el.getBoundingClientRect().top + window.scrollY;
  const start = top(title);
  const end = checks
    ? top(checks.closest("section"))
    : article.getBoundingClientRect().bottom + window.scrollY;
  return {
    screens: Math.round(((end - start) / window.innerHeight) * 10) / 10,
    checks: Boolean(checks),
  };
}
