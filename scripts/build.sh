# Builds the release app into dist/ and the single file into single/.
# Sourced after scripts/setup.sh.
say "trunk build --release → dist/"
(cd "$ROOT" && trunk build --release)
say "packing the single-file build → single/shinchoku.html"
(cd "$ROOT" && cargo run --quiet --release -p xtask -- single-file dist single/shinchoku.html)
