#!/usr/bin/env bash
# Refreshes the GraphiQL page's vendored assets (server/assets/graphiql/) from
# the npm registry, pinned: graphiql's UMD build and the React 18 it needs
# (graphiql 5 and React 19 have no UMD builds). Run by hand when upgrading;
# the build itself never downloads anything.
set -euo pipefail
cd "$(dirname "$0")/.."
GRAPHIQL=4.1.2
REACT=18.3.1
out=server/assets/graphiql
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "graphiql@$GRAPHIQL" "react@$REACT" "react-dom@$REACT" >/dev/null)
for pkg in "graphiql-$GRAPHIQL" "react-$REACT" "react-dom-$REACT"; do
  mkdir -p "$work/$pkg" && tar xzf "$work/$pkg.tgz" -C "$work/$pkg"
done
cp "$work/graphiql-$GRAPHIQL/package/graphiql.min.js" "$out/graphiql.min.js"
cp "$work/graphiql-$GRAPHIQL/package/graphiql.min.css" "$out/graphiql.min.css"
cp "$work/react-$REACT/package/umd/react.production.min.js" "$out/react.production.min.js"
cp "$work/react-dom-$REACT/package/umd/react-dom.production.min.js" "$out/react-dom.production.min.js"
{
  echo "graphiql $GRAPHIQL (MIT), react $REACT and react-dom $REACT (MIT), from the npm registry."
  echo
  cat "$work/graphiql-$GRAPHIQL/package/LICENSE"
  echo
  cat "$work/react-$REACT/package/LICENSE"
} > "$out/LICENSES.txt"
echo "vendored into $out:"
ls -l "$out"
