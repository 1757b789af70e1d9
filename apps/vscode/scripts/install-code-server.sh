#!/usr/bin/env bash
# Installs code-server 4.100.3 (VS Code 1.100.3, the last line that runs on Node 20) into a scratch folder outside
# the workspace, for the end-to-end suite. Idempotent: a finished install (marked by .installed) is left alone.
# Recipe and reasons: shared/notes/platforms-and-tooling.md, "Real VS Code, headless". Needs the Debian packages
# chromium libkrb5-dev ripgrep build-essential (the CI entry installs them).
# Prints the folder that holds node_modules/.bin/code-server on its last line.
set -euo pipefail

VERSION=4.100.3
DIR="${UPSCALE_CODE_SERVER_DIR:-${UPSCALE_E2E_CACHE:-$HOME/.cache/upscale-e2e}/code-server-$VERSION}"
# code-server writes to ~/.config and ~/.local/share even for --version: keep it inside the scratch folder.
export XDG_CONFIG_HOME="$DIR/xdg/config" XDG_DATA_HOME="$DIR/xdg/data" npm_config_yes=true npm_config_fund=false \
  npm_config_audit=false npm_config_update_notifier=false

# Native modules build with node-gyp, which would download Node's headers from a non-npm host: use the local ones.
if [[ -z "${npm_config_nodedir:-}" && -f /usr/include/node/node.h ]]; then export npm_config_nodedir=/usr; fi

if [[ -f "$DIR/.installed" && -x "$DIR/node_modules/.bin/code-server" ]]; then
  echo "code-server $VERSION already installed" >&2
  echo "$DIR"
  exit 0
fi

mkdir -p "$DIR" "$XDG_CONFIG_HOME" "$XDG_DATA_HOME"
cd "$DIR"
rm -f .installed
# argon2 is code-server's own native dependency (password hashing); its build is allowed explicitly.
cat >package.json <<JSON
{ "name": "upscale-e2e-code-server", "private": true, "allowScripts": { "argon2": true } }
JSON

# Its postinstall would download from non-npm hosts: install without scripts and replay the steps that matter.
npm install --ignore-scripts --save-exact "code-server@$VERSION" >&2

VSCODE="$DIR/node_modules/code-server/lib/vscode"
node -e '
const fs = require("fs");
const file = process.argv[1];
const pkg = JSON.parse(fs.readFileSync(file, "utf8"));
// ripgrep is refused: its script downloads the binary from GitHub; Debian ripgrep is linked in instead. The
// windows-* modules only build on Windows.
pkg.allowScripts = { "@vscode/spdlog": true, "node-pty": true, "native-watchdog": true, kerberos: true,
  "@vscode/deviceid": true, "@parcel/watcher": true, "@vscode/ripgrep": false,
  "@vscode/windows-process-tree": false, "@vscode/windows-registry": false };
fs.writeFileSync(file, JSON.stringify(pkg, null, 2));
' "$VSCODE/package.json"
(cd "$VSCODE" && npm install --omit=dev >&2)
mkdir -p "$VSCODE/node_modules/@vscode/ripgrep/bin"
ln -sfn "$(command -v rg)" "$VSCODE/node_modules/@vscode/ripgrep/bin/rg"
ln -sfn node_modules "$VSCODE/node_modules.asar"
ln -sfn code-linux.sh "$VSCODE/bin/remote-cli/code-server"
ln -sfn browser-linux.sh "$VSCODE/bin/helpers/browser.sh"
(cd "$VSCODE/extensions" && npm install --omit=dev >&2)
npm rebuild argon2 >&2

"$DIR/node_modules/.bin/code-server" --version >&2
touch .installed
echo "$DIR"
