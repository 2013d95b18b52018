// The search page, for Norwegian readers (fastlege_book/search.py builds the index it reads):
// - a figure is found as typed: "212 289" and "212289" alike, and a year such as "2024" (Sphinx's own
//   search drops every query word made of digits);
// - each preview comes from the page's article, without number tooltips, navigation or chart data;
// - a search without hits says so in Norwegian (Sphinx's Norwegian catalogue leaves it empty).
(function () {
  "use strict";
  if (typeof Search === "undefined" || typeof Documentation === "undefined") return;

  Documentation.addTranslations({
    locale: "nb_NO",
    plural_expr: "(n != 1)",
    messages: {
      "Your search did not match any documents. Please make sure that all words are spelled correctly and that you've selected enough categories.":
        "Søket ga ingen treff. Sjekk at ordene er stavet riktig, eller prøv andre eller færre ord.",
    },
  });

  // Digits in groups of three, as the book prints them and as readers type them: 212 289 → 212289.
  function joinDigitGroups(query) {
    return query.replace(/(\d)[\s\u00a0\u202f]+(?=\d{3}(?!\d))/g, "$1");
  }

  Search._parseQuery = function (query) {
    var stemmer = new Stemmer();
    var searchTerms = new Set();
    var excludedTerms = new Set();
    var highlightTerms = new Set();
    var joined = joinDigitGroups(query.trim());
    var objectTerms = new Set(splitQuery(joined.toLowerCase()));
    splitQuery(joined).forEach(function (queryTerm) {
      var lower = queryTerm.toLowerCase();
      if (stopwords.indexOf(lower) !== -1) return; // unlike Sphinx, keep words made of digits
      var word = /^\d+$/.test(lower) ? lower : stemmer.stemWord(lower);
      if (word[0] === "-") excludedTerms.add(word.substr(1));
      else {
        searchTerms.add(word);
        highlightTerms.add(lower);
      }
    });
    if (typeof SPHINX_HIGHLIGHT_ENABLED !== "undefined" && SPHINX_HIGHLIGHT_ENABLED) {
      localStorage.setItem("sphinx_highlight_terms", Array.from(highlightTerms).join(" "));
    }
    return [query, searchTerms, excludedTerms, highlightTerms, objectTerms];
  };

  // What a preview leaves out: tooltips, links to headings, scripts, navigation, the charts' specs and tables
  // (a chart's source line stays: it is text the page shows).
  var NOT_TEXT = ".headerlink, script, style, nav, .fl-tall-tip, .fl-chart-spec, .fl-chart-data .fl-table-wrap, " +
    ".fl-chart-download, .toctree-wrapper, .cell_input, .prev-next-area";

  Search.htmlToText = function (htmlString, anchor) {
    var doc = new DOMParser().parseFromString(htmlString, "text/html");
    doc.querySelectorAll(NOT_TEXT).forEach(function (el) { el.remove(); });
    var article = doc.querySelector("article.bd-article") || doc.querySelector('[role="main"]');
    if (!article) return "";
    var part = anchor ? article.querySelector(anchor) : null;
    return (part || article).textContent.replace(/\s+/g, " ");
  };

  // Where a query word first occurs in a text; a number also where the text prints it in groups (212 289).
  function firstPlace(textLower, word) {
    if (!/^\d{4,}$/.test(word)) return textLower.indexOf(word.toLowerCase());
    return textLower.search(new RegExp(word.split("").join("[\\s\\u00a0\\u202f]?")));
  }

  // Sphinx's preview (about 240 characters around the first query word), aware of grouped numbers.
  Search.makeSearchSummary = function (htmlText, keywords, anchor) {
    var text = Search.htmlToText(htmlText, anchor);
    if (text === "") return null;
    var lower = text.toLowerCase();
    var places = Array.from(keywords).map(function (k) { return firstPlace(lower, k); })
      .filter(function (i) { return i > -1; });
    var start = Math.max((places.length ? Math.min.apply(null, places) : 0) - 120, 0);
    var summary = document.createElement("p");
    summary.classList.add("context");
    summary.textContent = (start === 0 ? "" : "…") + text.substr(start, 240).trim() +
      (start + 240 < text.length ? "…" : "");
    return summary;
  };
})();
