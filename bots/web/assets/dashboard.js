// The dashboard's one script: draws every chart from the JSON block its box names. Loaded as a
// file (the Content-Security-Policy allows no inline script); pages work without it, less the charts.
(function () {
  'use strict';

  function draw(box) {
    var block = document.getElementById(box.getAttribute('data-chart'));
    if (!block || typeof echarts === 'undefined') return;
    var option = JSON.parse(block.textContent);
    // Tooltips drawn inside the chart, not as HTML: nothing needs an inline style the CSP would refuse.
    if (option.tooltip) option.tooltip.renderMode = 'richText';
    var height = Number(box.getAttribute('data-height'));
    if (height > 0) box.style.height = Math.min(Math.max(height, 180), 560) + 'px';
    var chart = echarts.init(box, null, { renderer: 'canvas' });
    chart.setOption(option);
    chart.on('click', function (params) {
      if (params.data && params.data.link) window.location.assign(params.data.link);
    });
    if (typeof ResizeObserver !== 'undefined')
      new ResizeObserver(function () {
        chart.resize();
      }).observe(box);
    box.setAttribute('data-drawn', 'true');
  }

  function drawAll() {
    var boxes = document.querySelectorAll('[data-chart]');
    for (var i = 0; i < boxes.length; i += 1) draw(boxes[i]);
    document.documentElement.setAttribute('data-charts-drawn', String(boxes.length));
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', drawAll);
  else drawAll();
})();
