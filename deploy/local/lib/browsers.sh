# shellcheck shell=bash
# deploy/local/lib/browsers.sh — sourced by deploy/local/stack; defines functions only.
# `stack browsers`: installs the headless browser the dashboard's browser tests drive (Debian's chromium and
# chromium-driver, used by Selenium in e2e-tests). Idempotent; needs root for apt-get.

CHROMIUM_BIN="${MICROENV_CHROMIUM_BIN:-/usr/bin/chromium}"
CHROMEDRIVER_BIN="${MICROENV_CHROMEDRIVER_BIN:-/usr/bin/chromedriver}"

browsers_present() { [[ -x $CHROMIUM_BIN && -x $CHROMEDRIVER_BIN ]]; }

cmd_browsers() {
  if browsers_present; then
    say "browsers present: $("$CHROMIUM_BIN" --version 2>/dev/null | head -n1), $("$CHROMEDRIVER_BIN" --version 2>/dev/null | cut -d' ' -f1-2)"
    return 0
  fi
  if [[ $(id -u) -ne 0 ]]; then
    die "chromium and chromium-driver are missing; install them as root: sudo apt-get install -y chromium chromium-driver (or run 'sudo deploy/local/stack browsers')"
  fi
  command -v apt-get >/dev/null || die "no apt-get here: install Chromium and its chromedriver yourself and set MICROENV_CHROMIUM_BIN / MICROENV_CHROMEDRIVER_BIN"
  say "installing chromium and chromium-driver with apt-get (a few minutes the first time)…"
  # A stale package list makes apt fetch files that no longer exist: refresh it once and retry.
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium chromium-driver \
    || { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium chromium-driver; } \
    || die "apt-get could not install chromium chromium-driver"
  browsers_present || die "installed, but $CHROMIUM_BIN or $CHROMEDRIVER_BIN is still missing"
  say "browsers installed: $("$CHROMIUM_BIN" --version 2>/dev/null | head -n1)"
}
