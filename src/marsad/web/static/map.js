// Marsad map: Natural Earth countries (TopoJSON, decoded here) and one marker per event place.
// No tile server: everything comes from this site. Popups are built from DOM text nodes,
// never from HTML strings, so place names cannot inject markup.
(function () {
  "use strict";
  var el = document.getElementById("map");
  if (!el || typeof L === "undefined") { return; }
  var status = document.getElementById("map-status");
  var eventsLabel = el.getAttribute("data-events-label") || "events";
  var placesLabel = el.getAttribute("data-places-label") || "places";
  var query = el.getAttribute("data-query") || "";

  // TopoJSON -> GeoJSON features for one object (quantised, delta-encoded arcs).
  function topoFeatures(topo, name) {
    var tf = topo.transform;
    var arcs = topo.arcs.map(function (arc) {
      var x = 0, y = 0;
      return arc.map(function (p) {
        if (!tf) { return [p[0], p[1]]; }
        x += p[0]; y += p[1];
        return [x * tf.scale[0] + tf.translate[0], y * tf.scale[1] + tf.translate[1]];
      });
    });
    function arcPoints(i) { return i < 0 ? arcs[~i].slice().reverse() : arcs[i]; }
    function ring(indexes) {
      var pts = [];
      indexes.forEach(function (i, k) {
        var a = arcPoints(i);
        pts.push.apply(pts, k ? a.slice(1) : a);
      });
      return pts;
    }
    var geoms = (topo.objects[name] || {}).geometries || [];
    return geoms.map(function (g) {
      var geometry = null;
      if (g.type === "Polygon") { geometry = { type: "Polygon", coordinates: g.arcs.map(ring) }; }
      else if (g.type === "MultiPolygon") {
        geometry = { type: "MultiPolygon", coordinates: g.arcs.map(function (p) { return p.map(ring); }) };
      }
      return { type: "Feature", id: g.id, properties: g.properties || {}, geometry: geometry };
    }).filter(function (f) { return f.geometry; });
  }

  var map = L.map(el, { worldCopyJump: true, minZoom: 2, maxZoom: 12, attributionControl: true })
    .setView([28, 10], 3);
  map.attributionControl.setPrefix("Leaflet");
  map.attributionControl.addAttribution("Natural Earth");

  function popup(point) {
    var box = document.createElement("div");
    box.className = "map-popup";
    var title = document.createElement("strong");
    title.textContent = point.name + (point.country ? " (" + point.country + ")" : "");
    box.appendChild(title);
    box.appendChild(document.createTextNode(" · " + point.count + " " + eventsLabel));
    var list = document.createElement("ul");
    point.event_ids.forEach(function (id) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = "/events/" + encodeURIComponent(id);
      a.textContent = "#" + id;
      li.appendChild(a);
      list.appendChild(li);
    });
    box.appendChild(list);
    return box;
  }

  fetch("/static/vendor/world-atlas/countries-110m.json", { credentials: "same-origin" })
    .then(function (r) { return r.json(); })
    .then(function (topo) {
      L.geoJSON({ type: "FeatureCollection", features: topoFeatures(topo, "countries") }, {
        style: { color: "#8a9bb0", weight: 0.8, fillColor: "#f4f1ea", fillOpacity: 1 },
        interactive: false
      }).addTo(map).bringToBack();
    })
    .catch(function () { if (status) { status.textContent = "countries layer unavailable"; } });

  fetch("/api/map" + (query ? "?" + query : ""), { credentials: "same-origin", headers: { Accept: "application/json" } })
    .then(function (r) { if (!r.ok) { throw new Error("HTTP " + r.status); } return r.json(); })
    .then(function (points) {
      var layer = L.featureGroup();
      points.forEach(function (p) {
        var radius = Math.min(22, 5 + Math.sqrt(p.count) * 2.5);
        L.circleMarker([p.lat, p.lon], {
          radius: radius, color: "#7a1b0c", weight: 1, fillColor: "#d9480f", fillOpacity: 0.75,
          className: "event-marker"
        }).bindPopup(popup(p)).addTo(layer);
      });
      layer.addTo(map);
      if (points.length) { map.fitBounds(layer.getBounds().pad(0.3), { maxZoom: 6 }); }
      el.setAttribute("data-markers", String(points.length));
      if (status) { status.textContent = points.length + " " + placesLabel; }
    })
    .catch(function (err) { if (status) { status.textContent = String(err); } el.setAttribute("data-markers", "error"); });
}());
