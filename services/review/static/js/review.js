// Progressive enhancement of the review pages: charts from the JSON the page carries, and
// tables sorted by clicking a heading. Every page works without it.
(function () {
  "use strict";
  var dataNode = document.getElementById("chart-data");
  if (dataNode && window.Chart) {
    var data = JSON.parse(dataNode.textContent);
    var font = "'Noto Sans CJK SC', 'Tibetan Machine Uni', sans-serif";
    var ROW_PX = 18;
    Chart.defaults.font.family = font;
    Chart.defaults.animation = false;
    var bars = document.getElementById("bars");
    if (bars && data.bars) {
      // Horizontal bars, one row per county and as tall as there are counties, so that every
      // county is labelled (vertical bars leave out names once 74 no longer fit across).
      bars.parentNode.style.height = Math.max(160, 48 + ROW_PX * data.bars.labels.length) + "px";
      new Chart(bars, {type: "bar", data: {labels: data.bars.labels,
        datasets: [{label: bars.dataset.label || "%", data: data.bars.data, backgroundColor: "#b5473a"}]},
        options: {indexAxis: "y", maintainAspectRatio: false,
          scales: {x: {min: 0, max: 100, position: "top"}, y: {ticks: {autoSkip: false}}},
          plugins: {legend: {display: false}}}});
    }
    var trend = document.getElementById("trend");
    if (trend && data.trend) {
      var colours = ["#7a1f1f", "#1f5a7a", "#2a7a2a", "#a66f00", "#6a3d9a", "#b15928", "#33a02c"];
      new Chart(trend, {type: "line", data: {labels: data.trend.months,
        datasets: data.trend.lines.map(function (line, i) {
          return {label: line.label, data: line.data, borderColor: colours[i % colours.length], spanGaps: true};
        })}, options: {maintainAspectRatio: false, scales: {y: {min: 0, max: 100}}}});
    }
  }
  function cellValue(row, index) {
    var text = row.cells[index].textContent.trim();
    var number = parseFloat(text);
    return isNaN(number) || !/^[-\d.]+$/.test(text) ? text : number;
  }
  document.querySelectorAll("table.sortable").forEach(function (table) {
    table.querySelectorAll("th").forEach(function (th, index) {
      th.addEventListener("click", function () {
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        var ascending = th.dataset.sorted !== "asc";
        rows.sort(function (a, b) {
          var x = cellValue(a, index), y = cellValue(b, index);
          if (x === y) { return 0; }
          return (x < y ? -1 : 1) * (ascending ? 1 : -1);
        });
        rows.forEach(function (row) { body.appendChild(row); });
        table.querySelectorAll("th").forEach(function (other) { delete other.dataset.sorted; });
        th.dataset.sorted = ascending ? "asc" : "desc";
      });
    });
  });
})();
