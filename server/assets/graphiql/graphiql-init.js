// Starts GraphiQL against this shop's own endpoint, with the shop's session
// cookie (same origin). A file rather than an inline script, so the page's
// Content-Security-Policy allows scripts from the shop only.
(function () {
  var fetcher = GraphiQL.createFetcher({ url: "/api/graphql" });
  var root = ReactDOM.createRoot(document.getElementById("graphiql"));
  root.render(React.createElement(GraphiQL, { fetcher: fetcher, defaultEditorToolsVisibility: true }));
})();
