# Installs what is missing, idempotently; sourced by ./run and ./test.
# Usage: . scripts/setup.sh build|test
# Every step says what it does and skips what is already there.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MODE="${1:-build}"
TRUNK_VERSION="0.21.14"
LEPTOSFMT_VERSION="0.1.33"
export PATH="$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"

say() { printf '\033[1;34m==>\033[0m %s\n' "$*"; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

APT_UPDATED=""
apt_install() {
  local missing=()
  for pkg in "$@"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  if [ ${#missing[@]} -eq 0 ]; then
    say "apt: $* already installed"
    return
  fi
  say "apt: installing ${missing[*]}"
  if [ -z "$APT_UPDATED" ]; then
    as_root apt-get update -qq
    APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# --- system packages
command -v cargo >/dev/null || { echo "cargo (rustup) is required" >&2; exit 1; }
command -v npm >/dev/null || apt_install nodejs npm
apt_install pkg-config
if [ "$MODE" = test ]; then
  # Headless browser for the wasm and end-to-end tests; CJK fonts so that
  # screenshots show Japanese.
  apt_install chromium chromium-driver fonts-noto-cjk poppler-utils
fi

# --- Rust target and components
if rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "rustup: wasm32-unknown-unknown already installed"
else
  say "rustup: adding wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi
for comp in rustfmt clippy; do
  rustup component list --installed | grep -q "^$comp" || { say "rustup: adding $comp"; rustup component add "$comp"; }
done

# --- trunk
if [ "$(trunk --version 2>/dev/null || true)" = "trunk $TRUNK_VERSION" ]; then
  say "trunk $TRUNK_VERSION already installed"
else
  say "cargo install trunk $TRUNK_VERSION (takes a few minutes once)"
  cargo install trunk --version "$TRUNK_VERSION" --locked
fi

# --- wasm-bindgen-cli at exactly the Cargo.lock version
WBG_VERSION="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$ROOT/Cargo.lock")"
if ! grep -q "wasm_bindgen = \"$WBG_VERSION\"" "$ROOT/Trunk.toml"; then
  echo "Trunk.toml [tools] wasm_bindgen must be \"$WBG_VERSION\" (the Cargo.lock version)" >&2
  exit 1
fi
if [ "$(wasm-bindgen --version 2>/dev/null || true)" = "wasm-bindgen $WBG_VERSION" ]; then
  say "wasm-bindgen-cli $WBG_VERSION already installed"
else
  # Without --locked: one of its locked dependencies is not in the registry here.
  say "cargo install wasm-bindgen-cli $WBG_VERSION (takes a few minutes once)"
  cargo install wasm-bindgen-cli --version "$WBG_VERSION"
fi

# --- leptosfmt: ./test checks the view! bodies that rustfmt leaves alone
if [ "$MODE" = test ]; then
  if [ "$(leptosfmt --version 2>/dev/null || true)" = "leptosfmt $LEPTOSFMT_VERSION" ]; then
    say "leptosfmt $LEPTOSFMT_VERSION already installed"
  else
    say "cargo install leptosfmt $LEPTOSFMT_VERSION (takes a minute once)"
    cargo install leptosfmt --version "$LEPTOSFMT_VERSION" --locked
  fi
fi

# --- npm: ECharts and binaryen (wasm-opt 132)
if [ "$ROOT/node_modules/.package-lock.json" -nt "$ROOT/package-lock.json" ] \
   && [ "$ROOT/node_modules/.package-lock.json" -nt "$ROOT/package.json" ]; then
  say "npm: node_modules up to date"
else
  say "npm ci"
  (cd "$ROOT" && npm ci --no-audit --no-fund --loglevel=error)
fi
case "$(wasm-opt --version 2>/dev/null || true)" in
  *"version 132"*) say "wasm-opt 132 from npm binaryen on PATH" ;;
  *) echo "wasm-opt 132 (npm binaryen) not found first on PATH" >&2; exit 1 ;;
esac
