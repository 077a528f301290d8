# Sourced by ./run-tests and ./egret: installs the Debian packages a build or a test needs when their command is
# missing. Each argument is COMMAND:PACKAGE; $installer names the caller in messages.
install_packages() {
  local missing=()
  for pair in "$@"; do command -v "${pair%%:*}" >/dev/null 2>&1 || missing+=("${pair#*:}"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "${installer:-egret}: installing ${missing[*]}" >&2
  local sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null 2>&1 \
    || { $sudo apt-get update -qq >/dev/null 2>&1 && $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null; } \
    || { echo "${installer:-egret}: could not install ${missing[*]}" >&2; exit 2; }
}

# node and npm build the console from source during the Maven build (npm comes with some nodejs packages, so it is
# installed on its own only when still missing)
install_console_toolchain() {
  install_packages node:nodejs
  install_packages npm:npm
}
