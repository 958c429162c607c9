// MathJax 3 settings for the formulas that pymdownx.arithmatex (generic mode, see
// mkdocs.yml) wraps as <span class="arithmatex">\(...\)</span> and
// <div class="arithmatex">\[...\]</div>. Only those elements are typeset, so a "$" in
// ordinary text or code is never taken for math. Loaded before MathJax itself.
window.MathJax = {
  tex: {
    inlineMath: [["\\(", "\\)"]],
    displayMath: [["\\[", "\\]"]],
    processEscapes: true,
    processEnvironments: true,
  },
  options: {
    ignoreHtmlClass: ".*|",
    processHtmlClass: "arithmatex",
  },
};
