# Keystead: `make run` launches the desktop app, `make test` runs every test. Both install what
# they need first (Debian/Ubuntu packages, npm packages, tauri-driver).

SHELL := /bin/bash
export CARGO_PROFILE_DEV_DEBUG ?= 0
APP := target/debug/keystead-desktop
TOOLS := $(CURDIR)/.tools
TAURI_DRIVER := $(TOOLS)/bin/tauri-driver

.PHONY: run test package deps system-deps ui-deps e2e-deps web-deps ui app cli check-rust test-rust check-bindings test-keyring test-fuzz test-ui test-e2e test-web bench clean

run: deps ui app
	@if [ -z "$${DISPLAY:-}" ] && [ -z "$${WAYLAND_DISPLAY:-}" ]; then \
	  echo "make run: no display found (DISPLAY and WAYLAND_DISPLAY are unset)."; \
	  echo "  On a desktop session, run 'make run' there. On a headless machine, run it under Xvfb:"; \
	  echo "    xvfb-run -a make run"; \
	  exit 1; \
	fi
	$(APP)

test: deps check-rust test-rust check-bindings test-keyring test-fuzz test-ui app test-e2e test-web
	@echo "make test: all Rust, UI and end-to-end tests passed"

deps: system-deps ui-deps

system-deps:
	@.ci/install-system-deps

ui-deps:
	@cd ui && { [ -d node_modules ] && [ node_modules/.package-lock.json -nt package-lock.json ] || npm install --no-audit --no-fund; }

e2e-deps:
	@cd tests/e2e && { [ -d node_modules ] && [ node_modules/.package-lock.json -nt package-lock.json ] || npm ci --no-audit --no-fund; }
	@[ -x $(TAURI_DRIVER) ] || cargo install tauri-driver --locked --version 2.1.0 --root $(TOOLS)

web-deps:
	@cd tests/web && { [ -d node_modules ] && [ node_modules/.package-lock.json -nt package-lock.json ] || npm ci --no-audit --no-fund; }

ui: ui-deps
	cd ui && npm run build

# The desktop binary serves ui/dist through Tauri's custom protocol (no dev server needed).
app: ui
	cargo build -p keystead-desktop

cli:
	cargo build -p keystead --bin keystead

check-rust: ui
	cargo fmt --all -- --check
	cargo clippy --workspace --all-targets -- -D warnings

test-rust: ui
	cargo test --workspace

# ts-rs regenerates ui/src/bindings during `cargo test`; committed bindings must match.
check-bindings:
	@git diff --exit-code -- ui/src/bindings || { echo "ui/src/bindings changed: commit the regenerated bindings"; exit 1; }
	@[ -z "$$(git status --porcelain -- ui/src/bindings)" ] || { git status --porcelain -- ui/src/bindings; echo "ui/src/bindings has uncommitted files: commit them"; exit 1; }

# The CLI against a real Secret Service (gnome-keyring on a private D-Bus session). Uses the binary
# `cargo test` built for the integration tests: a separate `cargo build -p keystead` resolves
# features differently and would recompile half the dependency tree.
test-keyring: test-rust
	tests/keyring/run.sh target/debug/keystead

# schemathesis (PyPI) against `keystead serve` with an admin token: no 5xx, every answer fits the
# OpenAPI document. Uses the binary `cargo test` built.
test-fuzz: test-rust
	tests/fuzz/run.sh

test-ui: ui-deps
	cd ui && npm run typecheck && npm run lint && npm test

# The app through WebDriver (tests/e2e), then without it on a private D-Bus session: one app per
# data dir, and the saved window size and position restored (tests/desktop).
test-e2e: e2e-deps app
	KEYSTEAD_E2E_SKIP_BUILD=1 TAURI_DRIVER=$(TAURI_DRIVER) tests/e2e/run.sh
	tests/desktop/run.sh $(APP)

# The web console in Debian's Chromium (playwright-core, never a downloaded browser) against
# `keystead serve`; the binary is rebuilt after `ui` so it embeds the current ui/dist.
# Uses the keystead binary `cargo test` built (it embeds ui/dist, built before it).
test-web: system-deps web-deps test-rust
	KEYSTEAD_WEB_SKIP_BUILD=1 tests/web/run.sh

# The release desktop app and its Debian package, built by the Tauri CLI from ui's npm packages
# (@tauri-apps/cli; nothing is downloaded from outside the registries), with Cargo's `desktop`
# profile (the release profile built for size). Only a .deb is bundled (tauri.conf.json →
# bundle.targets): the AppImage bundler downloads its tools from GitHub.
# Install with: sudo apt install ./target/desktop/bundle/deb/Keystead_*.deb
package: system-deps ui
	cd ui && npm run tauri -- build --ci --bundles deb -- --profile desktop
	@deb="$$(ls -t target/desktop/bundle/deb/*.deb | head -n 1)"; \
	  dpkg-deb -I "$$deb"; dpkg-deb -c "$$deb"; \
	  echo "make package: $$deb ($$(du -h "$$deb" | cut -f1))"; \
	  echo "  install with: sudo apt install ./$$deb"

# Release-build benchmarks; figures go to BENCHMARKS.md with the machine and command.
# The desktop part drives the app built with the `desktop` profile through tauri-driver under Xvfb (benches/desktop.sh).
bench: system-deps e2e-deps ui
	.ci/bench

clean:
	cargo clean
	rm -rf ui/dist ui/node_modules tests/e2e/node_modules tests/web/node_modules $(TOOLS)
