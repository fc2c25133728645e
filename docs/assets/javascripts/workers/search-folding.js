/* The site's search worker: Material's own (lunr), loaded when the first message arrives, with three repairs.

   1. Words are folded before they are indexed and before they are looked up: accents, case, ligatures and
      typographic apostrophes, so "integrite" finds "intégrité" and "Cote d'Ivoire" finds "Côte d’Ivoire".
      Folding comes before the trimmer and the stemmer (lunr-languages' French stemmer mishandles accents).
   2. Material appends "*" to every typed word, and lunr does not stem a word with a wildcard, so
      "evaluations" never met the indexed stem "evalu". Each such word is run through the index's own pipeline
      and looked up by the longest prefix it shares with its stem ("evaluations*" → "evalu*"); a stop word
      ("de", "the") or a lone letter (the "d" of "d'Ivoire") is dropped unless the query has nothing else.
   3. The page the query names comes first: result pages are put in order of how many of the query's words
      their title holds, then of how much of their title the query covers (a partner's page, titled with its
      name alone, before the events held there), then in Material's order.
   4. Material's worker (12 KiB gzipped) and the stemmers load only once the page sends the index, that is
      once the reader turns to search (see ../search-on-demand.js): a page that never searches fetches this file only.

   Material's worker file name changes with each Material release: tests/test_search_assets.py holds this one
   to the name overrides/base.html gives and to the file Material ships. Runs in a Web Worker, or in the
   iframe that Material's offline plugin uses in its place from file:// (where importScripts is asynchronous). */
(function () {
  "use strict";
  var MATERIAL_WORKER = "search.a7633da7.min.js";
  var WILDCARD = "*";
  var indexPipeline = null;

  function fold(text) {
    return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "")
      .replace(/œ/g, "oe").replace(/Œ/g, "OE").replace(/æ/g, "ae").replace(/Æ/g, "AE")
      .replace(/[\u2018\u2019\u02bc\u0060\u00b4]/g, "'").toLowerCase();
  }

  function commonPrefix(a, b) {
    var n = 0;
    while (n < a.length && n < b.length && a.charAt(n) === b.charAt(n)) n++;
    return a.slice(0, n);
  }

  function foldToken(token) {
    return token.update(fold);
  }

  function patch(lunr) {
    lunr.Pipeline.registerFunction(foldToken, "acipFold");

    /* The language plugin and Material have set the pipelines by the first document: fold goes first. */
    var add = lunr.Builder.prototype.add;
    lunr.Builder.prototype.add = function () {
      if (indexPipeline !== this.pipeline) {
        [this.pipeline, this.searchPipeline].forEach(function (pipeline) {
          var first = pipeline._stack[0];
          if (first === foldToken) return;
          if (first) pipeline.before(first, foldToken); else pipeline.add(foldToken);
        });
        indexPipeline = this.pipeline;
      }
      return add.apply(this, arguments);
    };

    /* Every clause of every query, those Material parses for its own analysis included. */
    var clause = lunr.Query.prototype.clause;
    lunr.Query.prototype.clause = function (spec) {
      var term = spec.term = fold(spec.term);
      var body = term.slice(0, term.length - 1);
      if (indexPipeline && term.charAt(term.length - 1) === WILDCARD && body && body.indexOf(WILDCARD) < 0) {
        var stems = indexPipeline.runString(body);
        if (!stems.length || body.length < 2) {
          this.acipDropped = (this.acipDropped || []).concat([spec]);
          return this;
        }
        var prefix = commonPrefix(body, stems[0]);
        spec.term = (prefix || body) + WILDCARD;
      }
      return clause.call(this, spec);
    };

    /* A query made only of stop words keeps them, rather than finding nothing at all. */
    var parse = lunr.QueryParser.prototype.parse;
    lunr.QueryParser.prototype.parse = function () {
      var query = parse.apply(this, arguments);
      if (!query.clauses.length && query.acipDropped) {
        query.acipDropped.forEach(function (spec) { clause.call(query, spec); });
      }
      return query;
    };
  }

  /* ------------------------------------------------------------------ ranking */

  var separator = /\s+/;
  var pending = [];

  function stems(text) {
    var words = fold(text.replace(/<[^>]*>/g, "")).split(separator);
    var found = [];
    words.forEach(function (word) {
      if (!word) return;
      indexPipeline.runString(word).forEach(function (stem) {
        var prefix = commonPrefix(word, stem) || stem;
        if (prefix && found.indexOf(prefix) < 0) found.push(prefix); /* a flag emoji leaves "" */
      });
    });
    return found;
  }

  function related(a, b) {
    return a.indexOf(b) === 0 || b.indexOf(a) === 0;
  }

  function rank(items, query) {
    var asked = stems(query);
    if (!asked.length || !indexPipeline) return items;
    var keyed = items.map(function (group, position) {
      var page = group.filter(function (item) { return item.location.indexOf("#") < 0; })[0] || group[0];
      var title = stems(page.title || "");
      var named = asked.filter(function (q) { return title.some(function (t) { return related(q, t); }); }).length;
      var covered = title.filter(function (t) { return asked.some(function (q) { return related(q, t); }); }).length;
      return { group: group, named: named, cover: title.length ? covered / title.length : 0, position: position };
    });

    keyed.sort(function (a, b) { return b.named - a.named || b.cover - a.cover || a.position - b.position; });
    /* Material's Enter key opens the result with the highest score: keep scores in the new order. */
    var top = 0;
    items.forEach(function (group) { group.forEach(function (item) { top = Math.max(top, item.score); }); });
    return keyed.map(function (entry, position) {
      entry.group.forEach(function (item) { item.score += (keyed.length - position) * (top + 1); });
      return entry.group;
    });
  }

  var post = self.postMessage;
  self.postMessage = function (message) {
    if (message && message.data && Array.isArray(message.data.items) && pending.length) {
      message.data.items = rank(message.data.items, pending.shift());
    }
    return post.apply(this, arguments);
  };

  /* ------------------------------------------------------------------ loading */

  function workerUrl() {
    /* In the offline iframe, scripts resolve against the page: take this file's own address instead. */
    var script = typeof document !== "undefined" && document.querySelector("script[src]");
    return new URL(MATERIAL_WORKER, script ? script.src : self.location.href).href;
  }

  var state = "idle";
  var queue = [];

  var replaying = false;

  function replay() {
    replaying = true;
    queue.splice(0).forEach(function (data) {
      self.dispatchEvent(new MessageEvent("message", { data: data }));
    });
    replaying = false;
  }

  addEventListener("message", function (event) {
    var message = event.data;
    if (replaying) return;
    if (message && message.data && message.data.config && message.data.config.separator) {
      separator = new RegExp(message.data.config.separator);
    } else if (message && typeof message.data === "string") {
      pending.push(message.data); /* a query: its result comes back in order */
    }
    if (state === "ready") return; /* Material's worker has its own listener by now */
    queue.push(event.data);
    if (state === "loading") return;
    state = "loading";
    Promise.resolve(importScripts(workerUrl())).then(function () {
      patch(self.lunr);
      state = "ready";
      replay();
    });
  });
})();
