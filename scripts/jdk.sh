# Sourced by ./demo and .ci/run: makes JAVA_HOME point at a JDK 21 or newer when the current
# one (JAVA_HOME, else the java on PATH) is older. Fails with a clear message when none is found.
java_major() {
  "$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}' | cut -d. -f1
}
current_java="${JAVA_HOME:+$JAVA_HOME/bin/java}"
current_java="${current_java:-$(command -v java || true)}"
if [ -z "$current_java" ] || [ "$(java_major "$current_java")" -lt 21 ] 2>/dev/null; then
  for candidate in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-21-jdk-amd64 /usr/lib/jvm/*; do
    if [ -x "$candidate/bin/javac" ] && [ "$(java_major "$candidate/bin/java")" -ge 21 ] 2>/dev/null; then
      export JAVA_HOME="$candidate"
      break
    fi
  done
fi
if [ -n "${JAVA_HOME:-}" ]; then
  export PATH="$JAVA_HOME/bin:$PATH"
fi
if [ "$(java_major "$(command -v java)")" -lt 21 ] 2>/dev/null; then
  echo "Conveyor needs a JDK 21 or newer: set JAVA_HOME to one." >&2
  exit 1
fi
