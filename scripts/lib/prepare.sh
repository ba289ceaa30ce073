# Shared by scripts/up.sh and .ci/run: make this machine able to run ThuocDo.
# Idempotent: each step is skipped when already done.

prepare_machine() {
  local need_apt=()
  command -v psql >/dev/null 2>&1 || need_apt+=(postgresql)
  dpkg -s libssl-dev >/dev/null 2>&1 || need_apt+=(libssl-dev)
  dpkg -s zlib1g-dev >/dev/null 2>&1 || need_apt+=(zlib1g-dev)
  command -v g++ >/dev/null 2>&1 && command -v make >/dev/null 2>&1 && command -v python3 >/dev/null 2>&1 || need_apt+=(g++ make python3)
  # What the test suite needs beyond `npm run up`: Chromium for the browser tests; Go with the
  # sprig and yaml libraries to render the Helm charts in the deployment tests.
  if [ "${THUOCDO_TEST_TOOLS:-0}" = 1 ]; then
    [ -x /usr/bin/chromium ] || need_apt+=(chromium)
    command -v go >/dev/null 2>&1 || need_apt+=(golang-go)
    dpkg -s golang-github-masterminds-sprig-dev >/dev/null 2>&1 || need_apt+=(golang-github-masterminds-sprig-dev)
    dpkg -s golang-gopkg-yaml.v3-dev >/dev/null 2>&1 || need_apt+=(golang-gopkg-yaml.v3-dev)
    # The evaluation form's test renders the PDF to an image and reads it back.
    command -v pdftoppm >/dev/null 2>&1 || need_apt+=(poppler-utils)
    command -v tesseract >/dev/null 2>&1 || need_apt+=(tesseract-ocr)
    dpkg -s tesseract-ocr-vie >/dev/null 2>&1 || need_apt+=(tesseract-ocr-vie)
  fi
  if [ ${#need_apt[@]} -gt 0 ]; then
    echo "[prepare] installing Debian packages: ${need_apt[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
  fi

  if ! pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; then
    echo "[prepare] starting PostgreSQL"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -n1)" main start || true
    for _ in $(seq 1 30); do pg_isready -h 127.0.0.1 -p 5432 -q && break; sleep 1; done
  fi

  # The Kafka client builds librdkafka against the system's libssl and zlib (about two minutes
  # the first time); its prebuilt download is not reachable everywhere.
  export CKJS_LINKING=dynamic
  local stamp=node_modules/.thuocdo-installed
  if [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ]; then
    echo "[prepare] installing npm packages"
    # `npm install` rather than `npm ci`: the lock file lists only the platform packages the
    # registry serves (Linux builds of biome, swc, turbo, chdb, …), and `npm ci` refuses a lock
    # without the other platforms' optional packages. The lock still pins every version.
    npm install --no-audit --no-fund --loglevel=error
    touch "$stamp"
  fi
}
