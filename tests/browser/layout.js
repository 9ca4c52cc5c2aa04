/* layout.js — run by tests/browser/render.sh in a copy of a report (never in the report itself,
 * which has no script): for every SVG chart, the boxes of its text elements as Chromium laid them
 * out. A problem is two texts that overlap, a text cut by the chart's edge, or a text inside the
 * plot area (the rectangle of the two axis lines). The result goes into the DOM as JSON on
 * <body data-layout>, which --dump-dom writes out for the test. */
(function () {
  var out = { charts: 0, texts: 0, problems: [] };
  var eps = 1.0; /* CSS px: boxes that touch are not an overlap */
  function name(svg, i) { return (svg.getAttribute('aria-label') || 'chart') + ' #' + i; }
  function inter(a, b) {
    return Math.min(a.right, b.right) - Math.max(a.left, b.left) > eps &&
           Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > eps;
  }
  var svgs = document.querySelectorAll('svg.chart');
  for (var si = 0; si < svgs.length; si++) {
    var svg = svgs[si], sr = svg.getBoundingClientRect();
    out.charts++;
    var texts = [], boxes = [];
    var all = svg.querySelectorAll('text');
    for (var i = 0; i < all.length; i++)
      if (all[i].textContent.replace(/\s/g, '') !== '') { texts.push(all[i]); boxes.push(all[i].getBoundingClientRect()); }
    out.texts += texts.length;
    var ax = svg.querySelectorAll('line.axis'), plot = null;
    if (ax.length >= 2) {
      var a = ax[0].getBoundingClientRect(), b = ax[1].getBoundingClientRect();
      plot = { left: Math.min(a.left, b.left), right: Math.max(a.right, b.right),
               top: Math.min(a.top, b.top), bottom: Math.max(a.bottom, b.bottom) };
    }
    for (var i = 0; i < texts.length; i++) {
      var r = boxes[i], t = texts[i].textContent;
      if (r.left < sr.left - eps || r.right > sr.right + eps || r.top < sr.top - eps || r.bottom > sr.bottom + eps)
        out.problems.push(name(svg, si) + ': "' + t + '" is cut by the edge of the chart');
      if (plot && inter(r, plot))
        out.problems.push(name(svg, si) + ': "' + t + '" lies on the plot area');
      for (var j = i + 1; j < texts.length; j++)
        if (inter(r, boxes[j]))
          out.problems.push(name(svg, si) + ': "' + t + '" overlaps "' + texts[j].textContent + '"');
    }
  }
  document.body.setAttribute('data-layout', JSON.stringify(out));
})();
